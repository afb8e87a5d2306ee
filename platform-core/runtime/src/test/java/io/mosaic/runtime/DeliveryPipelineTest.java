package io.mosaic.runtime;

import io.mosaic.hsm.Signer;
import io.mosaic.messaging.Bus;
import io.mosaic.messaging.EnvelopeCodec;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.messaging.EnvelopeSealer;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.messaging.Subscription;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attacks on the delivery pipeline with the real plugins: each forged envelope is refused before plugin code (the
 * valuation-alerts app never records it) and written to the audit trail with the check that refused it.
 */
class DeliveryPipelineTest {
    @TempDir
    static Path data;
    static MosaicPlatform platform;
    static TenantRuntime demo;
    static TenantRuntime alpine;
    static final List<SignedEnvelope> wire = new CopyOnWriteArrayList<>();
    static Bus.Consumer spy;

    @BeforeAll
    static void start() {
        platform = MosaicPlatform.embedded(data, "test-password".toCharArray(), Clock.systemUTC());
        demo = TestTenants.withAdmin(platform.createTenant("demo"));
        alpine = TestTenants.withAdmin(platform.createTenant("alpine"));
        for (TenantRuntime t : List.of(demo, alpine)) {
            t.install(PluginJars.assets(), Set.of());
            t.install(PluginJars.valuationAlerts(), Set.of("assets.valuations.read"));
        }
        spy = platform.bus().subscribe(new Subscription("demo", "test-spy", Set.of("assets"), true), wire::add);
    }

    @AfterAll
    static void stop() {
        spy.close();
        platform.close();
    }

    static String register(TenantRuntime t, String name) {
        String id = "asset-" + UUID.randomUUID();
        t.submit("assets.RegisterAsset", ("{\"assetId\":\"" + id + "\",\"name\":\"" + name + "\",\"assetClass\":\"ART\","
                + "\"owner\":\"family-x\",\"currency\":\"CHF\",\"description\":\"test\"}").getBytes(StandardCharsets.UTF_8),
                TestTenants.ADMIN, id);
        return id;
    }

    static void value(TenantRuntime t, String assetId, String valuationId, String amount) {
        t.submit("assets.RecordValuation", ("{\"assetId\":\"" + assetId + "\",\"valuationId\":\"" + valuationId
                + "\",\"amount\":\"" + amount + "\",\"currency\":\"CHF\",\"valuationDate\":\"2025-01-31\","
                + "\"method\":\"APPRAISAL\",\"appraiser\":\"\"}").getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, assetId);
    }

    static List<String> processedByApp(TenantRuntime t, String assetId) {
        byte[] json = t.query("valuation-alerts", new Query("processed", Map.of("assetId", assetId), TestTenants.ADMIN)).orElseThrow();
        String text = new String(json, StandardCharsets.UTF_8).replaceAll("[\\[\\]\"]", "");
        return text.isBlank() ? List.of() : List.of(text.split(","));
    }

