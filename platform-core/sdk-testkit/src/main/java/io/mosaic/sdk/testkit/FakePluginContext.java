package io.mosaic.sdk.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.EventStore;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.UndeclaredMessageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The platform as a plugin sees it, in memory: publishes only what the jar's manifest declares. */
public final class FakePluginContext implements PluginContext {
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);

    private final FakeEventStore store;
    private final EventStore events;
    private final Map<String, String> config;
    private final Set<String> declaredPublishes;
    private final PluginId self;
    private final Clock clock;
    private final List<Published> published = new ArrayList<>();

    /** A context of tenant {@code demo} whose clock stands still at {@link #CLOCK}. */
    public FakePluginContext(FakeEventStore store, Map<String, String> config) {
        this(store, config, CLOCK);
    }

    public FakePluginContext(FakeEventStore store, Map<String, String> config, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.config = Map.copyOf(config);
        JsonNode manifest = manifest();
        this.self = new PluginId(manifest.get("id").asText(), manifest.get("version").asText());
        this.declaredPublishes = new HashSet<>();
        manifest.get("publishes").forEach(type -> declaredPublishes.add(type.asText()));
        this.events = store.publishingTo(declaredPublishes::contains, this::publish);
    }

    /** The {@code mosaic-plugin.yaml} of the plugin under test, read from the test's class path. */
    public static JsonNode manifest() {
        try (InputStream in = FakePluginContext.class.getResourceAsStream("/mosaic-plugin.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message as it would go on the bus: its body already written as JSON. */
    public record Published(String type, Object body, String json, Optional<String> entity, Optional<Envelope> cause) {
        public <T> T as(Class<T> target) {
            return Json.read(json, target);
        }
    }

    public synchronized List<Published> published() {
        return List.copyOf(published);
    }

    public synchronized List<Published> published(String type) {
        return published.stream().filter(p -> p.type().equals(type)).toList();
    }

    @Override
    public String tenant() {
        return "demo";
    }

    @Override
    public PluginId self() {
        return self;
    }

    @Override
    public Optional<String> config(String key) {
        return Optional.ofNullable(config.get(key));
    }

    @Override
    public synchronized void publish(Message message) {
        if (!declaredPublishes.contains(message.type())) {
            throw new UndeclaredMessageException(self + " does not declare " + message.type());
        }
        published.add(new Published(message.type(), message.body(), Json.write(message.body()), message.entity(),
                message.cause()));
    }

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
