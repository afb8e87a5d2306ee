package io.mosaic.runtime.isolated;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.AppPlugin;
import io.mosaic.sdk.ConcurrencyConflictException;
import io.mosaic.sdk.EntityForgottenException;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.EventStore;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.MosaicPlugin;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.RecordedEvent;
import io.mosaic.sdk.UndeclaredMessageException;

import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The main class of an untrusted app's own JVM (docs/security.md, "Untrusted apps out of process"). Its class path is the SDK, Jackson
 * and this package; the app jar is loaded in a class loader of its own. Everything the app asks of the platform
 * becomes a request to the parent over stdout; the parent's requests (start, message, query, uninstall, stop)
 * arrive on stdin. The app's own {@code System.out} goes to stderr, so it cannot write on the channel by accident.
 * When the parent closes stdin, the process halts, whatever threads the app left running.
 */
public final class ChildMain {
    private static final Duration TIMEOUT = Duration.ofMillis(Long.getLong("mosaic.isolated.timeout-ms", 10_000));

    private final ObjectMapper mapper = mapper();
    private Channel channel;
    private volatile MosaicPlugin plugin;
    private volatile String tenant;
    private volatile PluginId self;

    private ChildMain() {
    }

    public static void main(String[] args) {
        OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
        InputStream protocolIn = System.in;
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream(new byte[0]));
        ChildMain child = new ChildMain();
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mosaic-child-", 0).factory());
        child.channel = new Channel(protocolIn, protocolOut, child.mapper, child::handle, executor,
                line -> System.err.println("mosaic-child: " + line));
        child.channel.run();
        // the parent closed the channel: nothing the app started may outlive it
        Runtime.getRuntime().halt(0);
    }

    /** The same JSON conventions as the platform's PayloadCodec (BigDecimal as a plain string, ISO dates). */
    static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        mapper.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        return mapper;
    }

    private JsonNode handle(String op, JsonNode body) throws Exception {
        switch (op) {
            case "start" -> {
                start(body);
                return null;
            }
            case "message" -> {
                running().onMessage(new ChildEnvelope(body));
                return null;
            }
            case "query" -> {
                Map<String, String> parameters = new HashMap<>();
                body.path("parameters").properties().forEach(e -> parameters.put(e.getKey(), e.getValue().asText()));
                Optional<Object> answer = running().query(new Query(body.path("name").asText(), parameters,
                        body.path("subject").asText()));
                ObjectNode out = mapper.createObjectNode();
                out.put("present", answer.isPresent());
                answer.ifPresent(a -> out.set("value", mapper.valueToTree(a)));
                return out;
            }
            case "uninstall" -> {
                if (running() instanceof AppPlugin app) {
                    app.onUninstall(Instant.parse(body.path("shredAt").asText()));
                }
                return null;
            }
            case "stop" -> {
                MosaicPlugin p = plugin;
                plugin = null;
                if (p != null) {
                    p.stop();
                }
                return null;
            }
            default -> throw new Channel.Failure("unknown-op", "the child does not know '" + op + "'", null);
        }
    }

    private void start(JsonNode body) throws Exception {
        tenant = body.path("tenant").asText();
        self = new PluginId(body.path("id").asText(), body.path("version").asText());
        URL jar = Path.of(body.path("jar").asText()).toUri().toURL();
        ClassLoader loader = new URLClassLoader("app-" + self.id(), new URL[] {jar}, ChildMain.class.getClassLoader());
        Class<?> entry = Class.forName(body.path("entryClass").asText(), true, loader);
        if (!AppPlugin.class.isAssignableFrom(entry)) {
            throw new Channel.Failure("invalid", entry.getName() + " does not implement " + AppPlugin.class.getName(), null);
        }
        MosaicPlugin instance = (MosaicPlugin) entry.getDeclaredConstructor().newInstance();
        Thread.currentThread().setContextClassLoader(loader);
        instance.start(new ChildContext());
        plugin = instance;
    }

    private MosaicPlugin running() {
        MosaicPlugin p = plugin;
        if (p == null) {
            throw new Channel.Failure("not-started", "the app is not started", null);
        }
        return p;
    }

    /** A call to the parent; its failures become the SDK's exceptions. */
    private JsonNode call(String op, JsonNode body) {
        try {
            return channel.call(op, body, TIMEOUT);
        } catch (Channel.Failure f) {
            JsonNode d = f.detail();
            throw switch (f.kind()) {
                case "undeclared" -> new UndeclaredMessageException(f.getMessage());
                case "too-large" -> new io.mosaic.sdk.AppendTooLargeException(f.getMessage(), d.path("rows").asInt(),
                        d.path("maxRows").asInt());
                case "conflict" -> new ConcurrencyConflictException(d.path("persistenceId").asText(),
                        d.path("expected").asLong(), d.path("actual").asLong());
                case "forgotten" -> new EntityForgottenException(tenant, d.path("entity").asText());
                case "invalid" -> new IllegalArgumentException(f.getMessage());
                default -> new IllegalStateException(f.kind() + ": " + f.getMessage());
            };
        }
    }

    private final class ChildContext implements PluginContext {
        private final EventStore events = new ChildEvents();
        private final Clock clock = new ParentClock();

        @Override
        public String tenant() {
            return tenant;
        }

        @Override
        public PluginId self() {
            return self;
        }

        @Override
        public Optional<String> config(String key) {
            ObjectNode body = mapper.createObjectNode().put("key", key);
            JsonNode value = call("config", body);
            return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
        }

        @Override
        public void publish(Message message) {
            call("publish", messageJson(mapper.createObjectNode(), message));
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

    private ObjectNode messageJson(ObjectNode body, Message message) {
        body.put("type", message.type());
        body.set("body", mapper.valueToTree(message.body()));
        message.entity().ifPresent(e -> body.put("entity", e));
        message.cause().ifPresent(c -> body.put("cause", c.id().toString()));
        return body;
    }

    private final class ChildEvents implements EventStore {
        @Override
        public List<RecordedEvent> load(AggregateRef aggregate) {
            ObjectNode body = mapper.createObjectNode().put("type", aggregate.type()).put("id", aggregate.id());
            JsonNode answer = call("events.load", body);
            List<RecordedEvent> out = new ArrayList<>();
            for (Iterator<JsonNode> it = answer.elements(); it.hasNext(); ) {
                JsonNode e = it.next();
                out.add(new ChildRecorded(e.path("sequence").asLong(), e.path("type").asText(),
                        Instant.parse(e.path("recordedAt").asText()), e.get("data")));
            }
            return out;
        }

        @Override
        public long append(AggregateRef aggregate, long expectedSequence, List<? extends Record> events) {
            return append(aggregate, expectedSequence, events, List.of());
        }

        @Override
        public long append(AggregateRef aggregate, long expectedSequence, List<? extends Record> events,
                           List<Message> publish) {
            ObjectNode body = mapper.createObjectNode().put("type", aggregate.type()).put("id", aggregate.id())
                    .put("expected", expectedSequence);
            ArrayNode list = body.putArray("events");
            for (Record event : events) {
                ObjectNode e = list.addObject();
                e.put("name", event.getClass().getSimpleName());
                e.set("data", mapper.valueToTree(event));
            }
            ArrayNode messages = body.putArray("publish");
            publish.forEach(m -> messageJson(messages.addObject(), m));
            return call("events.append", body).asLong();
        }
    }

    private final class ChildRecorded implements RecordedEvent {
        private final long sequence;
        private final String type;
        private final Instant recordedAt;
        private final JsonNode data;

        ChildRecorded(long sequence, String type, Instant recordedAt, JsonNode data) {
            this.sequence = sequence;
            this.type = type;
            this.recordedAt = recordedAt;
            this.data = data;
        }

        @Override
        public long sequence() {
            return sequence;
        }

        @Override
        public String type() {
            return type;
        }

        @Override
        public Instant recordedAt() {
            return recordedAt;
        }

        @Override
        public <T> T as(Class<T> t) {
            try {
                return mapper.treeToValue(data, t);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("event " + type + " #" + sequence + " is not a " + t.getName(), e);
            }
        }
    }

    /** The platform's clock: every reading is asked of the parent. */
    private final class ParentClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(instant(), zone);
        }

        @Override
        public Instant instant() {
            return Instant.parse(call("clock", null).asText());
        }
    }

    private final class ChildEnvelope implements Envelope {
        private final JsonNode h;
        private final JsonNode payload;

        ChildEnvelope(JsonNode body) {
            this.h = body;
            this.payload = body.get("payload");
        }

        @Override
        public UUID id() {
            return UUID.fromString(h.path("id").asText());
        }

        @Override
        public String tenant() {
            return h.path("tenant").asText();
        }

        @Override
        public String type() {
            return h.path("type").asText();
        }

        @Override
        public int schemaVersion() {
            return h.path("schemaVersion").asInt();
        }

        @Override
        public PluginId sender() {
            return PluginId.parse(h.path("sender").asText());
        }

        @Override
        public String subject() {
            return h.path("subject").asText();
        }

        @Override
        public UUID correlationId() {
            return UUID.fromString(h.path("correlationId").asText());
        }

        @Override
        public Optional<UUID> causationId() {
            return h.hasNonNull("causationId") ? Optional.of(UUID.fromString(h.get("causationId").asText())) : Optional.empty();
        }

        @Override
        public Instant occurredAt() {
            return Instant.parse(h.path("occurredAt").asText());
        }

        @Override
        public Optional<String> entity() {
            return h.hasNonNull("entity") ? Optional.of(h.get("entity").asText()) : Optional.empty();
        }

        @Override
        public <T> T payload(Class<T> type) {
            try {
                return mapper.treeToValue(payload, type);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("payload of " + type() + " is not a " + type.getName() + ": "
                        + e.getOriginalMessage(), e);
            }
        }

        @Override
        public String toString() {
            return type() + " " + id() + " from " + h.path("sender").asText();
        }
    }
}
