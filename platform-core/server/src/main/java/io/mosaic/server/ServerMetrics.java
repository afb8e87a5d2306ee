package io.mosaic.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mosaic.hsm.SoftwareKeyService;
import io.mosaic.runtime.MosaicPlatform;

import java.util.concurrent.atomic.AtomicInteger;

/** Prometheus metrics of the server: commands per tenant and type, refused requests, open live streams, tenants, plugins. */
final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger liveStreams = new AtomicInteger();

    ServerMetrics(MosaicPlatform platform) {
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
        return registry.scrape();
    }
}
