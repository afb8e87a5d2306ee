package io.mosaic.runtime;

import io.mosaic.hsm.Signer;
import io.mosaic.messaging.EnvelopeCodec;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.messaging.EnvelopeSealer;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.Query;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Generated attacks through the whole pipeline with the real plugins: nothing with another tenant's id, an
 * undeclared type, a forged sender or a bad signature is ever delivered, and every refusal is audited.
 */
class PipelinePropertiesTest {
    static Path data;
    static MosaicPlatform platform;
    static TenantRuntime demo;
    static final String ASSET = "prop-asset";

    enum Attack { OTHER_TENANT_ID, UNDECLARED_TYPE, FORGED_SENDER, BAD_SIGNATURE, UNKNOWN_SIGNER_VERSION }

    @BeforeContainer
    static void start() throws IOException {
        data = Files.createTempDirectory("mosaic-props");
        platform = MosaicPlatform.embedded(data, "test-password".toCharArray(), Clock.systemUTC());
        demo = TestTenants.withAdmin(platform.createTenant("demo"));
        TestTenants.withAdmin(platform.createTenant("alpine")).install(PluginJars.assets(), Set.of());
        demo.install(PluginJars.assets(), Set.of());
        demo.install(PluginJars.valuationAlerts(), Set.of("assets.valuations.read"));
        demo.submit("assets.RegisterAsset", ("{\"assetId\":\"" + ASSET + "\",\"name\":\"P\",\"assetClass\":\"ART\","
                + "\"owner\":\"o\",\"currency\":\"CHF\",\"description\":\"d\"}").getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, ASSET);
    }

    @AfterContainer
    static void stop() {
        platform.close();
    }

    @Provide
    Arbitrary<String> amounts() {
        return Arbitraries.bigDecimals().between(java.math.BigDecimal.ONE, new java.math.BigDecimal("1000000000"))
                .ofScale(2).map(java.math.BigDecimal::toPlainString);
    }

    @Property(tries = 40)
    void noForgedEnvelopeIsEverDelivered_andEveryRefusalIsAudited(@ForAll Attack attack, @ForAll("amounts") String amount,
                                                                  @ForAll boolean withEntity) {
        String valuationId = "forged-" + UUID.randomUUID();
        byte[] payload = ("{\"assetId\":\"" + ASSET + "\",\"valuationId\":\"" + valuationId + "\",\"amount\":\"" + amount
                + "\",\"currency\":\"CHF\",\"valuationDate\":\"2025-06-30\"}").getBytes(StandardCharsets.UTF_8);
        String entity = withEntity ? ASSET : null;
        SignedEnvelope forged = switch (attack) {
            case OTHER_TENANT_ID -> {
                // a real key of tenant alpine's assets installation signs an envelope claiming tenant demo
                Signer alpine = platform.keys().signer("alpine", "assets");
                yield raw(header("assets", entity), payload, alpine);
            }
            case UNDECLARED_TYPE -> {
                // the app's own key, a type its manifest does not publish
                yield new EnvelopeSealer(platform.keys()).seal(header("valuation-alerts", entity), payload,
                        platform.keys().signer("demo", "valuation-alerts"));
            }
            case FORGED_SENDER -> raw(header("assets", entity), payload, platform.keys().signer("demo", "valuation-alerts"));
            case BAD_SIGNATURE -> {
                SignedEnvelope good = new EnvelopeSealer(platform.keys()).seal(header("assets", entity), payload,
                        platform.keys().signer("demo", "assets"));
                byte[] sig = good.signature().clone();
                sig[sig.length - 1] ^= 0x40;
                yield new SignedEnvelope(good.header(), good.payload(), sig, good.signerKeyRef());
            }
            case UNKNOWN_SIGNER_VERSION -> {
                SignedEnvelope good = new EnvelopeSealer(platform.keys()).seal(header("assets", entity), payload,
                        platform.keys().signer("demo", "assets"));
                yield new SignedEnvelope(good.header(), good.payload(), good.signature(),
                        new io.mosaic.hsm.KeyRef("demo", "assets/sig", 99));
            }
        };
        platform.bus().publish(forged);

        String id = forged.header().id().toString();
        await().atMost(Duration.ofSeconds(10)).until(() -> demo.audit().recent("demo", 200).stream()
                .anyMatch(r -> r.reference().equals(id) && r.kind().equals("delivery-denied")));
        assertThat(processed()).doesNotContain(valuationId);
        assertThat(demo.audit().recent("demo", 200)).filteredOn(r -> r.reference().equals(id))
                .allSatisfy(r -> assertThat(r.rule()).startsWith("builtin:"));
    }

    private static EnvelopeHeader header(String senderId, String entity) {
        return new EnvelopeHeader(UUID.randomUUID(), "demo", "assets.ValuationRecorded", 1, new PluginId(senderId, "0.1.0"),
                "attacker", UUID.randomUUID(), null, Instant.now(), entity,
                entity == null ? null : io.mosaic.hsm.KeyRef.dataKey("demo", entity, 1));
    }

    private static SignedEnvelope raw(EnvelopeHeader header, byte[] payload, Signer signer) {
        return new SignedEnvelope(header, payload, signer.sign(EnvelopeCodec.signedBytes(header, payload)), signer.keyRef());
    }

    private static List<String> processed() {
        byte[] json = demo.query("valuation-alerts", new Query("processed", Map.of("assetId", ASSET), TestTenants.ADMIN)).orElseThrow();
        String text = new String(json, StandardCharsets.UTF_8).replaceAll("[\\[\\]\"]", "");
        return text.isBlank() ? List.of() : List.of(text.split(","));
    }
}