    /** A legitimate ValuationRecorded of a fresh asset, as it went over the wire. */
    static SignedEnvelope capturedValuation(String assetId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> wire.stream().anyMatch(e -> isValuationOf(e, assetId)));
        return wire.stream().filter(e -> isValuationOf(e, assetId)).findFirst().orElseThrow();
    }

    static boolean isValuationOf(SignedEnvelope e, String assetId) {
        return e.header().type().equals("assets.ValuationRecorded") && assetId.equals(e.header().entityOrNull());
    }

    static AuditRecord awaitAudit(TenantRuntime t, UUID envelopeId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> t.audit().recent(t.tenant(), 500).stream()
                .anyMatch(r -> r.reference().equals(envelopeId.toString())));
        return t.audit().recent(t.tenant(), 500).stream().filter(r -> r.reference().equals(envelopeId.toString()))
                .findFirst().orElseThrow();
    }

    /** Signs like a sender would, without the sealer's own checks (an attacker holding some key). */
    static SignedEnvelope signRaw(EnvelopeHeader header, byte[] payload, Signer signer) {
        return new SignedEnvelope(header, payload, signer.sign(EnvelopeCodec.signedBytes(header, payload)), signer.keyRef());
    }

    @Test
    void legitimateValuation_reachesTheApp() {
        String asset = register(demo, "Legit");
        value(demo, asset, "v1", "100.00");
        await().atMost(Duration.ofSeconds(10)).until(() -> processedByApp(demo, asset).equals(List.of("v1")));
    }

    @Test
    void tamperedEnvelope_isRejectedBeforePluginCode_andAudited() {
        String asset = register(demo, "Tamper target");
        value(demo, asset, "v1", "100.00");
        SignedEnvelope original = capturedValuation(asset);
        await().atMost(Duration.ofSeconds(10)).until(() -> processedByApp(demo, asset).equals(List.of("v1")));

        byte[] payload = original.payload().clone();
        payload[payload.length / 2] ^= 0x01;
        EnvelopeHeader renamed = new EnvelopeHeader(UUID.randomUUID(), "demo", original.header().type(), 1,
                original.header().sender(), original.header().subject(), original.header().correlationId(), null,
                original.header().occurredAt(), asset, original.header().keyRefOrNull());
        platform.bus().publish(new SignedEnvelope(renamed, payload, original.signature(), original.signerKeyRef()));

        AuditRecord audit = awaitAudit(demo, renamed.id());
        assertThat(audit.kind()).isEqualTo("delivery-denied");
        assertThat(audit.rule()).isEqualTo("builtin:signature");
        assertThat(processedByApp(demo, asset)).containsExactly("v1");
    }

    @Test
    void replayedEnvelope_isRejectedBeforePluginCode_andAudited() {
        String asset = register(demo, "Replay target");
        value(demo, asset, "v1", "100.00");
        SignedEnvelope original = capturedValuation(asset);
        await().atMost(Duration.ofSeconds(10)).until(() -> processedByApp(demo, asset).equals(List.of("v1")));

        platform.bus().publish(original);

        AuditRecord audit = awaitAudit(demo, original.header().id());
        assertThat(audit.rule()).isEqualTo("builtin:replay");
        assertThat(audit.reason()).contains("valuation-alerts");
        assertThat(processedByApp(demo, asset)).containsExactly("v1");
    }

    @Test
    void envelopeWithAnotherTenantsId_isRejectedBeforePluginCode_andAudited() {
        String asset = register(demo, "Cross-tenant target");
        value(demo, asset, "v1", "100.00");
        SignedEnvelope original = capturedValuation(asset);
        await().atMost(Duration.ofSeconds(10)).until(() -> processedByApp(demo, asset).equals(List.of("v1")));

        // alpine's assets installation signs an envelope that claims to be demo's
        Signer alpineAssets = platform.keys().signer("alpine", "assets");
        EnvelopeHeader forged = new EnvelopeHeader(UUID.randomUUID(), "demo", "assets.ValuationRecorded", 1,
                original.header().sender(), "attacker", UUID.randomUUID(), null, Instant.now(), null, null);
        byte[] payload = ("{\"assetId\":\"" + asset + "\",\"valuationId\":\"v-forged\",\"amount\":\"1.00\","
                + "\"currency\":\"CHF\",\"valuationDate\":\"2025-02-28\"}").getBytes(StandardCharsets.UTF_8);
        platform.bus().publish(signRaw(forged, payload, alpineSigner(alpineAssets)));

        AuditRecord audit = awaitAudit(demo, forged.id());
        assertThat(audit.kind()).isEqualTo("delivery-denied");
        assertThat(audit.rule()).isIn("builtin:signature", "builtin:signer-binding", "builtin:tenant");
        assertThat(processedByApp(demo, asset)).containsExactly("v1");
        assertThat(alpine.audit().recent("alpine", 500)).noneMatch(r -> r.reference().equals(forged.id().toString()));
    }

    private static Signer alpineSigner(Signer s) {
        assertThat(s.keyRef().tenant()).isEqualTo("alpine");
        return s;
    }

    @Test
    void messageTypeTheSenderDidNotDeclare_isRejectedBeforePluginCode_andAudited() {
        String asset = register(demo, "Undeclared target");
        value(demo, asset, "v1", "100.00");
        await().atMost(Duration.ofSeconds(10)).until(() -> processedByApp(demo, asset).equals(List.of("v1")));

        // the app's own, genuine key signs a type its manifest does not declare it publishes
        Signer app = platform.keys().signer("demo", "valuation-alerts");
        EnvelopeHeader header = new EnvelopeHeader(UUID.randomUUID(), "demo", "assets.ValuationRecorded", 1,
                new PluginId("valuation-alerts", "0.1.0"), "attacker", UUID.randomUUID(), null, Instant.now(),
                null, null);
        byte[] payload = ("{\"assetId\":\"" + asset + "\",\"valuationId\":\"v-undeclared\",\"amount\":\"1.00\","
                + "\"currency\":\"CHF\",\"valuationDate\":\"2025-03-31\"}").getBytes(StandardCharsets.UTF_8);
        platform.bus().publish(new EnvelopeSealer(platform.keys()).seal(header, payload, app));

        AuditRecord audit = awaitAudit(demo, header.id());
        assertThat(audit.rule()).isEqualTo("builtin:sender-declares");
        assertThat(processedByApp(demo, asset)).containsExactly("v1");
    }

    @Test
    void forgedSender_isRejectedBeforePluginCode_andAudited() {
        String asset = register(demo, "Forged sender target");
        value(demo, asset, "v1", "100.00");
        await().atMost(Duration.ofSeconds(10)).until(() -> processedByApp(demo, asset).equals(List.of("v1")));

        // signed with the app's key, but claiming to come from the assets domain
        Signer app = platform.keys().signer("demo", "valuation-alerts");
        EnvelopeHeader header = new EnvelopeHeader(UUID.randomUUID(), "demo", "assets.ValuationRecorded", 1,
                new PluginId("assets", "0.1.0"), "attacker", UUID.randomUUID(), null, Instant.now(), null, null);
        byte[] payload = ("{\"assetId\":\"" + asset + "\",\"valuationId\":\"v-forged-sender\",\"amount\":\"1.00\","
                + "\"currency\":\"CHF\",\"valuationDate\":\"2025-04-30\"}").getBytes(StandardCharsets.UTF_8);
        platform.bus().publish(signRaw(header, payload, app));

        AuditRecord audit = awaitAudit(demo, header.id());
        assertThat(audit.rule()).isIn("builtin:signature", "builtin:signer-binding");
        assertThat(processedByApp(demo, asset)).containsExactly("v1");
    }

    @Test
    void appWithoutTheGrantedScope_receivesNothing_andTheDenialIsAudited() {
        // in alpine, reinstall the app without consent to its scope: the app's rule set requires the grant
        alpine.uninstall("valuation-alerts");
        alpine.install(PluginJars.valuationAlerts(), Set.of());
        try {
            String asset = register(alpine, "No grant");
            value(alpine, asset, "v1", "100.00");
            await().atMost(Duration.ofSeconds(10)).until(() -> alpine.audit().recent("alpine", 200).stream()
                    .anyMatch(r -> r.kind().equals("delivery-denied") && r.rule().equals("builtin:default-deny")
                            && r.messageType().equals("assets.ValuationRecorded") && r.reason().contains("valuation-alerts")));
            assertThat(processedByApp(alpine, asset)).isEmpty();
        } finally {
            alpine.uninstall("valuation-alerts");
            alpine.install(PluginJars.valuationAlerts(), Set.of("assets.valuations.read"));
        }
    }

    @Test
    void poisonMessage_endsInTheDeadLetters_andAFailedReplayKeepsIt() {
        // a genuine envelope of the assets domain whose payload the app cannot read
        EnvelopeHeader header = new EnvelopeHeader(UUID.randomUUID(), "demo", "assets.ValuationRecorded", 1,
                new PluginId("assets", "0.1.0"), TestTenants.ADMIN, UUID.randomUUID(), null, Instant.now(), null, null);
        platform.bus().publish(new EnvelopeSealer(platform.keys()).seal(header, "not json".getBytes(StandardCharsets.UTF_8),
                platform.keys().signer("demo", "assets")));

        await().atMost(Duration.ofSeconds(20)).until(() -> demo.deadLetters("valuation-alerts").stream()
                .anyMatch(h -> h.id().equals(header.id())));
        assertThat(demo.replayDeadLetter("valuation-alerts", header.id(), "operator-test")).isFalse();
        assertThat(demo.deadLetters("valuation-alerts")).extracting(EnvelopeHeader::id).contains(header.id());
        assertThat(demo.audit().recent("demo", 100)).anyMatch(r -> r.kind().equals("dead-letter-replay-failed")
                && r.reference().equals(header.id().toString()));
    }
}
