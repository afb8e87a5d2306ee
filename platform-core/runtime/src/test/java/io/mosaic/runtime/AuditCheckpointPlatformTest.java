package io.mosaic.runtime;

import io.mosaic.hsm.KeyRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's own audit trail signs checkpoints with the platform's key service (the software key store here; with
 * keys in an HSM, {@code SoftHsmPlatformTest}: SoftHSM2 is loaded once per test JVM, so one test holds the token).
 */
class AuditCheckpointPlatformTest {
    @TempDir
    Path data;

    @Test
    void platformTrail_signsACheckpointEvery100Entries_withTheSoftwareKeyStore() {
        try (MosaicPlatform platform = MosaicPlatform.embedded(data, "test-password".toCharArray(), Clock.systemUTC())) {
            platform.keys().createTenantKey("demo");
            for (int i = 0; i < 120; i++) {
                platform.keys().destroyEntityKeys("demo", "entity-" + i); // each one an audit entry
            }
            AuditTrail reading = new AuditTrail(platform.journal(), Clock.systemUTC(),
                    AuditCheckpointKeys.of(platform.keys(), Clock.systemUTC()));
            assertThat(reading.checkpoints("demo")).singleElement().satisfies(c -> {
                assertThat(c.sequence()).isEqualTo(100);
                assertThat(c.keyRef()).isEqualTo(KeyRef.signingKey("demo", SoftwareCheckpointKeys.INSTALLATION, 1));
            });
            assertThat(reading.verify("demo")).isEmpty();
        }
    }
}
