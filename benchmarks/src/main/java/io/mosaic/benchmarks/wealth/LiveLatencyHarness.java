package io.mosaic.benchmarks.wealth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mosaic.hsm.KeyRef;
import io.mosaic.messaging.Bus;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.messaging.InJvmBus;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.messaging.Subscription;
import io.mosaic.runtime.TenantRuntime;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.Query;
import io.mosaic.demo.FamilyOfficeGenerator;
import io.mosaic.server.MosaicServer;
import io.mosaic.server.ServerOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Event → SSE client latency on the embedded default. Starts a server (H2 journal, in-JVM bus,
 * no logins), loads the Alpstein family office ({@link FamilyOfficeGenerator.Scale#DEMO}), opens the tenant's SSE
 * stream with a plain HTTP client, then records N valuations of the Appenzell chalet (held by Alpstein Immobilien,
 * 100 % of which Alpstein Holding holds, which is in a cross-holding with Alpstein Invest), one every
 * {@code pace} ms, and measures for every event the SSE client saw:
 * <ul>
 * <li>{@code assets.ValuationRecorded}: the event's {@code occurredAt} (set when the assets plugin published it) →
 * the SSE client has parsed the line;</li>
 * <li>{@code consolidation.NetWorthChanged} (every owner): its {@code occurredAt} → SSE client;</li>
 * <li>chain: {@code ValuationRecorded.occurredAt} → the family's {@code NetWorthChanged} at the SSE client
 * (consolidation's bus delivery, the incremental update, the publish, the SSE hop).</li>
 * </ul>
 * Baseline in the same JVM: a fresh {@link InJvmBus}, publish → in-process subscriber, the same number of envelopes
 * at the same pace (plain envelopes: no sealing, no gate).
 *
 * <p>Run from the repository root (needs the plugin jars under {@code plugins/}):
 * {@code java -cp "$(cat benchmarks/target/classpath.txt):benchmarks/target/classes"
 * io.mosaic.benchmarks.wealth.LiveLatencyHarness [N=500] [pace-ms=20]}
 */
public final class LiveLatencyHarness {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASSET = "alp-chalet-appenzell";

    private LiveLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        long paceMs = args.length > 1 ? Long.parseLong(args[1]) : 20;
        int warmup = Math.max(50, n / 5);
        Path root = Path.of(System.getProperty("mosaic.root", "."));
        Path data = Files.createTempDirectory("mosaic-live-latency");
        System.out.printf("live latency: %d valuations (+%d warm-up), one every %d ms; data %s%n", n, warmup, paceMs, data);
        try (MosaicServer server = MosaicServer.start(new ServerOptions(data, root.resolve("tenant-config/tenants"),
                List.of(root.resolve("plugins")), 0, false))) {
            TenantRuntime tenant = server.platform().tenant("demo").orElseThrow();
            FamilyOfficeGenerator.Office office = FamilyOfficeGenerator.generate(FamilyOfficeGenerator.DEMO_SEED,
                    FamilyOfficeGenerator.Scale.DEMO);
            long t0 = System.nanoTime();
            FamilyOfficeGenerator.load(tenant, office, Duration.ofSeconds(120));
            String expected = office.expectedNetWorth(FamilyOfficeGenerator.FAMILY, office.end()).toPlainString();
            awaitNetWorth(tenant, office.end(), expected);
            System.out.printf("office loaded and consolidated in %d ms: %s; family net worth on %s: %s CHF%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), office.counts(), office.end(), expected);

            Sse sse = Sse.open("http://127.0.0.1:" + server.port() + "/api/tenants/demo/events");
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            for (int i = 0; i < warmup + n; i++) {
                if (i == warmup) {
                    sse.reset();
                }
                String body = "{\"assetId\":\"" + ASSET + "\",\"valuationId\":\"bench-" + i + "\",\"amount\":\""
                        + (3_000_000 + i * 100) + ".00\",\"currency\":\"CHF\",\"valuationDate\":\"" + today
                        + "\",\"method\":\"APPRAISAL\",\"appraiser\":\"Latency harness\"}";
                tenant.submit("assets.RecordValuation", body.getBytes(StandardCharsets.UTF_8), FamilyOfficeGenerator.SUBJECT, ASSET);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(paceMs));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sse.valuation.size() < n && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            sse.close();
            List<Long> bus = busBaseline(n, paceMs);
            System.out.println();
            System.out.printf("%-58s %7s %9s %9s %9s%n", "measured (µs)", "count", "p50", "p99", "max");
            print("in-JVM bus alone: publish → in-process subscriber", bus);
            print("assets.ValuationRecorded → SSE client", sse.valuation);
            print("consolidation.NetWorthChanged (all owners) → SSE client", sse.netWorth);
            print("ValuationRecorded → family's NetWorthChanged at SSE", sse.chain);
            System.out.printf("%nratio p99 ValuationRecorded→SSE / bus alone: %.1f×; p50: %.1f×%n",
                    (double) pct(sse.valuation, 99) / Math.max(1, pct(bus, 99)),
                    (double) pct(sse.valuation, 50) / Math.max(1, pct(bus, 50)));
        }
        System.exit(0);
    }

    private static void awaitNetWorth(TenantRuntime tenant, LocalDate asOf, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        String last = "";
        while (System.nanoTime() < deadline) {
            var answer = tenant.query("consolidation", new Query("net-worth", Map.of("owner", FamilyOfficeGenerator.FAMILY,
                    "asOf", asOf.toString(), "currency", "CHF"), FamilyOfficeGenerator.SUBJECT));
            if (answer.isPresent()) {
                last = JSON.readTree(answer.get()).path("netWorth").asText();
                if (last.equals(expected)) {
                    return;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new IllegalStateException("the family's net worth is " + last + ", the generator expects " + expected);
    }

    /** The SSE client: one thread reading lines; latencies in µs. */
    private static final class Sse implements AutoCloseable {
        final List<Long> valuation = Collections.synchronizedList(new ArrayList<>());
        final List<Long> netWorth = Collections.synchronizedList(new ArrayList<>());
        final List<Long> chain = Collections.synchronizedList(new ArrayList<>());
        private volatile Instant lastValuation;
        private final HttpClient http = HttpClient.newHttpClient();
        private Stream<String> lines;

        static Sse open(String url) throws Exception {
            Sse sse = new Sse();
            CountDownLatch open = new CountDownLatch(1);
            HttpResponse<Stream<String>> response = sse.http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("X-Mosaic-Subject", FamilyOfficeGenerator.SUBJECT).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("SSE " + url + " answered " + response.statusCode());
            }
            sse.lines = response.body();
            Thread reader = Thread.ofPlatform().daemon().name("sse-client").start(() -> {
                open.countDown();
                String type = "";
                for (var it = sse.lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith("event:")) {
                        type = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        sse.received(type, line.substring(5).strip(), Instant.now());
                    }
                }
            });
            open.await();
            return sse;
        }

        void received(String type, String data, Instant now) {
            if (!type.equals("assets.ValuationRecorded") && !type.equals("consolidation.NetWorthChanged")) {
                return;
            }
            try {
                JsonNode e = JSON.readTree(data);
                Instant occurred = Instant.parse(e.path("occurredAt").asText());
                long micros = ChronoUnit.MICROS.between(occurred, now);
                if (type.equals("assets.ValuationRecorded")) {
                    valuation.add(micros);
                    lastValuation = occurred;
                } else {
                    netWorth.add(micros);
                    Instant v = lastValuation;
                    if (v != null && e.path("payload").path("ownerId").asText().equals(FamilyOfficeGenerator.FAMILY)) {
                        chain.add(ChronoUnit.MICROS.between(v, now));
                        lastValuation = null;
                    }
                }
            } catch (java.io.IOException bad) {
                throw new java.io.UncheckedIOException("SSE data is not JSON: " + data, bad);
            }
        }

        void reset() {
            valuation.clear();
            netWorth.clear();
            chain.clear();
        }

        @Override
        public void close() {
            lines.close();
            http.close();
        }
    }

    /** Publish → subscriber on a fresh in-JVM bus, plain envelopes carrying their publish time. */
    private static List<Long> busBaseline(int n, long paceMs) {
        List<Long> out = Collections.synchronizedList(new ArrayList<>());
        Map<UUID, Long> sent = new ConcurrentHashMap<>();
        String tenantId = "bench";
        PluginId sender = new PluginId("assets", "1.0.0");
        KeyRef signer = KeyRef.signingKey(tenantId, "assets", 1);
        int warmup = Math.max(50, n / 5);
        try (InJvmBus bus = new InJvmBus();
             Bus.Consumer ignored = bus.subscribe(new Subscription(tenantId, "latency", Set.of("assets"), true), envelope -> {
                 long now = System.nanoTime();
                 Long at = sent.remove(envelope.header().id());
                 if (at != null && ByteBuffer.wrap(envelope.payload()).getLong() >= warmup) {
                     out.add(TimeUnit.NANOSECONDS.toMicros(now - at));
                 }
             })) {
            for (long i = 0; i < warmup + n; i++) {
                UUID id = UUID.randomUUID();
                EnvelopeHeader h = new EnvelopeHeader(id, tenantId, "assets.ValuationRecorded", 1, sender, "advisor",
                        UUID.randomUUID(), null, Instant.now(), ASSET, KeyRef.dataKey(tenantId, ASSET, 1));
                sent.put(id, System.nanoTime());
                bus.publish(new SignedEnvelope(h, ByteBuffer.allocate(8).putLong(i).array(), new byte[64], signer));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(paceMs));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (out.size() < n && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        return out;
    }

    private static long pct(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        if (sorted.isEmpty()) {
            return 0;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void print(String what, List<Long> values) {
        List<Long> copy = new ArrayList<>(values);
        long max = copy.stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf("%-58s %7d %9d %9d %9d%n", what, copy.size(), pct(copy, 50), pct(copy, 99), max);
    }
}
