package io.mosaic.server;

import io.mosaic.eventstore.EmbeddedDatabase;
import io.mosaic.hsm.SoftwareKeyService;
import io.mosaic.runtime.AuditCheckpointKeys;
import io.mosaic.runtime.AuditTrail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verification command finds a removed or edited audit record in the journal's database file, and a cut tail by
 * the signed checkpoints (with the exported copy when the checkpoints were deleted too).
 */
class AuditCommandTest {
    @TempDir
    Path data;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Four entries, a checkpoint signed at entries 2 and 4; the key store and its password as the server keeps them. */
    @BeforeEach
    void record() throws Exception {
        Files.createDirectories(data.resolve("keys"));
        Files.writeString(MosaicServer.keyStorePasswordFile(data), "test-password");
        try (EmbeddedDatabase db = EmbeddedDatabase.open(data.resolve("journal"));
             SoftwareKeyService keys = SoftwareKeyService.open(data.resolve("keys/keystore.p12"),
                     "test-password".toCharArray(), db.keys(), Clock.systemUTC())) {
            keys.createTenantKey("bank");
            AuditTrail trail = new AuditTrail(db.journal(), Clock.systemUTC(), AuditCheckpointKeys.of(keys, Clock.systemUTC()), 2);
            for (int i = 1; i <= 4; i++) {
                trail.record("bank", "delivery-denied", "sender-" + i, "s", "ref-" + i, "assets.X", "builtin:replay", "r" + i);
            }
        }
    }

    int verify(String... options) {
        String[] args = new String[4 + options.length];
        args[0] = "verify";
        args[1] = "bank";
        args[2] = "--data";
        args[3] = data.toString();
        System.arraycopy(options, 0, args, 4, options.length);
        return command(args);
    }

    int command(String... args) {
        out.reset();
        return AuditCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    void delete(String stream, long sequence) throws Exception {
        try (Connection c = sql(); PreparedStatement delete = c.prepareStatement(
                "DELETE FROM events WHERE tenant = 'bank' AND persistence_id = ? AND sequence_nr = ?")) {
            delete.setString(1, stream);
            delete.setLong(2, sequence);
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }
    }

    String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    Connection sql() throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + data.resolve("journal").resolve("mosaic"), "", "");
    }

    @Test
    void intactTrail_verifies() {
        assertThat(verify()).as(printed()).isZero();
        assertThat(printed()).contains("intact").contains("4 entries").contains("2 signed checkpoints");
    }

    @Test
    void cutTail_isReportedByTheSignedCheckpoint() throws Exception {
        delete("platform|audit", 4);
        assertThat(verify()).as(printed()).isEqualTo(1);
        assertThat(printed()).contains("BROKEN: audit trail of tenant bank ends at entry 3 but checkpoint 2 signed entry 4 on ");
    }

    @Test
    void checkpoints_areExported_andVerifyChecksTheExportedCopy() throws Exception {
        // one more entry, so that the export signs a checkpoint of it first
        try (EmbeddedDatabase db = EmbeddedDatabase.open(data.resolve("journal"))) {
            new AuditTrail(db.journal(), Clock.systemUTC()).record("bank", "plugin-installed", "admin", "", "assets", "", "", "r5");
        }
        assertThat(command("checkpoints", "bank", "--data", data.toString())).as(printed()).isZero();
        assertThat(printed().lines()).hasSize(3).allSatisfy(line -> assertThat(line)
                .startsWith("{\"tenant\":\"bank\",\"checkpoint\":").contains("\"keyRef\":\"bank/platform:audit-checkpoints/sig/v1\""));
        assertThat(printed().lines().toList().getLast()).contains("\"sequence\":5");
        Path exported = data.resolve("exported-checkpoints.jsonl");
        Files.writeString(exported, printed());
        assertThat(verify("--checkpoints", exported.toString())).as(printed()).isZero();
        assertThat(printed()).contains("intact").contains("agrees with the 3 exported");

        // the tail and the checkpoints that cover it are deleted: only the exported copy still knows
        delete("platform|audit", 5);
        delete("platform|audit", 4);
        delete("platform|audit-checkpoints", 3);
        delete("platform|audit-checkpoints", 2);
        assertThat(verify()).as(printed()).isZero();
        assertThat(verify("--checkpoints", exported.toString())).as(printed()).isEqualTo(1);
        assertThat(printed()).contains("BROKEN: audit trail of tenant bank ends at entry 3 but checkpoint 3 of the"
                + " exported copy signed entry 5 on ");
    }

    @Test
    void unreadableExport_isAClearError() throws Exception {
        Path exported = data.resolve("not-checkpoints.jsonl");
        Files.writeString(exported, "{\"tenant\":\"bank\"}\n");
        assertThat(verify("--checkpoints", exported.toString())).isEqualTo(2);
        assertThat(printed()).contains("are unreadable: line 1 is not an audit checkpoint: 'checkpoint' is missing");
    }

    @Test
    void withoutTheKeyStorePassword_verifyCannotCheckTheSignatures() throws Exception {
        Files.delete(MosaicServer.keyStorePasswordFile(data));
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("MOSAIC_KEYSTORE_PASSWORD") == null);
        assertThat(verify()).isEqualTo(2);
        assertThat(printed()).contains("no password for the key store: set MOSAIC_KEYSTORE_PASSWORD");
    }

    @Test
    void editedRecord_isDetected() throws Exception {
        try (Connection c = sql()) {
            byte[] payload;
            try (PreparedStatement read = c.prepareStatement(
                    "SELECT payload FROM events WHERE tenant = 'bank' AND persistence_id = 'platform|audit' AND sequence_nr = 2");
                 ResultSet rs = read.executeQuery()) {
                assertThat(rs.next()).isTrue();
                payload = rs.getBytes(1);
            }
            String edited = new String(payload, StandardCharsets.UTF_8).replace("sender-2", "nobody-2");
            try (PreparedStatement write = c.prepareStatement(
                    "UPDATE events SET payload = ? WHERE tenant = 'bank' AND persistence_id = 'platform|audit' AND sequence_nr = 2")) {
                write.setBytes(1, edited.getBytes(StandardCharsets.UTF_8));
                assertThat(write.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(verify()).as(printed()).isEqualTo(1);
        assertThat(printed()).contains("BROKEN").contains("entry 2 was altered");
    }

    @Test
    void removedRecord_isDetected() throws Exception {
        delete("platform|audit", 3);
        assertThat(verify()).as(printed()).isEqualTo(1);
        assertThat(printed()).contains("BROKEN").contains("entry 3");
    }

    @Test
    void missingJournal_isAClearError() {
        int exit = AuditCommand.run(new String[] {"verify", "bank", "--data", data.resolve("nowhere").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(printed()).contains("no journal at");
    }
}
