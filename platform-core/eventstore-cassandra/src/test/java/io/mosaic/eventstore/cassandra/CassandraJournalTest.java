package io.mosaic.eventstore.cassandra;

import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.JournalContract;
import io.mosaic.local.cassandra.CassandraCluster;
import io.mosaic.local.cassandra.CassandraExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

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
}
