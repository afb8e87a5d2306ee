package io.mosaic.eventstore.cassandra;

import io.mosaic.eventstore.AppendTooLarge;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.JournalContract;
import io.mosaic.local.cassandra.CassandraCluster;
import io.mosaic.local.cassandra.CassandraExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Cassandra journal passes the journal contract on a real local node. Small partitions (10 events, 50 offsets)
 * so the contract's streams and the commit log cross partition boundaries.
 */
@ExtendWith(CassandraExtension.class)
class CassandraJournalTest extends JournalContract {
    private static CassandraStore store;

    @BeforeAll
    static void connect(CassandraCluster cassandra) {
        store = CassandraStore.connect(CassandraConfig.of(cassandra.contactPoints(), cassandra.localDatacenter(),
                Replication.simple(1)).withKeyspace("contract").withPartitionSizes(10, 50)
                .withGapTimeout(java.time.Duration.ofSeconds(1)));
    }

    @AfterAll
    static void disconnect() {
        store.close();
    }

    @Override
    protected Journal journal() {
        return store.journal();
    }

    @Test
    void anAppendOfMoreRowsThanAPartitionTakes_isRefusedWhole_sayingWhy() {
        String tenant = "t" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        journal().append(tenant, "big-1", 0, rows(3, 16));

        assertThatThrownBy(() -> journal().append(tenant, "big-1", 3, rows(11, 16)))
                .isInstanceOfSatisfying(AppendTooLarge.class, e -> {
                    assertThat(e.rows()).isEqualTo(11);
                    assertThat(e.maxRows()).isEqualTo(10);
                })
                .hasMessageContaining(tenant + "/big-1").hasMessageContaining("11 rows").hasMessageContaining("events-per-partition");
        assertThat(journal().highestSequence(tenant, "big-1")).isEqualTo(3);
        assertThat(journal().read(tenant, "big-1", 1)).hasSize(3);
    }

    @Test
    void anAppendOfMoreBytesThanOneMutationTakes_isRefusedWhole_withWhatWouldFit() {
        String tenant = "t" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        int mib = 1 << 20;

        assertThatThrownBy(() -> journal().append(tenant, "bytes-1", 0, rows(10, 2 * mib)))
                .isInstanceOfSatisfying(AppendTooLarge.class, e -> {
                    assertThat(e.rows()).isEqualTo(10);
                    assertThat(e.maxRows()).isEqualTo(5); // 12 MiB of 2 MiB rows (and their overhead)
                })
                .hasMessageContaining("MiB").hasMessageContaining("about 5 rows");
        assertThat(journal().highestSequence(tenant, "bytes-1")).isZero();
        // what fits is written: 5 rows of 2 MiB in one append
        assertThat(journal().append(tenant, "bytes-1", 0, rows(5, 2 * mib))).isEqualTo(5);
    }

    private static java.util.List<EventData> rows(int n, int bytes) {
        java.util.List<EventData> rows = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new EventData(java.util.UUID.randomUUID(), "t.Big", 1, java.time.Instant.now(), "", new byte[bytes],
                    java.util.Set.of("big")));
        }
        return rows;
    }
}
