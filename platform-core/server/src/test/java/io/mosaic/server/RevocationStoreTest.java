package io.mosaic.server;

import io.mosaic.hsm.PlatformCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevocationStoreTest {
    @TempDir
    Path dir;

    @Test
    void revocations_surviveAReopen_andTheFirstRecordOfASerialStays() {
        Path file = dir.resolve("identity/revocations.tsv");
        RevocationStore store = RevocationStore.open(file);
        Instant at = Instant.parse("2026-11-25T10:15:30.123Z");
        store.add(new PlatformCa.Revocation(new BigInteger("19a2b3c4d5", 16), at, 1));
        store.add(new PlatformCa.Revocation(BigInteger.TEN, at.plusSeconds(5), 4));
        PlatformCa.Revocation again = store.add(new PlatformCa.Revocation(BigInteger.TEN, at.plusSeconds(60), 0));

        RevocationStore reopened = RevocationStore.open(file);

        assertThat(again.revokedAt()).isEqualTo(at.plusSeconds(5));
        assertThat(reopened.all()).containsExactly(
                new PlatformCa.Revocation(new BigInteger("19a2b3c4d5", 16), at, 1),
                new PlatformCa.Revocation(BigInteger.TEN, at.plusSeconds(5), 4));
        assertThat(reopened.find(BigInteger.TEN)).isPresent();
        assertThat(reopened.find(BigInteger.TWO)).isEmpty();
    }

    @Test
    void anUnreadableLine_failsTheOpen_namingFileAndLine() throws Exception {
        Path file = dir.resolve("revocations.tsv");
        Files.writeString(file, "# header\nff\t2026-11-25T10:15:30Z\t1\nzz\tyesterday\t1\n");

        assertThatThrownBy(() -> RevocationStore.open(file))
                .hasMessageContaining(file.toString()).hasMessageContaining("line 3");
    }

    @Test
    void aReasonCodeOutsideRfc5280_isRefused() throws Exception {
        Path file = dir.resolve("revocations.tsv");
        Files.writeString(file, "ff\t2026-11-25T10:15:30Z\t7\n");

        assertThatThrownBy(() -> RevocationStore.open(file)).hasMessageContaining("line 1").hasMessageContaining("reason");
    }
}
