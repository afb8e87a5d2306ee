package io.mosaic.server;

import io.mosaic.local.pulsar.PulsarLauncher;
import io.mosaic.messaging.Bus;
import io.mosaic.messaging.pulsar.PulsarBus;
import io.mosaic.messaging.pulsar.PulsarBusConfig;

import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * {@code ./mosaic run --stack local}: the real parts started on this machine without Docker — a standalone Pulsar
 * broker as a child process (data under {@code <data>/pulsar}, kept across restarts) — and the platform's bus on it.
 * Closing stops the broker by its process id.
 */
final class LocalStack implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LocalStack.class.getName());

    private final PulsarLauncher pulsar;
    private final PulsarLauncher.Endpoints endpoints;

    private LocalStack(PulsarLauncher pulsar, PulsarLauncher.Endpoints endpoints) {
        this.pulsar = pulsar;
        this.endpoints = endpoints;
    }

    static LocalStack start(Path dataDir) {
        LOG.info("starting a local Pulsar broker (first start resolves its jars with Maven; progress follows)");
        PulsarLauncher pulsar = PulsarLauncher.inFolder(dataDir.resolve("pulsar"), false);
        try {
            PulsarLauncher.Endpoints endpoints = pulsar.start();
            LOG.info("Pulsar is up: " + endpoints.serviceUrl() + " (admin " + endpoints.adminUrl() + ", pid " + pulsar.pid() + ")");
            return new LocalStack(pulsar, endpoints);
        } catch (RuntimeException e) {
            pulsar.close();
            throw e;
        }
    }

    Bus bus() {
        return PulsarBus.connect(PulsarBusConfig.of(endpoints.serviceUrl(), endpoints.adminUrl(), endpoints.superuserToken()));
    }

    String describe() {
        return "Pulsar " + endpoints.serviceUrl() + " (pid " + pulsar.pid() + ")";
    }

    @Override
    public void close() {
        pulsar.close();
    }
}
