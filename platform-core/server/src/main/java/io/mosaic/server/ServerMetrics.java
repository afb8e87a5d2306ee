package io.mosaic.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mosaic.hsm.SoftwareKeyService;
import io.mosaic.runtime.InstalledPlugin;
import io.mosaic.runtime.MosaicPlatform;
import io.mosaic.runtime.RuntimeObserver;
import io.mosaic.runtime.TenantRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Prometheus metrics of the server: commands per tenant and type, refused requests, open live streams, tenants,
 * plugins; from the runtime, messages delivered per tenant and plugin, refusals per tenant and kind, and the dead
 * letters waiting per tenant and plugin.
 */
final class ServerMetrics implements RuntimeObserver {
    private static final Logger LOG = Logger.getLogger(ServerMetrics.class.getName());
    /**
     * How often the dead letters are counted again at a scrape ({@code -Dmosaic.metrics.dead-letters-ms}, default
     * 30 s): on Pulsar, counting reads the dead-letter topics.
     */
    private static final long DEAD_LETTERS_EVERY_NANOS = java.time.Duration.ofMillis(
            Long.getLong("mosaic.metrics.dead-letters-ms", 30_000)).toNanos();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger liveStreams = new AtomicInteger();
    private final MosaicPlatform platform;
    private final MultiGauge deadLetters;
    private long deadLettersAt;
    private boolean deadLettersCounted;

    ServerMetrics(MosaicPlatform platform) {
        this.platform = platform;
        this.deadLetters = MultiGauge.builder("mosaic_dead_letters")
                .description("messages a plugin's subscription gave up on, waiting to be replayed").register(registry);
        Gauge.builder("mosaic_tenants", platform, p -> p.tenants().size()).register(registry);
        Gauge.builder("mosaic_plugins_installed", platform,
                p -> p.tenants().values().stream().mapToInt(t -> t.installed().size()).sum()).register(registry);
        Gauge.builder("mosaic_live_streams", liveStreams, AtomicInteger::get).register(registry);
        if (platform.keys() instanceof SoftwareKeyService keys) {
            Gauge.builder("mosaic_key_cache_hits", keys, k -> k.metrics().cacheHits()).register(registry);
            Gauge.builder("mosaic_key_cache_misses", keys, k -> k.metrics().cacheMisses()).register(registry);
            Gauge.builder("mosaic_key_unwraps", keys, k -> k.metrics().unwraps()).description("calls into the key store").register(registry);
            Gauge.builder("mosaic_keys_cached", keys, k -> k.metrics().cachedKeys()).register(registry);
        }
        platform.observe(this);
    }

    /** A message a plugin took (the runtime's delivery pipeline let it through and the plugin's handler returned). */
    @Override
    public void delivered(String tenant, String plugin) {
        Counter.builder("mosaic_messages_delivered").description("messages a plugin took")
                .tag("tenant", tenant).tag("plugin", plugin).register(registry).increment();
    }

    /** An audited refusal: {@code kind} command, query, delivery or publish. */
    @Override
    public void denied(String tenant, String kind) {
        Counter.builder("mosaic_gate_denials").description("refusals of the gate and of the delivery pipeline's checks")
                .tag("tenant", tenant).tag("kind", kind).register(registry).increment();
    }

    void command(String tenant, String type) {
        Counter.builder("mosaic_commands").tag("tenant", tenant).tag("type", type).register(registry).increment();
    }

    /** A request refused because {@code limit} ("person" or "tenant") had too many in flight. */
    void throttled(String tenant, String limit) {
        Counter.builder("mosaic_requests_throttled").description("requests refused with 429: too many in flight")
                .tag("tenant", tenant).tag("limit", limit).register(registry).increment();
    }

    void liveStreams(int delta) {
        liveStreams.addAndGet(delta);
    }

    String scrape() {
        countDeadLetters();
        return registry.scrape();
    }

    /** The dead letters per tenant and plugin, counted again when the last count is older than the interval. */
    private synchronized void countDeadLetters() {
        long now = System.nanoTime();
        if (deadLettersCounted && now - deadLettersAt < DEAD_LETTERS_EVERY_NANOS) {
            return;
        }
        deadLettersCounted = true;
        deadLettersAt = now;
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        try {
            for (TenantRuntime tenant : platform.tenants().values()) {
                for (InstalledPlugin plugin : tenant.installed()) {
                    String id = plugin.manifest().plugin().id();
                    rows.add(MultiGauge.Row.of(Tags.of("tenant", tenant.tenant(), "plugin", id),
                            tenant.deadLetters(id).size()));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot count the dead letters; the last count stays", e);
            return;
        }
        deadLetters.register(rows, true);
    }
}
