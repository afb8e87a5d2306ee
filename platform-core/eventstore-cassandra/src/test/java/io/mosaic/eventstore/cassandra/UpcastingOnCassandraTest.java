package io.mosaic.eventstore.cassandra;

import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.eventstore.Upcaster;
import io.mosaic.eventstore.Upcasters;
import io.mosaic.eventstore.UpcastingJournal;
import io.mosaic.local.cassandra.CassandraCluster;
import io.mosaic.local.cassandra.CassandraExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A v1 event stored on Cassandra is read as v2 (and v3) through the upcasting journal; v2 events pass as they are. */
@ExtendWith(CassandraExtension.class)
class UpcastingOnCassandraTest {
    private static CassandraStore store;

    @BeforeAll
    static void connect(CassandraCluster cassandra) {
        store = Stores.open(cassandra);
    }

    @AfterAll
    static void disconnect() {
        store.close();
    }

    /** v1 had an amount without currency; v2 adds the currency (all v1 positions were in EUR). */
    private static final Upcaster ADD_CURRENCY = new Upcaster() {
        @Override
        public String type() {
            return "custody.PositionChanged";
        }

        @Override
        public int fromVersion() {
            return 1;
        }

        @Override
        public byte[] upcast(byte[] payload) {
            String json = new String(payload, StandardCharsets.UTF_8);
            return (json.substring(0, json.length() - 1) + ",\"currency\":\"EUR\"}").getBytes(StandardCharsets.UTF_8);
        }
    };

    private static EventData event(int version, String json) {
        return new EventData(UUID.randomUUID(), "custody.PositionChanged", version, Instant.now(), "",
                json.getBytes(StandardCharsets.UTF_8), Set.of("custody"));
    }

    @Test
    void v1Event_isReadAsV2_byStreamAndByTag() {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        store.journal().append(tenant, "asset-1", 0, List.of(event(1, "{\"amount\":\"12.50\"}"),
                event(2, "{\"amount\":\"3.00\",\"currency\":\"CHF\"}")));
        Journal journal = new UpcastingJournal(store.journal(), new Upcasters(List.of(ADD_CURRENCY)));

        List<StoredEvent> read = journal.read(tenant, "asset-1", 1);
        assertThat(read).extracting(StoredEvent::schemaVersion).containsExactly(2, 2);
        assertThat(read).extracting(e -> new String(e.payload(), StandardCharsets.UTF_8))
                .containsExactly("{\"amount\":\"12.50\",\"currency\":\"EUR\"}", "{\"amount\":\"3.00\",\"currency\":\"CHF\"}");
        assertThat(journal.readByTag(tenant, "custody", 0, 10)).extracting(StoredEvent::schemaVersion).containsExactly(2, 2);
        assertThat(store.journal().read(tenant, "asset-1", 1).getFirst().schemaVersion())
                .as("the stored row is not rewritten").isEqualTo(1);
    }

    @Test
    void chainedUpcasters_bringV1ToTheNewestVersion() {
        Upcaster renameToQuantity = new Upcaster() {
            @Override
            public String type() {
                return "custody.PositionChanged";
            }

            @Override
            public int fromVersion() {
                return 2;
            }

            @Override
            public byte[] upcast(byte[] payload) {
                return new String(payload, StandardCharsets.UTF_8).replace("\"amount\"", "\"quantity\"")
                        .getBytes(StandardCharsets.UTF_8);
            }
        };
        Upcasters.Versioned v = new Upcasters(List.of(renameToQuantity, ADD_CURRENCY))
                .upcast("custody.PositionChanged", 1, "{\"amount\":\"1\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(v.schemaVersion()).isEqualTo(3);
        assertThat(new String(v.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"quantity\":\"1\",\"currency\":\"EUR\"}");
    }

    /**
     * Point 8: a projection rebuilt from the journal on Cassandra, through the upcasting journal: it sees every event
     * of its tag in offset order, old ones as v2, and ends with its offset stored; a second rebuild gives the same.
     */
    @Test
    void projectionRebuiltFromTheJournal_seesOldEventsUpcast_inOffsetOrder() {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 30; i++) {
            String stream = "asset-" + (i % 4);
            store.journal().append(tenant, stream, store.journal().highestSequence(tenant, stream), List.of(i % 2 == 0
                    ? event(1, "{\"amount\":\"" + i + "\"}")
                    : event(2, "{\"amount\":\"" + i + "\",\"currency\":\"CHF\"}")));
        }
        Journal journal = new UpcastingJournal(store.journal(), new Upcasters(List.of(ADD_CURRENCY)));
        io.mosaic.eventstore.ProjectionRunner runner = new io.mosaic.eventstore.ProjectionRunner(journal, 7);
        List<String> projection = new java.util.ArrayList<>();
        var progress = runner.rebuild(tenant, "custody", "positions",
                e -> e.schemaVersion() + " " + new String(e.payload(), StandardCharsets.UTF_8), projection::add);

        assertThat(projection).hasSize(30);
        for (int i = 0; i < 30; i++) {
            assertThat(projection.get(i)).isEqualTo("2 {\"amount\":\"" + i + "\",\"currency\":\""
                    + (i % 2 == 0 ? "EUR" : "CHF") + "\"}");
        }
        assertThat(store.journal().projectionOffset(tenant, "positions")).isEqualTo(progress.offset());
        List<String> again = new java.util.ArrayList<>();
        runner.rebuild(tenant, "custody", "positions", e -> new String(e.payload(), StandardCharsets.UTF_8), again::add);
        assertThat(again).hasSize(30);
    }
}
