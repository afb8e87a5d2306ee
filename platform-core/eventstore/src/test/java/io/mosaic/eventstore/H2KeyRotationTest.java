package io.mosaic.eventstore;

import io.mosaic.hsm.Encrypted;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.KeyRotation;
import io.mosaic.hsm.KeyService;
import io.mosaic.hsm.RotationReport;
import io.mosaic.hsm.SoftwareKeyService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A tenant key rotation over the H2 key table: data keys are re-wrapped, nothing is re-encrypted, all stays readable. */
class H2KeyRotationTest {
    @TempDir
    Path dir;

    @Test
    void rotationRewrapsEveryDataKey_andEverythingStaysReadable_afterTheOldKeyIsRetired() {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(dir.resolve("db"));
             KeyService keys = SoftwareKeyService.open(dir.resolve("keys.p12"), "pw".toCharArray(), db.keys(), Clock.systemUTC())) {
            keys.createTenantKey("bank");
            List<Encrypted> before = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                before.add(keys.encrypt("bank", "entity-" + i, ("secret " + i).getBytes(StandardCharsets.UTF_8), aad(i)));
            }
            KeyRef oldKek = KeyRef.tenantKek("bank", 1);
            assertThat(db.keys().keysWrappedBy(oldKek, 100)).hasSize(30);

            RotationReport started = KeyRotation.of(keys).rotateTenantKey("bank");
            RotationReport completed = KeyRotation.of(keys).completeTenantKeyRotation("bank");
            assertThat(started.rewrapped() + completed.rewrapped()).isEqualTo(30);
            assertThat(db.keys().keysWrappedBy(oldKek, 100)).isEmpty();
            assertThat(db.keys().keysWrappedBy(started.to(), 100)).hasSize(30);
            KeyRotation.of(keys).retireTenantKey(oldKek);

            for (int i = 0; i < 30; i++) {
                assertThat(new String(keys.decrypt(before.get(i), aad(i)), StandardCharsets.UTF_8)).isEqualTo("secret " + i);
            }
        }
    }

    private static byte[] aad(int i) {
        return ("row " + i).getBytes(StandardCharsets.UTF_8);
    }
}
