package io.mosaic.eventstore;

import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.WrappedKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedDatabaseTest {

    @TempDir
    Path directory;

    private static EventData event(String type) {
        return new EventData(UUID.randomUUID(), type, 2, Instant.parse("2025-06-01T12:00:00.000000001Z"), "demo/k/v1",
                new byte[] {1, 2, 3}, Set.of("tag"));
    }

    @Test
    void everythingStored_survivesCloseAndReopen() {
        UUID envelope = UUID.randomUUID();
        KeyRef keyRef = KeyRef.dataKey("demo", "asset-1", 1);
        List<StoredEvent> written;
        try (EmbeddedDatabase database = EmbeddedDatabase.open(directory)) {
            database.journal().append("demo", "asset-1", 0, List.of(event("a"), event("b")));
            database.journal().saveSnapshot(new Snapshot("demo", "asset-1", 2, Instant.EPOCH, "", new byte[] {7}));
            database.journal().saveProjectionOffset("demo", "net-worth", 2);
            database.keys().insert(new WrappedKey(keyRef, "AES-256-GCM", KeyRef.tenantKek("demo", 1), new byte[] {9},
                    new byte[0], Instant.EPOCH));
            database.processed().markProcessed("demo", "consolidation", envelope);
            written = database.journal().read("demo", "asset-1", 1);
        }
        assertThat(directory.resolve("mosaic.mv.db")).exists();

        try (EmbeddedDatabase reopened = EmbeddedDatabase.open(directory)) {
            assertThat(reopened.journal().read("demo", "asset-1", 1))
                    .usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(written);
            assertThat(reopened.journal().latestSnapshot("demo", "asset-1").orElseThrow().payload())
                    .containsExactly(7);
            assertThat(reopened.journal().projectionOffset("demo", "net-worth")).isEqualTo(2);
            assertThat(reopened.keys().find(keyRef).orElseThrow().wrapped()).containsExactly(9);
            assertThat(reopened.processed().markProcessed("demo", "consolidation", envelope)).isFalse();
        }
    }

    @Test
    void offsets_continueAfterReopen_neverReused() {
        long before;
        try (EmbeddedDatabase database = EmbeddedDatabase.open(directory)) {
            database.journal().append("demo", "p", 0, List.of(event("a"), event("b")));
            before = database.journal().readByTag("demo", "tag", 0, 10).getLast().offset();
        }
        try (EmbeddedDatabase reopened = EmbeddedDatabase.open(directory)) {
            reopened.journal().append("demo", "q", 0, List.of(event("c")));

            List<StoredEvent> after = reopened.journal().readByTag("demo", "tag", before, 10);
            assertThat(after).extracting(StoredEvent::type).containsExactly("c");
        }
    }

    @Test
    void newDatabase_isAtTheLatestSchemaVersion_andReopeningAppliesNothingTwice() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.open(directory)) {
            assertThat(database.schemaVersion()).isEqualTo(SchemaMigrator.latestVersion()).isEqualTo(3);
        }
        try (EmbeddedDatabase reopened = EmbeddedDatabase.open(directory)) {
            assertThat(reopened.schemaVersion()).isEqualTo(3);
            int recorded = reopened.pool().withConnection("counting", connection -> {
                try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM schema_version");
                     ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            });
            assertThat(recorded).isEqualTo(SchemaMigrator.SCRIPTS.size());
        }
    }

    @Test
    void databaseWithANewerSchema_isRefused() {
        try (EmbeddedDatabase database = EmbeddedDatabase.open(directory)) {
            database.pool().withConnection("pretending a newer version", connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', ?)")) {
                    insert.setObject(1, Instant.now());
                    return insert.executeUpdate();
                }
            });
        }

        assertThatThrownBy(() -> EmbeddedDatabase.open(directory))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining(directory.toAbsolutePath().normalize().toString());
    }

    @Test
    void closedDatabase_refusesWork_withAMessageNamingIt() {
        EmbeddedDatabase database = EmbeddedDatabase.inMemory();
        Journal journal = database.journal();
        database.close();
        database.close();

        assertThatThrownBy(() -> journal.highestSequence("demo", "p"))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("is closed")
                .hasMessageContaining("demo/p");
    }

    @Test
    void inMemoryDatabases_areSeparate_andGoneWhenClosed() {
        try (EmbeddedDatabase one = EmbeddedDatabase.inMemory(); EmbeddedDatabase two = EmbeddedDatabase.inMemory()) {
            one.journal().append("demo", "p", 0, List.of(event("a")));

            assertThat(two.journal().highestSequence("demo", "p")).isZero();
            assertThat(one.journal().highestSequence("demo", "p")).isEqualTo(1);
        }
    }

    @Test
    void missingDirectory_isCreated() {
        Path nested = directory.resolve("tenants/demo/db");
        try (EmbeddedDatabase database = EmbeddedDatabase.open(nested)) {
            database.journal().append("demo", "p", 0, List.of(event("a")));
        }
        assertThat(Files.isDirectory(nested)).isTrue();
        assertThat(nested.resolve("mosaic.mv.db")).exists();
    }

    @Test
    void schemaScripts_splitIntoStatements_withoutComments() {
        List<String> statements = SchemaMigrator.statements("V1__journal.sql");

        assertThat(statements).isNotEmpty()
                .allSatisfy(sql -> assertThat(sql).doesNotContain("--").doesNotEndWith(";"));
        assertThat(statements).anySatisfy(sql -> assertThat(sql).startsWith("CREATE TABLE events"));
    }
}
