package io.mosaic.benchmarks;

import io.mosaic.hsm.Encrypted;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.KeyService;
import io.mosaic.hsm.Signer;
import io.mosaic.messaging.Bus;
import io.mosaic.messaging.EnvelopeCodec;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.messaging.EnvelopeSealer;
import io.mosaic.messaging.InJvmBus;
import io.mosaic.messaging.MessageHandler;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.messaging.Subscription;
import io.mosaic.policy.Decision;
import io.mosaic.policy.Gate;
import io.mosaic.policy.GateRequest;
import io.mosaic.policy.RuleSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Throughput of the in-JVM bus, publish to delivered, 1 KiB JSON payloads, 16 entities spread over the consumer's
 * 4 lanes (the bus default). One invocation publishes {@value #BATCH} envelopes from the benchmark thread and
 * returns when the consumer has handled all of them, so one measured operation is one envelope fully delivered.
 *
 * <ul>
 * <li>{@code plain} (baseline): a fresh header per message (same entities), the payload as is, a constant
 * 64-byte dummy signature; the handler only counts.</li>
 * <li>{@code secure}: publish = {@link EnvelopeSealer#seal} (AES-256-GCM under the entity's data key + Ed25519
 * signature); delivery = {@link EnvelopeSealer#verify}, {@link Gate#decide} against the 20-rule set of
 * {@link Fixtures#POLICY_20} (7 CEL conditions), then decryption with {@link KeyService#decrypt}: each step once.</li>
 * <li>{@code secureAsRuntime}: as {@code secure}, but delivery as it was before {@code TenantRuntime.deliver} verified once:
 * verify, gate, then {@link EnvelopeSealer#open}, which verifies the signature a second time before decrypting.</li>
 * </ul>
 * Not included anywhere: JSON serialisation of a record (the payload bytes are made once), deduplication and audit.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Benchmark)
public class BusThroughputBenchmark {
    static final int BATCH = 1000;
    static final int ENTITIES = 16;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Param({"plain", "secure", "secureAsRuntime"})
    public String path;

    private Fixtures.Keys keys;
    private KeyService keyService;
    private EnvelopeSealer sealer;
    private Signer signer;
    private Gate gate;
    private RuleSet ruleSet;
    private InJvmBus bus;
    private Bus.Consumer consumer;
    private byte[] payload;
    private final byte[] dummySignature = new byte[64];
    private final String[] entities = new String[ENTITIES];
    private final KeyRef[] placeholderKeys = new KeyRef[ENTITIES];
    private KeyRef dummySignerKey;

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long target;
    private volatile Thread waiter;
    private volatile String lastFailure;
    private volatile int sink;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() {
        keys = new Fixtures.Keys();
        keyService = keys.service;
        sealer = new EnvelopeSealer(keyService);
        signer = keyService.signer(Fixtures.TENANT, Fixtures.SENDER.id());
        dummySignerKey = signer.keyRef();
        gate = Gate.forTenant(Fixtures.TENANT);
        ruleSet = Fixtures.ruleSet(Fixtures.POLICY_20);
        payload = Fixtures.jsonPayload(1024);
        for (int i = 0; i < ENTITIES; i++) {
            entities[i] = "portfolio-" + i;
            placeholderKeys[i] = KeyRef.dataKey(Fixtures.TENANT, entities[i], 1);
            keyService.encrypt(Fixtures.TENANT, entities[i], payload, new byte[0]); // creates the data key up front
        }
        bus = new InJvmBus();
        MessageHandler handler = switch (path) {
            case "plain" -> this::countOnly;
            case "secure" -> this::verifyGateDecrypt;
            case "secureAsRuntime" -> this::verifyGateOpen;
            default -> throw new IllegalArgumentException("unknown path '" + path + "'");
        };
        consumer = bus.subscribe(new Subscription(Fixtures.TENANT, "bench-" + path, Set.of(Fixtures.DOMAIN), true),
                handler);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        consumer.close();
        bus.close();
        keys.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void publishAndDeliver() {
        long goal = target + BATCH;
        waiter = Thread.currentThread();
        target = goal;
        boolean secure = !path.equals("plain");
        for (int i = 0; i < BATCH; i++) {
            int e = (int) (sequence++ % ENTITIES);
            EnvelopeHeader header = new EnvelopeHeader(UUID.randomUUID(), Fixtures.TENANT, Fixtures.TYPE, 1,
                    Fixtures.SENDER, "advisor-7", UUID.randomUUID(), null, Instant.now(), entities[e], placeholderKeys[e]);
            bus.publish(secure
                    ? sealer.seal(header, payload, signer)
                    : new SignedEnvelope(header, payload, dummySignature, dummySignerKey));
        }
        long deadline = System.nanoTime() + STALL_NANOS;
        while (delivered.get() < goal) {
            LockSupport.parkNanos(this, 200_000);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumer stalled: " + delivered.get() + " of " + goal + " delivered");
            }
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " deliveries failed, last: " + lastFailure);
        }
    }

    private void countOnly(SignedEnvelope envelope) {
        done();
    }

    private void verifyGateDecrypt(SignedEnvelope envelope) {
        EnvelopeHeader h = envelope.header();
        if (!sealer.verify(envelope)) {
            fail("signature of " + h.id() + " does not verify");
            return;
        }
        Decision decision = decide(h);
        if (!decision.allowed()) {
            fail("gate denied " + h.id() + ": " + decision);
            return;
        }
        byte[] plaintext = keyService.decrypt(new Encrypted(h.keyRefOrNull(), envelope.payload()),
                EnvelopeCodec.associatedData(h));
        sink = plaintext.length;
        done();
    }

    private void verifyGateOpen(SignedEnvelope envelope) {
        EnvelopeHeader h = envelope.header();
        if (!sealer.verify(envelope)) {
            fail("signature of " + h.id() + " does not verify");
            return;
        }
        Decision decision = decide(h);
        if (!decision.allowed()) {
            fail("gate denied " + h.id() + ": " + decision);
            return;
        }
        sink = sealer.open(envelope).payload().length;
        done();
    }

    private Decision decide(EnvelopeHeader h) {
        return gate.decide(new GateRequest(h.id(), h.tenant(), Fixtures.TENANT, h.type(), h.schemaVersion(), h.sender(),
                h.subject(), h.entityOrNull(), Fixtures.SENDER_PUBLISHES, Fixtures.RECEIVER, Fixtures.GRANTS,
                Fixtures.ATTRIBUTES), ruleSet);
    }

    private void fail(String problem) {
        lastFailure = problem;
        failures.incrementAndGet();
        done();
    }

    private void done() {
        if (delivered.incrementAndGet() >= target) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }
}
