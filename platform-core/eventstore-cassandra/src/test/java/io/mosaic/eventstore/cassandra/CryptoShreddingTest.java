package io.mosaic.eventstore.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Snapshot;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.hsm.Encrypted;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.SoftwareKeyService;
import io.mosaic.local.cassandra.CassandraCluster;
import io.mosaic.local.cassandra.CassandraExtension;
import io.mosaic.sdk.EntityForgottenException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Crypto-shredding on Cassandra: events and snapshots are encrypted per entity (SoftwareKeyService with its data
 * keys in the Cassandra key table). Destroying one entity's keys leaves its rows — read raw with the driver — as
 * ciphertext nobody can decrypt, and every other entity readable.
 */
@ExtendWith(CassandraExtension.class)
class CryptoShreddingTest {
    private static CassandraStore store;

    @TempDir
    static Path keyDir;

    @BeforeAll
    static void connect(CassandraCluster cassandra) {
        store = Stores.open(cassandra);
    }

    @AfterAll
    static void disconnect() {
        store.close();
    }

    private static byte[] aad(String tenant, String stream, UUID id, String type) {
        return String.join("\u001f", tenant, stream, id.toString(), type).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void destroyedEntityKeys_leaveItsEventsAndSnapshotsUnreadable_andOtherEntitiesReadable() {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        try (SoftwareKeyService keys = SoftwareKeyService.open(keyDir.resolve("keys.p12"), "secret".toCharArray(),
                store.keys(), Clock.systemUTC())) {
            keys.createTenantKey(tenant);
            for (String entity : List.of("client-7", "client-8")) {
                List<EventData> events = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    UUID id = UUID.randomUUID();
                    byte[] plain = ("{\"client\":\"" + entity + "\",\"iban\":\"DE89370400440532013000\",\"n\":" + i + "}")
                            .getBytes(StandardCharsets.UTF_8);
                    Encrypted e = keys.encrypt(tenant, entity, plain, aad(tenant, entity, id, "ClientUpdated"));
                    events.add(new EventData(id, "ClientUpdated", 1, Instant.now(), e.keyRef().toString(), e.ciphertext(),
                            Set.of("clients")));
                }
                store.journal().append(tenant, entity, 0, events);
                Encrypted state = keys.encrypt(tenant, entity, ("state of " + entity + " DE89370400440532013000")
                        .getBytes(StandardCharsets.UTF_8), aad(tenant, entity, new UUID(0, 3), "snapshot"));
                store.journal().saveSnapshot(new Snapshot(tenant, entity, 3, Instant.now(), state.keyRef().toString(),
                        state.ciphertext()));
            }

            keys.destroyEntityKeys(tenant, "client-7");

            // Raw rows, as an operator with CQL access (or a backup) sees them.
            List<Row> rawEvents = store.session().execute("SELECT persistence_id, event_id, type, key_ref, payload"
                    + " FROM journal_it.events WHERE tenant = ? AND persistence_id = ? AND partition_nr = 0",
                    tenant, "client-7").all();
            assertThat(rawEvents).hasSize(3);
            for (Row row : rawEvents) {
                byte[] payload = bytes(row.getByteBuffer("payload"));
                assertThat(new String(payload, StandardCharsets.ISO_8859_1)).doesNotContain("DE89370400440532013000")
                        .doesNotContain("client-7");
                Encrypted stored = new Encrypted(KeyRef.parse(row.getString("key_ref")), payload);
                assertThatThrownBy(() -> keys.decrypt(stored, aad(tenant, "client-7", row.getUuid("event_id"), "ClientUpdated")))
                        .isInstanceOf(EntityForgottenException.class);
            }
            Row rawSnapshot = store.session().execute("SELECT key_ref, payload FROM journal_it.snapshots WHERE tenant = ?"
                    + " AND persistence_id = ?", tenant, "client-7").one();
            Encrypted snapshot = new Encrypted(KeyRef.parse(rawSnapshot.getString("key_ref")),
                    bytes(rawSnapshot.getByteBuffer("payload")));
            assertThatThrownBy(() -> keys.decrypt(snapshot, aad(tenant, "client-7", new UUID(0, 3), "snapshot")))
                    .isInstanceOf(EntityForgottenException.class);
            assertThat(store.session().execute("SELECT version FROM journal_it.data_keys WHERE tenant = ? AND name = ?",
                    tenant, "e/client-7/dek").all()).allSatisfy(r -> assertThat(r.isNull("version")).isTrue());
            assertThat(store.keys().isDestroyed(tenant, "e/client-7/dek")).isTrue();
            assertThat(store.keys().latest(tenant, "e/client-7/dek")).isEmpty();

            // The other entity is untouched.
            for (StoredEvent e : store.journal().read(tenant, "client-8", 1)) {
                byte[] plain = keys.decrypt(new Encrypted(KeyRef.parse(e.keyRef()), e.payload()),
                        aad(tenant, "client-8", e.eventId(), e.type()));
                assertThat(new String(plain, StandardCharsets.UTF_8)).contains("client-8");
            }
            Snapshot other = store.journal().latestSnapshot(tenant, "client-8").orElseThrow();
            assertThat(new String(keys.decrypt(new Encrypted(KeyRef.parse(other.keyRef()), other.payload()),
                    aad(tenant, "client-8", new UUID(0, 3), "snapshot")), StandardCharsets.UTF_8)).startsWith("state of");
            // A shredded entity cannot get a new key by the back door.
            assertThatThrownBy(() -> keys.encrypt(tenant, "client-7", new byte[] {1}, new byte[0]))
                    .isInstanceOf(EntityForgottenException.class);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
