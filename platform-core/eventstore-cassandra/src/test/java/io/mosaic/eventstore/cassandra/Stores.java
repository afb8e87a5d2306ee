package io.mosaic.eventstore.cassandra;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import io.mosaic.local.cassandra.CassandraCluster;

/** Stores on the shared test node: keyspace {@code journal_it}, replication 1, small partitions, gap timeout 1 s. */
final class Stores {
    private Stores() {
    }

    static CassandraConfig config(CassandraCluster cassandra) {
        return CassandraConfig.of(cassandra.contactPoints(), cassandra.localDatacenter(), Replication.simple(1))
                .withKeyspace("journal_it").withPartitionSizes(20, 100).withGapTimeout(java.time.Duration.ofSeconds(1));
    }

    static CassandraStore open(CassandraCluster cassandra) {
        return CassandraStore.connect(config(cassandra));
    }

    /** A second platform instance: its own driver session, its writes stamped {@code skewSeconds} off. */
    static CassandraStore skewed(CassandraCluster cassandra, int skewSeconds) {
        String name = skewSeconds >= 0 ? "skew-plus-" + skewSeconds : "skew-minus-" + -skewSeconds;
        return CassandraStore.connect(config(cassandra), driver -> driver
                .withString(DefaultDriverOption.SESSION_NAME, name)
                .withClass(DefaultDriverOption.TIMESTAMP_GENERATOR_CLASS, SkewedTimestampGenerator.class));
    }
}
