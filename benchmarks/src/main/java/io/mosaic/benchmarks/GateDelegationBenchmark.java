package io.mosaic.benchmarks;

import io.mosaic.hsm.Encrypted;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.KeyService;
import io.mosaic.hsm.Signer;
import io.mosaic.messaging.EnvelopeCodec;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.messaging.EnvelopeSealer;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.policy.Decision;
import io.mosaic.policy.Gate;
import io.mosaic.policy.GateRequest;
import io.mosaic.policy.RuleSet;
import io.mosaic.sdk.PluginId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gate with subjects and delegation.
 *
 * <ul>
 * <li>{@code decide50RulesDelegation}: what the delivery pipeline pays for the gate per envelope: look up the
 * subject's cached attributes (roles, 25 assigned clients, 5 shares, the shape {@code SubjectDirectory} builds),
 * build the {@link GateRequest}, decide against a 50-rule set: for {@code assets.RecordValuation} from the gateway it
 * walks the 3 delegation deny rules of {@code plugins/assets/policy.yaml}, 6 further deny rules and 3 allow rules with
 * CEL conditions over {@code subject.*} that are false, then allows by rule 50 (CEL: role and
 * {@code envelope.entity in subject.clients}); the other 37 rules are about other types or senders.</li>
 * <li>{@code deliverWithGate} / {@code deliverWithoutGate}: one envelope through the in-JVM delivery steps the runtime
 * runs, synchronously: seal on publish (AES-256-GCM under the entity's data key + Ed25519), verify the signature,
 * the gate as above (or not), decrypt. The difference is the gate's share of the end-to-end delivery time.</li>
 * </ul>
 * Sample time, so JMH reports p50 / p90 / p99 / p99.9.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class GateDelegationBenchmark {
    static final String TYPE = "assets.RecordValuation";
    static final PluginId GATEWAY = new PluginId("platform.gateway", "0.1.0");
    static final String SUBJECT = "advisor-bea";
    static final String CLIENT = "client-17";
    static final String MATCHING_RULE = "assets:advisor-for-assigned-client";
    static final String DELEGATION = "has(subject.roles) && 'advisor' in subject.roles && !('tenant-admin' in subject.roles)";

    private Gate gate;
    private RuleSet rules50;
    private final Map<String, Map<String, Object>> attributeCache = new ConcurrentHashMap<>();
    private Fixtures.Keys keys;
    private KeyService keyService;
    private EnvelopeSealer sealer;
    private Signer signer;
    private KeyRef placeholder;
    private byte[] payload;
    private Set<String> gatewayPublishes;

    @Setup(Level.Trial)
    public void setUp() {
        gate = Gate.forTenant(Fixtures.TENANT);
        rules50 = Fixtures.ruleSet(policy50());
        if (rules50.rules().size() != 50) {
            throw new IllegalStateException("the benchmark rule set has " + rules50.rules().size() + " rules, not 50");
        }
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            clients.add("client-" + i);
        }
        attributeCache.put(SUBJECT, Map.of("subject", Map.of("id", SUBJECT, "roles", List.of("advisor"),
                "clients", List.copyOf(clients), "shared", List.of("family-1", "family-2", "family-3", "family-4", "family-5"))));
        gatewayPublishes = Set.of(TYPE, "assets.RegisterAsset", "assets.AttachEvidence", Fixtures.TYPE);
        keys = new Fixtures.Keys();
        keyService = keys.service;
        sealer = new EnvelopeSealer(keyService);
        signer = keyService.signer(Fixtures.TENANT, GATEWAY.id());
        placeholder = KeyRef.dataKey(Fixtures.TENANT, CLIENT, 1);
        payload = Fixtures.jsonPayload(1024);
        keyService.encrypt(Fixtures.TENANT, CLIENT, payload, new byte[0]); // creates the data key up front
        Decision d = gate.decide(request(UUID.randomUUID(), CLIENT), rules50);
        if (!d.allowed() || !d.rule().equals(MATCHING_RULE)) {
            throw new IllegalStateException("benchmark set-up is wrong: expected an allow by " + MATCHING_RULE + ", got " + d);
        }
        Decision refused = gate.decide(request(UUID.randomUUID(), "client-99"), rules50);
        if (refused.allowed()) {
            throw new IllegalStateException("benchmark set-up is wrong: an unassigned client was allowed: " + refused);
        }
        if (deliverWithGate() != payload.length || deliverWithoutGate() != payload.length) {
            throw new IllegalStateException("benchmark set-up is wrong: delivery does not round-trip the payload");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        keys.close();
    }

    private GateRequest request(UUID id, String entity) {
        return new GateRequest(id, Fixtures.TENANT, Fixtures.TENANT, TYPE, 1, GATEWAY, SUBJECT, entity, gatewayPublishes,
                Fixtures.RECEIVER, Fixtures.GRANTS, attributeCache.getOrDefault(SUBJECT, Map.of()));
    }

    @Benchmark
    public Decision decide50RulesDelegation() {
        return gate.decide(request(UUID.randomUUID(), CLIENT), rules50);
    }

    @Benchmark
    public int deliverWithGate() {
        return deliver(true);
    }

    @Benchmark
    public int deliverWithoutGate() {
        return deliver(false);
    }

    private int deliver(boolean withGate) {
        EnvelopeHeader header = new EnvelopeHeader(UUID.randomUUID(), Fixtures.TENANT, TYPE, 1, GATEWAY, SUBJECT,
                UUID.randomUUID(), null, Instant.now(), CLIENT, placeholder);
        SignedEnvelope envelope = sealer.seal(header, payload, signer);
        EnvelopeHeader h = envelope.header();
        if (!sealer.verify(envelope)) {
            throw new IllegalStateException("signature of " + h.id() + " does not verify");
        }
        if (withGate) {
            Decision decision = gate.decide(new GateRequest(h.id(), h.tenant(), Fixtures.TENANT, h.type(),
                    h.schemaVersion(), h.sender(), h.subject(), h.entityOrNull(), gatewayPublishes, Fixtures.RECEIVER,
                    Fixtures.GRANTS, attributeCache.getOrDefault(h.subject(), Map.of())), rules50);
            if (!decision.allowed()) {
                throw new IllegalStateException("gate denied " + h.id() + ": " + decision);
            }
        }
        return keyService.decrypt(new Encrypted(h.keyRefOrNull(), envelope.payload()), EnvelopeCodec.associatedData(h)).length;
    }

    /** 50 rules of the assets domain; see the class comment for what one decision walks. */
    static String policy50() {
        StringBuilder y = new StringBuilder("domain: assets\nversion: 9\nrules:\n");
        // the delegation rules of plugins/assets/src/main/resources/policy.yaml (3, deny, false here)
        y.append(rule("known-subject-without-role", "deny", TYPE, "'*'", "has(subject.roles) && size(subject.roles) == 0"));
        y.append(rule("family-members-read-only", "deny", TYPE, "'*'",
                "has(subject.roles) && 'family-member' in subject.roles && !subject.roles.exists(r, r in ['tenant-admin', 'advisor', 'client'])"));
        y.append(rule("advisors-for-assigned-clients-only", "deny", TYPE, "'*'", DELEGATION
                + " && has(subject.clients) && !(envelope.entity in subject.clients || envelope.entity == subject.id)"));
        for (int i = 0; i < 6; i++) { // further deny rules on the type, conditions false
            y.append(rule("deny-" + i, "deny", TYPE, "platform.gateway",
                    "envelope.entity in subject.shared && 'family-member' in subject.roles || envelope.entity == 'blocked-" + i + "'"));
        }
        for (int i = 0; i < 37; i++) { // other types and senders: skipped by the index
            String type = i % 2 == 0 ? "custody.PositionChanged" : "market-data.PriceChanged";
            y.append(rule("other-" + i, "allow", type, "sender-" + i, "'advisor' in subject.roles"));
        }
        for (int i = 0; i < 3; i++) { // allow rules on the type whose conditions are false
            y.append(rule("allow-role-" + i, "allow", TYPE, "platform.gateway",
                    "has(subject.roles) && 'role-" + i + "' in subject.roles"));
        }
        y.append(rule("advisor-for-assigned-client", "allow", TYPE, "platform.gateway",
                DELEGATION + " && envelope.entity in subject.clients"));
        return y.toString();
    }

    private static String rule(String id, String effect, String type, String sender, String when) {
        return "  - id: " + id + "\n    effect: " + effect + "\n    types: [" + type + "]\n    senders: [" + sender
                + "]\n    when: \"" + when + "\"\n";
    }
}
