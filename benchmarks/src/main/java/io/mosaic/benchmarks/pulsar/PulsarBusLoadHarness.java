package io.mosaic.benchmarks.pulsar;

import io.mosaic.hsm.Encrypted;
import io.mosaic.hsm.InMemoryWrappedKeyRepository;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.Signer;
import io.mosaic.hsm.SoftwareKeyService;
import io.mosaic.local.pulsar.PulsarLauncher;
import io.mosaic.messaging.EnvelopeCodec;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.messaging.EnvelopeSealer;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.messaging.Subscription;
import io.mosaic.messaging.pulsar.PulsarBus;
import io.mosaic.messaging.pulsar.PulsarBusConfig;
import io.mosaic.messaging.pulsar.PulsarTenancy;
import io.mosaic.policy.Decision;
import io.mosaic.policy.Gate;
import io.mosaic.policy.GateRequest;
import io.mosaic.policy.RuleSet;
import io.mosaic.policy.RuleSets;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load harness, not JMH: a broker and the network are in the loop, and percentiles of end-to-end latency are what
 * matters. One run, one local broker (started here, or the one named by {@code MOSAIC_PULSAR_*} variables), 1 KiB
 * payloads, {@value #PUBLISHERS} publishing threads each waiting for the broker's confirmation of every message
 * (as {@link io.mosaic.messaging.Bus#publish} does), one subscriber, {@value #ENTITIES} entities as keys.
 *
 * <ul>
 * <li>{@code raw} (baseline): the Pulsar client directly, same producer settings as the bus (no batching),
 * Key_Shared consumer that only counts.</li>
 * <li>{@code mosaic}: {@link PulsarBus} with the whole security path: publish = {@link EnvelopeSealer#seal}
 * (AES-256-GCM under the entity's data key + Ed25519 signature) + codec; delivery = codec, signature verification,
 * a gate decision (a 4-rule set with one CEL condition), decryption.</li>
 * </ul>
 * Latency = from before the publish (before sealing, for {@code mosaic}) to the end of the handler, per message.
 * Usage: {@code java -cp … io.mosaic.benchmarks.pulsar.PulsarBusLoadHarness [messages-per-run]}.
 */
public final class PulsarBusLoadHarness {
    static final int PUBLISHERS = 8;
    static final int ENTITIES = 64;
    static final int PAYLOAD = 1024;
    static final String TENANT = "bench";
    static final String TYPE = "custody.PositionChanged";
    static final PluginId SENDER = new PluginId("custody", "1.0.0");
    static final PluginManifest RECEIVER = new PluginManifest(new PluginId("assets", "1.0.0"), "Mosaic", PluginKind.DOMAIN,
            "assets", "io.mosaic.plugins.assets.AssetsPlugin", List.of(TYPE), List.of("assets.ValuationRecorded"),
            List.of(), Map.of());
    static final String POLICY = """
            domain: assets
            version: 1
            rules:
              - id: quarantined-sender
                effect: deny
                types: ["custody.*"]
                senders: [quarantine]
              - id: accounts
                types: [custody.AccountOpened]
                senders: [custody]
              - id: positions-for-advisors
                types: [custody.PositionChanged]
                senders: [custody]
                when: "envelope.entity != '' && has(subject.roles) && 'advisor' in subject.roles"
              - id: everything-for-operators
                types: ["custody.*"]
                senders: ["*"]
                when: "has(subject.roles) && 'operator' in subject.roles"
            """;

    record Result(String path, int messages, double seconds, long p50Micros, long p99Micros, long maxMicros) {
        double perSecond() {
            return messages / seconds;
        }

        @Override
        public String toString() {
            return String.format("%-7s %,7d msgs in %6.2f s = %,9.0f msg/s   latency p50 %,7d µs  p99 %,7d µs  max %,8d µs",
                    path, messages, seconds, perSecond(), p50Micros, p99Micros, maxMicros);
        }
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmup = Math.max(2_000, messages / 5);
        String serviceUrl = System.getenv("MOSAIC_PULSAR_SERVICE_URL");
        PulsarLauncher launcher = null;
        PulsarLauncher.Endpoints endpoints;
        if (serviceUrl == null) {
            launcher = PulsarLauncher.inFreshRunFolder();
            endpoints = launcher.start();
        } else {
            endpoints = new PulsarLauncher.Endpoints(serviceUrl, System.getenv("MOSAIC_PULSAR_ADMIN_URL"),
                    Path.of(System.getenv("MOSAIC_PULSAR_SECRET_KEY_FILE")),
                    Files.readString(Path.of(System.getenv("MOSAIC_PULSAR_TOKEN_FILE"))).trim());
        }
        try (PulsarTenancy tenancy = PulsarTenancy.connect(endpoints.adminUrl(), endpoints.superuserToken(),
                endpoints.secretKeyFile())) {
            tenancy.provisionTenant(TENANT, List.of("custody", "raw"));
            System.out.printf("1 KiB messages, %d publishing threads, %d entities, %,d measured messages per path after %,d"
                    + " warm-up%n", PUBLISHERS, ENTITIES, messages, warmup);
            // alternate raw and mosaic twice: the machine is shared, so the order of runs should not decide
            for (int round = 1; round <= 2; round++) {
                Result raw = raw(endpoints, warmup, messages, "raw-" + round);
                System.out.println("round " + round + ": " + raw);
                Result secure = mosaic(endpoints, warmup, messages, "mosaic-" + round);
                System.out.println("round " + round + ": " + secure);
                System.out.printf("round %d: mosaic/raw throughput %.1f %%, p99 difference %+.2f ms%n", round,
                        100 * secure.perSecond() / raw.perSecond(), (secure.p99Micros() - raw.p99Micros()) / 1000.0);
            }
        } finally {
            if (launcher != null) {
                launcher.close();
            }
        }
    }

    /** The baseline: Pulsar client, blocking sends from {@value #PUBLISHERS} threads, a Key_Shared consumer that counts. */
    static Result raw(PulsarLauncher.Endpoints endpoints, int warmup, int messages, String subscription) throws Exception {
        String topic = "persistent://" + TENANT + "/raw/messages";
        try (PulsarClient client = PulsarClient.builder().serviceUrl(endpoints.serviceUrl())
                .authentication(AuthenticationFactory.token(endpoints.superuserToken())).ioThreads(2).listenerThreads(1).build()) {
            Recorder recorder = new Recorder(warmup + messages, warmup);
            try (Consumer<byte[]> consumer = client.newConsumer().topic(topic).subscriptionName(subscription)
                    .subscriptionType(SubscriptionType.Key_Shared)
                    .subscriptionInitialPosition(SubscriptionInitialPosition.Latest).receiverQueueSize(1000)
                    .messageListener((c, m) -> {
                        long sent = ByteBuffer.wrap(m.getValue()).getLong();
                        c.acknowledgeAsync(m);
                        recorder.done(sent);
                    }).subscribe();
                 Producer<byte[]> producer = client.newProducer().topic(topic).enableBatching(false)
                         .blockIfQueueFull(true).sendTimeout(5, TimeUnit.SECONDS).create()) {
                runPublishers(warmup + messages, recorder, i -> {
                    byte[] payload = new byte[PAYLOAD];
                    ByteBuffer.wrap(payload).putLong(System.nanoTime());
                    producer.newMessage().key("portfolio-" + (i % ENTITIES)).value(payload).send();
                });
                return recorder.result(subscription);
            }
        }
    }

    /** The Mosaic bus on Pulsar with the whole security path on both sides. */
    static Result mosaic(PulsarLauncher.Endpoints endpoints, int warmup, int messages, String subscription) throws Exception {
        Path keyFolder = Files.createTempDirectory("mosaic-pulsar-bench-keys");
        try (SoftwareKeyService keys = SoftwareKeyService.open(keyFolder.resolve("keys.p12"), "bench".toCharArray(),
                new InMemoryWrappedKeyRepository(), Clock.systemUTC());
             PulsarBus bus = PulsarBus.connect(PulsarBusConfig.of(endpoints.serviceUrl(), endpoints.adminUrl(),
                     endpoints.superuserToken()))) {
            keys.createTenantKey(TENANT);
            EnvelopeSealer sealer = new EnvelopeSealer(keys);
            Signer signer = keys.signer(TENANT, SENDER.id());
            byte[] json = jsonPayload();
            String[] entities = new String[ENTITIES];
            KeyRef[] placeholders = new KeyRef[ENTITIES];
            for (int i = 0; i < ENTITIES; i++) {
                entities[i] = "portfolio-" + i;
                placeholders[i] = KeyRef.dataKey(TENANT, entities[i], 1);
                keys.encrypt(TENANT, entities[i], json, new byte[0]); // the data key exists before measuring
            }
            Gate gate = Gate.forTenant(TENANT);
            RuleSet rules = RuleSets.parse("bench/policy.yaml", POLICY);
            Map<UUID, Long> started = new ConcurrentHashMap<>();
            Recorder recorder = new Recorder(warmup + messages, warmup);
            AtomicReference<String> failure = new AtomicReference<>();
            bus.subscribe(new Subscription(TENANT, subscription, Set.of("custody"), true), envelope -> {
                EnvelopeHeader h = envelope.header();
                if (!sealer.verify(envelope)) {
                    failure.set("signature of " + h.id() + " does not verify");
                }
                Decision decision = gate.decide(new GateRequest(h.id(), h.tenant(), TENANT, h.type(), h.schemaVersion(),
                        h.sender(), h.subject(), h.entityOrNull(), Set.of(TYPE), RECEIVER, Set.of(),
                        Map.of("subject", Map.of("roles", List.of("advisor")))), rules);
                if (!decision.allowed()) {
                    failure.set("gate denied " + h.id() + ": " + decision);
                }
                byte[] plaintext = keys.decrypt(new Encrypted(h.keyRefOrNull(), envelope.payload()), EnvelopeCodec.associatedData(h));
                if (plaintext.length != PAYLOAD) {
                    failure.set("decrypted " + plaintext.length + " bytes");
                }
                recorder.done(started.remove(h.id()));
            });
            runPublishers(warmup + messages, recorder, i -> {
                int e = i % ENTITIES;
                long t0 = System.nanoTime();
                EnvelopeHeader header = new EnvelopeHeader(UUID.randomUUID(), TENANT, TYPE, 1, SENDER, "advisor-7",
                        UUID.randomUUID(), null, Instant.now(), entities[e], placeholders[e]);
                started.put(header.id(), t0);
                SignedEnvelope sealed = sealer.seal(header, json, signer);
                bus.publish(sealed);
            });
            if (failure.get() != null) {
                throw new IllegalStateException("the secure path failed: " + failure.get());
            }
            return recorder.result(subscription);
        } finally {
            try (var files = Files.walk(keyFolder)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    interface Send {
        void send(int index) throws Exception;
    }

    private static void runPublishers(int total, Recorder recorder, Send send) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> error = new AtomicReference<>();
        Thread[] threads = new Thread[PUBLISHERS];
        for (int t = 0; t < PUBLISHERS; t++) {
            threads[t] = Thread.ofPlatform().name("bench-publisher-" + t).start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total && error.get() == null) {
                    try {
                        send.send(i);
                    } catch (Exception e) {
                        error.compareAndSet(null, e);
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        if (error.get() != null) {
            throw new IllegalStateException("publishing failed", error.get());
        }
        if (!recorder.all.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + recorder.count.get() + " of " + total + " messages arrived");
        }
    }

    /** Latencies of the messages after the warm-up, and the time from the first to the last measured delivery. */
    static final class Recorder {
        final int warmup;
        final long[] latencies;
        final AtomicInteger count = new AtomicInteger();
        final AtomicLong measureStart = new AtomicLong();
        final AtomicLong measureEnd = new AtomicLong();
        final CountDownLatch all;

        Recorder(int total, int warmup) {
            this.warmup = warmup;
            this.latencies = new long[total - warmup];
            this.all = new CountDownLatch(total);
        }

        void done(Long startedNanos) {
            long now = System.nanoTime();
            int n = count.getAndIncrement();
            if (n == warmup) {
                measureStart.set(now);
            }
            if (n >= warmup && n - warmup < latencies.length && startedNanos != null) {
                latencies[n - warmup] = now - startedNanos;
                measureEnd.set(Math.max(measureEnd.get(), now));
            }
            all.countDown();
        }

        Result result(String path) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            double seconds = (measureEnd.get() - measureStart.get()) / 1e9;
            return new Result(path, sorted.length, seconds, sorted[sorted.length / 2] / 1000,
                    sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1000, sorted[sorted.length - 1] / 1000);
        }
    }

    static byte[] jsonPayload() {
        String head = "{\"account\":\"CH93-0076-2011-6238-5295-7\",\"instrument\":\"CH0038863350\",\"quantity\":\"1250.000\",\"note\":\"";
        String tail = "\"}";
        return (head + "x".repeat(PAYLOAD - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
    }
}
