package io.mosaic.local.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.metadata.NodeState;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Starts real Cassandra 5.0.9 nodes as child processes, without Docker: the server classpath comes from Maven
 * ({@link ServerClasspath}), the JVM is a JDK 17 under {@code /usr/lib/jvm} (Cassandra 5.0 does not run on 24+),
 * each node gets a yaml and logback file from the templates in {@code deployment/local/cassandra/} and its own run
 * directory. One node listens on 127.0.0.1; a cluster of three on 127.0.0.1, .2 and .3 (same ports, own addresses).
 *
 * <pre>{@code
 * try (CassandraCluster cluster = CassandraLauncher.builder().nodes(3).heapMb(1024).start()) {
 *     cluster.contactPoints(); cluster.kill(2);
 * }
 * }</pre>
 *
 * {@link #main} runs one node in the foreground for {@code ./mosaic run --stack local}.
 */
public final class CassandraLauncher {
    public static final String LOCAL_DATACENTER = "datacenter1";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private int nodes = 1;
    private int heapMb = 256;
    private Path runDirectory;
    private String clusterName = "mosaic-local";

    private CassandraLauncher() {
    }

    public static CassandraLauncher builder() {
        return new CassandraLauncher();
    }

    /** 1 (default) or 3. */
    public CassandraLauncher nodes(int count) {
        if (count != 1 && count != 3) {
            throw new IllegalArgumentException("a local Cassandra runs 1 or 3 nodes, not " + count);
        }
        this.nodes = count;
        return this;
    }

    /** Heap per node in MiB (default 256, enough for tests; 1024 for the three-node test). */
    public CassandraLauncher heapMb(int mb) {
        if (mb < 256) {
            throw new IllegalArgumentException("a Cassandra node needs at least 256 MiB of heap, not " + mb);
        }
        this.heapMb = mb;
        return this;
    }

    /** Where node directories go (default: a fresh folder under deployment/local/cassandra/target/runs/). */
    public CassandraLauncher runDirectory(Path directory) {
        this.runDirectory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    public CassandraLauncher clusterName(String name) {
        this.clusterName = Objects.requireNonNull(name, "name");
        return this;
    }

    /** Starts the nodes and waits until every one answers CQL (and, for three, sees the other two up). */
    public CassandraCluster start() {
        Path root = ServerClasspath.repositoryRoot();
        Path java = java17();
        String classpath = ServerClasspath.resolve(root);
        Path templates = root.resolve("deployment/local/cassandra");
        List<String> addresses = addresses(nodes);
        Ports ports = Ports.free(addresses);
        Path base = runDirectory != null ? runDirectory : root.resolve("deployment/local/cassandra/target/runs/"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000);
        List<CassandraNode> started = new ArrayList<>();
        CassandraCluster cluster = new CassandraCluster(started, ports.nativePort);
        try {
            for (int i = 0; i < nodes; i++) {
                Path dir = base.resolve("node" + (i + 1));
                writeConfig(templates, dir, addresses.get(i), ports, nodes);
                started.add(launch(java, classpath, dir, i + 1, addresses.get(i), ports.nativePort));
                if (i == 0) {
                    awaitCql(started.getFirst());
                }
            }
            for (CassandraNode node : started.subList(1, started.size())) {
                awaitCql(node);
            }
            if (nodes > 1) {
                awaitAllUp(cluster);
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    static List<String> addresses(int count) {
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String address = "127.0.0." + i;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName(address))) {
                addresses.add(address);
            } catch (IOException e) {
                throw new CassandraLaunchException("cannot bind to " + address + " (" + e.getMessage() + "): a cluster"
                        + " of " + count + " local nodes needs 127.0.0.1.." + count + " on the loopback interface", e);
            }
        }
        return addresses;
    }

    /** A JDK 17 under /usr/lib/jvm (or $JAVA17_HOME): Cassandra 5.0.9 runs on 11 and 17 only. */
    static Path java17() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv("JAVA17_HOME");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                dirs.filter(d -> d.getFileName().toString().contains("17")).sorted(Comparator.comparing(Path::toString))
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new CassandraLaunchException("cannot list " + jvms + ": " + e, e);
            }
        }
        for (Path home : candidates) {
            Path java = home.resolve("bin/java");
            if (Files.isExecutable(java)) {
                return java;
            }
        }
        throw new CassandraLaunchException("no JDK 17 found (looked at $JAVA17_HOME and /usr/lib/jvm/*17*):"
                + " Cassandra 5.0.9 needs Java 17 (it fails on 24+); install openjdk-17-jdk-headless");
    }

    private void writeConfig(Path templates, Path dir, String address, Ports ports, int count) {
        try {
            for (String sub : List.of("data", "commitlog", "saved_caches", "hints", "cdc_raw", "logs")) {
                Files.createDirectories(dir.resolve(sub));
            }
            Map<String, String> values = Map.of("cluster_name", clusterName, "seeds", "127.0.0.1",
                    "address", address, "storage_port", Integer.toString(ports.storagePort),
                    "ssl_storage_port", Integer.toString(ports.sslStoragePort),
                    "native_port", Integer.toString(ports.nativePort), "dir", dir.toString(),
                    "memtable_mb", Integer.toString(Math.max(32, heapMb / 8)),
                    "local_rf", Integer.toString(count));
            Files.writeString(dir.resolve("cassandra.yaml"), fill(templates.resolve("cassandra.yaml.template"), values));
            Files.writeString(dir.resolve("logback.xml"), fill(templates.resolve("logback.xml.template"), values));
        } catch (IOException e) {
            throw new CassandraLaunchException("cannot write the configuration of the node in " + dir + ": " + e, e);
        }
    }

    private static String fill(Path template, Map<String, String> values) throws IOException {
        String text = Files.readString(template, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("${" + value.getKey() + "}", value.getValue());
        }
        if (text.contains("${")) {
            throw new CassandraLaunchException(template + " has a placeholder the launcher does not fill: "
                    + text.substring(text.indexOf("${"), Math.min(text.length(), text.indexOf("${") + 30)));
        }
        return text;
    }

    private CassandraNode launch(Path java, String classpath, Path dir, int index, String address, int nativePort) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(List.of("-Xms" + heapMb + "m", "-Xmx" + heapMb + "m", "-XX:MaxDirectMemorySize=" + heapMb + "m",
                "-XX:+UseSerialGC", "-Xss512k", "-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=" + dir));
        if (heapMb <= 512) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(JVM17_OPTIONS);
        command.addAll(List.of("-Djdk.attach.allowAttachSelf=true", "-Dcassandra.config=file://" + dir.resolve("cassandra.yaml"),
                "-Dcassandra-foreground=yes", "-Dcassandra.storagedir=" + dir, "-Dcassandra.logdir=" + dir.resolve("logs"),
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"), "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.ring_delay_ms=1000", "-Dcassandra.unsafesystem=true",
                "-Dcassandra.superuser_setup_delay_ms=0",
                "-cp", classpath, "org.apache.cassandra.service.CassandraDaemon"));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("logs/stdout.log").toFile()).start();
            CassandraNode node = new CassandraNode(index, address, nativePort, dir, process);
            System.out.println("[cassandra] started " + node + " in " + dir);
            return node;
        } catch (IOException e) {
            throw new CassandraLaunchException("cannot start Cassandra node " + index + " with " + java + ": " + e, e);
        }
    }

    private static void awaitCql(CassandraNode node) {
        Instant start = Instant.now();
        Instant nextReport = start.plusSeconds(5);
        while (true) {
            if (!node.isAlive()) {
                throw new CassandraLaunchException(node + " exited with " + node.process().exitValue()
                        + " before answering CQL; last lines of its log:\n" + tail(node));
            }
            if (portOpen(node.cqlAddress()) && answersCql(node)) {
                System.out.printf("[cassandra] %s answers CQL after %.1f s%n", node,
                        Duration.between(start, Instant.now()).toMillis() / 1000.0);
                return;
            }
            if (Instant.now().isAfter(start.plus(START_TIMEOUT))) {
                throw new CassandraLaunchException(node + " did not answer CQL within " + START_TIMEOUT.toSeconds()
                        + " s; last lines of its log:\n" + tail(node));
            }
            if (Instant.now().isAfter(nextReport)) {
                System.out.printf("[cassandra] waiting for %s: %d s, log: %s%n", node,
                        Duration.between(start, Instant.now()).toSeconds(), lastLine(node));
                nextReport = Instant.now().plusSeconds(5);
            }
            pause(250);
        }
    }

    private static boolean portOpen(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answersCql(CassandraNode node) {
        try (CqlSession session = session(List.of(node.cqlAddress()))) {
            return session.execute("SELECT release_version FROM system.local").one() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static CqlSession session(List<InetSocketAddress> contactPoints) {
        return CqlSession.builder().addContactPoints(contactPoints).withLocalDatacenter(LOCAL_DATACENTER)
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(10))
                        .build())
                .build();
    }

    private static void awaitAllUp(CassandraCluster cluster) {
        Instant start = Instant.now();
        Instant nextReport = start.plusSeconds(5);
        try (CqlSession session = session(cluster.contactPoints())) {
            while (true) {
                long peers = session.execute("SELECT peer FROM system.peers_v2").all().size();
                long up = session.getMetadata().getNodes().values().stream()
                        .filter(n -> n.getState() == NodeState.UP).count();
                if (peers == cluster.nodes().size() - 1 && up == cluster.nodes().size()) {
                    System.out.printf("[cassandra] all %d nodes up after %.1f s%n", up,
                            Duration.between(start, Instant.now()).toMillis() / 1000.0);
                    return;
                }
                if (Instant.now().isAfter(start.plus(START_TIMEOUT))) {
                    throw new CassandraLaunchException("the cluster did not come up within " + START_TIMEOUT.toSeconds()
                            + " s: " + peers + " peers, " + up + " nodes up");
                }
                if (Instant.now().isAfter(nextReport)) {
                    System.out.printf("[cassandra] waiting for the cluster: %d peers, %d up%n", peers, up);
                    nextReport = Instant.now().plusSeconds(5);
                }
                pause(500);
            }
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CassandraLaunchException("interrupted while waiting for Cassandra", e);
        }
    }

    static String tail(CassandraNode node) {
        StringBuilder out = new StringBuilder();
        for (Path log : List.of(node.logFile(), node.directory().resolve("logs/stdout.log"))) {
            try {
                if (Files.isRegularFile(log)) {
                    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                    out.append("== ").append(log).append('\n');
                    lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(l -> out.append(l).append('\n'));
                }
            } catch (IOException e) {
                out.append("(cannot read ").append(log).append(": ").append(e).append(")\n");
            }
        }
        return out.toString();
    }

    private static String lastLine(CassandraNode node) {
        try {
            if (!Files.isRegularFile(node.logFile())) {
                return "(no log yet)";
            }
            List<String> lines = Files.readAllLines(node.logFile(), StandardCharsets.UTF_8);
            return lines.isEmpty() ? "(empty)" : lines.getLast();
        } catch (IOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }

    /** Ports shared by all nodes (each node has its own address); free on every address. */
    private record Ports(int nativePort, int storagePort, int sslStoragePort) {
        static Ports free(List<String> addresses) {
            for (int attempt = 0; attempt < 20; attempt++) {
                int[] ports = new int[3];
                for (int i = 0; i < 3; i++) {
                    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
                        ports[i] = socket.getLocalPort();
                    } catch (IOException e) {
                        throw new CassandraLaunchException("cannot find a free port on 127.0.0.1: " + e, e);
                    }
                }
                if (ports[0] != ports[1] && ports[1] != ports[2] && ports[0] != ports[2]
                        && freeEverywhere(addresses, ports)) {
                    return new Ports(ports[0], ports[1], ports[2]);
                }
            }
            throw new CassandraLaunchException("found no ports free on all of " + addresses);
        }

        private static boolean freeEverywhere(List<String> addresses, int[] ports) {
            for (String address : addresses) {
                for (int port : ports) {
                    try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getByName(address))) {
                        socket.getLocalPort();
                    } catch (IOException e) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /** The module flags of Cassandra's own conf/jvm17-server.options. */
    private static final List<String> JVM17_OPTIONS = List.of(
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.math=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED");

    /**
     * Runs local Cassandra in the foreground until interrupted: {@code [--nodes 1|3] [--heap-mb N] [--dir PATH]}.
     * Prints {@code CASSANDRA_CONTACT_POINTS=127.0.0.1:port,...} once ready; Ctrl-C stops the nodes.
     */
    public static void main(String[] args) throws InterruptedException {
        CassandraLauncher launcher = builder();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> launcher.nodes(Integer.parseInt(args[++i]));
                case "--heap-mb" -> launcher.heapMb(Integer.parseInt(args[++i]));
                case "--dir" -> launcher.runDirectory(Path.of(args[++i]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (expected --nodes 1|3, --heap-mb N, --dir PATH)");
            }
        }
        CassandraCluster cluster = launcher.start();
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "cassandra-stop"));
        System.out.println("CASSANDRA_CONTACT_POINTS=" + cluster.contactPointsText());
        System.out.println("CASSANDRA_LOCAL_DATACENTER=" + LOCAL_DATACENTER);
        for (CassandraNode node : cluster.nodes()) {
            node.process().waitFor();
        }
    }
}
