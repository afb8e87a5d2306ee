package io.mosaic.server;

import io.mosaic.eventstore.EmbeddedDatabase;
import io.mosaic.runtime.AuditTrail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The verification command finds a removed or edited audit record in the journal's database file. */
class AuditCommandTest {
    @TempDir
    Path data;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void record() {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(data.resolve("journal"))) {
            AuditTrail trail = new AuditTrail(db.journal(), Clock.systemUTC());
            for (int i = 1; i <= 4; i++) {
                trail.record("bank", "delivery-denied", "sender-" + i, "s", "ref-" + i, "assets.X", "builtin:replay", "r" + i);
            }
        }
    }

    int verify() {
        out.reset();
        return AuditCommand.run(new String[] {"verify", "bank", "--data", data.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
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
        assertThat(printed()).contains("intact").contains("4 entries");
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
        try (Connection c = sql(); PreparedStatement delete = c.prepareStatement(
                "DELETE FROM events WHERE tenant = 'bank' AND persistence_id = 'platform|audit' AND sequence_nr = 3")) {
            assertThat(delete.executeUpdate()).isEqualTo(1);
        }
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
