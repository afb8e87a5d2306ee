package io.mosaic.server;

import io.mosaic.eventstore.cassandra.CassandraConfig;
import io.mosaic.eventstore.cassandra.CassandraStore;
import io.mosaic.eventstore.cassandra.Replication;
import io.mosaic.local.cassandra.CassandraCluster;
import io.mosaic.local.cassandra.CassandraLauncher;
import io.mosaic.local.pulsar.PulsarLauncher;
import io.mosaic.runtime.PlatformStorage;
import io.mosaic.messaging.Bus;
import io.mosaic.messaging.pulsar.PulsarBus;
import io.mosaic.messaging.pulsar.PulsarBusConfig;

import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * {@code ./mosaic run --stack local}: the real parts started on this machine without Docker — a standalone Pulsar
 * broker and a Cassandra 5 node as child processes — and the platform's bus and journal on them. Closing stops them
 * by their process ids.
 */
final class LocalStack implements Feature {
    private static final Logger LOG = Logger.getLogger(LocalStack.class.getName());

    private final PulsarLauncher pulsar;
    private final PulsarLauncher.Endpoints endpoints;
    private final CassandraCluster cassandra;

    private LocalStack(PulsarLauncher pulsar, PulsarLauncher.Endpoints endpoints, CassandraCluster cassandra) {
        this.pulsar = pulsar;
        this.endpoints = endpoints;
        this.cassandra = cassandra;
    }

    static LocalStack start(Path dataDir) {
        LOG.info("starting a local Pulsar broker and a Cassandra node (first start resolves their jars with Maven; progress follows)");
        PulsarLauncher pulsar = PulsarLauncher.inFolder(dataDir.resolve("pulsar"), false);
        CassandraCluster cassandra = null;
        try {
            PulsarLauncher.Endpoints endpoints = pulsar.start();
            LOG.info("Pulsar is up: " + endpoints.serviceUrl() + " (admin " + endpoints.adminUrl() + ", pid " + pulsar.pid() + ")");
            cassandra = CassandraLauncher.builder().nodes(1).heapMb(512).start();
            LOG.info("Cassandra is up: " + cassandra.contactPointsText());
            return new LocalStack(pulsar, endpoints, cassandra);
        } catch (RuntimeException e) {
            if (cassandra != null) {
                cassandra.close();
            }
            pulsar.close();
            throw e;
        }
    }

    /** The platform's journal, wrapped keys and processed ids on the local Cassandra node. */
    PlatformStorage storage() {
        CassandraStore store = CassandraStore.connect(CassandraConfig.of(cassandra.contactPoints(),
                cassandra.localDatacenter(), Replication.parse("simple:1")));
        return new PlatformStorage(store.journal(), store.keys(), store.processed(), store);
    }

    Bus bus() {
        return PulsarBus.connect(PulsarBusConfig.of(endpoints.serviceUrl(), endpoints.adminUrl(), endpoints.superuserToken()));
    }

    /** Where the broker listens (for a test that runs a second platform process against this stack). */
    PulsarLauncher.Endpoints pulsarEndpoints() {
        return endpoints;
    }

    /** The Cassandra node(s) of this stack. */
    CassandraCluster cassandra() {
        return cassandra;
    }

    String describe() {
        return "Pulsar " + endpoints.serviceUrl() + " (pid " + pulsar.pid() + "), Cassandra " + cassandra.contactPointsText();
    }

    @Override
    public void close() {
        try {
            cassandra.close();
        } finally {
            pulsar.close();
        }
    }
}
