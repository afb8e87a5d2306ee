package io.mosaic.local.cassandra;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Running local Cassandra nodes, stopped by process id on {@link #close()}. */
public final class CassandraCluster implements AutoCloseable {
    private final List<CassandraNode> nodes;
    private final int nativePort;

    CassandraCluster(List<CassandraNode> nodes, int nativePort) {
        this.nodes = nodes;
        this.nativePort = nativePort;
    }

    public List<CassandraNode> nodes() {
        return List.copyOf(nodes);
    }

    public int nativePort() {
        return nativePort;
    }

    public String localDatacenter() {
        return CassandraLauncher.LOCAL_DATACENTER;
    }

    /** The CQL addresses of the nodes that are alive. */
    public List<InetSocketAddress> contactPoints() {
        return nodes.stream().filter(CassandraNode::isAlive).map(CassandraNode::cqlAddress).toList();
    }

    /** {@code 127.0.0.1:9042,127.0.0.2:9042} — the form of {@code journal.cassandra.contact-points}. */
    public String contactPointsText() {
        return contactPoints().stream().map(a -> a.getHostString() + ":" + a.getPort()).collect(Collectors.joining(","));
    }

    /** Kills node {@code index} (1-based) with SIGKILL, as a crash would, and waits until it is gone. */
    public void kill(int index) {
        CassandraNode node = nodes.get(index - 1);
        System.out.println("[cassandra] kill -9 " + node);
        node.process().destroyForcibly();
        await(node, Duration.ofSeconds(30));
    }

    /**
     * Stops every node with SIGTERM by its pid (SIGKILL after 30 s), then deletes the nodes' data (keeping their
     * yaml and logs). Idempotent.
     */
    @Override
    public void close() {
        for (CassandraNode node : nodes.reversed()) {
            if (node.isAlive()) {
                System.out.println("[cassandra] stopping " + node);
                node.process().destroy();
            }
        }
        for (CassandraNode node : nodes) {
            if (!await(node, Duration.ofSeconds(30))) {
                node.process().destroyForcibly();
                await(node, Duration.ofSeconds(10));
            }
        }
        for (CassandraNode node : nodes) {
            if (!node.isAlive()) {
                for (String data : List.of("data", "commitlog", "saved_caches", "hints", "cdc_raw")) {
                    deleteTree(node.directory().resolve(data));
                }
            }
        }
    }

    private static void deleteTree(java.nio.file.Path root) {
        if (!java.nio.file.Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(root)) {
            for (java.nio.file.Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(path);
            }
        } catch (java.io.IOException e) {
            System.out.println("[cassandra] could not delete " + root + ": " + e);
        }
    }

    private static boolean await(CassandraNode node, Duration timeout) {
        try {
            return node.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CassandraLaunchException("interrupted while stopping " + node, e);
        }
    }

    @Override
    public String toString() {
        return "local Cassandra " + contactPointsText();
    }
}
