package io.mosaic.runtime;

import io.mosaic.hsm.Pkcs11KeyService;
import io.mosaic.sdk.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The platform with its keys in SoftHSM2 by the one configuration switch of docs/keys.md (keys.backend = pkcs11). */
class SoftHsmPlatformTest {
    static final Path ROOT = Path.of("target", "softhsm").toAbsolutePath();
    static final String LABEL = "mosaic-platform-test";

    @TempDir
    Path data;

    @Test
    void platformRunsWithItsKeysInSoftHsm() throws Exception {
        Map<String, String> keys = io.mosaic.hsm.SoftHsmTokens.freshToken(ROOT, LABEL, "1234-platform");
        try (MosaicPlatform platform = MosaicPlatform.embedded(data, keys, new char[0], Clock.systemUTC())) {
            assertThat(platform.keys()).isInstanceOf(Pkcs11KeyService.class);
            TenantRuntime demo = TestTenants.withAdmin(platform.createTenant("demo"));
            demo.install(PluginJars.assets(), Set.of());
            demo.install(PluginJars.valuationAlerts(), Set.of("assets.valuations.read"));
            demo.submit("assets.RegisterAsset", ("{\"assetId\":\"hsm-asset\",\"name\":\"In the HSM\",\"assetClass\":\"ART\","
                    + "\"owner\":\"o\",\"currency\":\"CHF\",\"description\":\"d\"}").getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, "hsm-asset");
            demo.submit("assets.RecordValuation", ("{\"assetId\":\"hsm-asset\",\"valuationId\":\"h1\",\"amount\":\"5.00\","
                    + "\"currency\":\"CHF\",\"valuationDate\":\"2025-01-01\",\"method\":\"MODEL\",\"appraiser\":\"\"}")
                    .getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, "hsm-asset");
            await().atMost(Duration.ofSeconds(20)).until(() -> demo.query("valuation-alerts",
                    new Query("processed", Map.of("assetId", "hsm-asset"), TestTenants.ADMIN))
                    .map(b -> new String(b, StandardCharsets.UTF_8).contains("h1")).orElse(false));
            assertThat(((Pkcs11KeyService) platform.keys()).metrics().tokenCalls()).isPositive();
            assertThat(Files.exists(data.resolve("keys/keystore.p12"))).as("no software key store").isFalse();
            assertThat(demo.audit().recent("demo", 100)).extracting(AuditRecord::kind).contains("tenant-key-created");
            auditCheckpoints_areSignedByTheTenantsHighValueKeyInTheHsm(platform);
        }
    }

    /** Checkpoints of an audit trail signed in the token by the tenant's high-value key; an altered one is caught. */
    private static void auditCheckpoints_areSignedByTheTenantsHighValueKeyInTheHsm(MosaicPlatform platform) {
        platform.keys().createTenantKey("audited");
        AuditTrail trail = new AuditTrail(platform.journal(), Clock.systemUTC(),
                AuditCheckpointKeys.of(platform.keys(), Clock.systemUTC()), 5);
        for (int i = 0; i < 12; i++) {
            trail.record("audited", "delivery-denied", "sender-" + i, "", "ref-" + i, "assets.X", "builtin:replay", "r");
        }
        java.util.List<AuditCheckpoint> checkpoints = trail.checkpoints("audited");
        assertThat(checkpoints).extracting(AuditCheckpoint::keyRef).isNotEmpty()
                .containsOnly(new io.mosaic.hsm.KeyRef("audited", "hv", 1));
        assertThat(trail.verify("audited")).isEmpty();
        AuditCheckpoint first = checkpoints.getFirst();
        byte[] signature = first.signature();
        signature[signature.length - 1] ^= 1;
        AuditCheckpoint altered = new AuditCheckpoint(first.tenant(), first.number(), first.sequence(), first.hash(),
                first.at(), first.keyRef(), signature);
        assertThat(trail.verify("audited", java.util.List.of(altered))).hasValueSatisfying(p -> assertThat(p)
                .contains("its signature by audited/hv/v1 does not verify with the high-value key in the HSM"));
    }
}
