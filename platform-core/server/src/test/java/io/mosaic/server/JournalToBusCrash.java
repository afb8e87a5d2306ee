package io.mosaic.server;

import io.mosaic.local.pulsar.PulsarLauncher;
import io.mosaic.messaging.Topic;
import io.mosaic.messaging.pulsar.PulsarTenancy;
import org.apache.pulsar.client.admin.PulsarAdmin;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Reader;
import org.apache.pulsar.common.policies.data.RetentionPolicies;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs {@code io.mosaic.runtime.CrashingPlatform} as a child process against a local stack's Pulsar and Cassandra,
 * kills it with SIGKILL, starts it again, and reads back what reached the broker.
 */
final class JournalToBusCrash implements AutoCloseable {
    private final PulsarLauncher.Endpoints pulsar;
    private final String contactPoints;
    private final String datacenter;
    private final Path assetsJar;
    private final PulsarClient client;
    private final PulsarAdmin admin;

    JournalToBusCrash(LocalStack stack) {
        this.pulsar = stack.pulsarEndpoints();
        this.contactPoints = stack.cassandra().contactPoints().stream()
                .map(a -> a.getHostString() + ":" + a.getPort()).collect(Collectors.joining(","));
        this.datacenter = stack.cassandra().localDatacenter();
        this.assetsJar = jar(PlatformEndToEndTest.ROOT.resolve("plugins/assets/target"), "mosaic-plugin-assets-");
        try {
            this.client = PulsarClient.builder().serviceUrl(pulsar.serviceUrl())
                    .authentication(AuthenticationFactory.token(pulsar.superuserToken())).build();
            this.admin = PulsarAdmin.builder().serviceHttpUrl(pulsar.adminUrl())
                    .authentication(AuthenticationFactory.token(pulsar.superuserToken())).build();
        } catch (org.apache.pulsar.client.api.PulsarClientException e) {
            throw new IllegalStateException("cannot reach the local Pulsar broker", e);
        }
    }

    /** A platform process; its stdout lines arrive in {@link #expect}. */
    final class Child implements AutoCloseable {
        final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Writer stdin;
        private final Path log;

        Child(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("EOF " + e.getMessage());
                }
                lines.add("EXITED");
            }, "crash-child-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for a line starting with {@code prefix} (skipping others); fails on exit or after {@code within}. */
        String expect(String prefix, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            List<String> seen = new ArrayList<>();
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || line.equals("EXITED")) {
                    throw new AssertionError("the platform process (pid " + process.pid() + ") did not print '" + prefix
                            + "' within " + within + "; it printed " + seen + (line == null ? "" : " and exited")
                            + "; its log: " + tail());
                }
                seen.add(line);
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        void go() throws IOException {
            stdin.write("GO\n");
            stdin.flush();
        }

        /** kill -9: no shutdown hook, no flush, nothing of the platform's own closing runs. */
        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the platform process " + process.pid() + " did not die");
            }
        }

        private String tail() {
            try {
                List<String> all = Files.readAllLines(log);
                return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
            } catch (IOException e) {
                return "(no log: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill();
            }
        }
    }

    Child start(Path dataDir, String tenant, int commands, int expectedEntries, String mode) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                "io.mosaic.runtime.CrashingPlatform", dataDir.toString(), pulsar.serviceUrl(), pulsar.adminUrl(),
                pulsar.superuserToken(), contactPoints, datacenter, tenant, assetsJar.toString(), "0",
                Integer.toString(commands), Integer.toString(expectedEntries), mode);
        try {
            Files.createDirectories(dataDir);
            Path log = Files.createTempFile(dataDir, "platform-", ".log");
            Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            return new Child(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the platform process", e);
        }
    }

    /** Keeps every message of the tenant's assets topic for an hour, so the test reads all that was ever stored. */
    void retainAssetsTopic(String tenant) throws Exception {
        admin.namespaces().setRetention(PulsarTenancy.namespaceOf(tenant, "assets"), new RetentionPolicies(60, 100));
    }

    /** The broker's copy: for every AssetRegistered stored on the tenant's assets topic, its entity → times stored. */
    Map<String, Integer> registeredOnTopic(String tenant) throws Exception {
        Map<String, Integer> stored = new HashMap<>();
        try (Reader<byte[]> reader = client.newReader().topic(new Topic(tenant, "assets").pulsarName())
                .startMessageId(MessageId.earliest).create()) {
            while (reader.hasMessageAvailable()) {
                Message<byte[]> m = reader.readNext(10, TimeUnit.SECONDS);
                if (m != null && "assets.AssetRegistered".equals(m.getProperty("mosaic-type"))) {
                    stored.merge(m.getKey(), 1, Integer::sum);
                }
            }
        }
        return stored;
    }

    private static Path jar(Path dir, String prefix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar")
                            && !p.toString().endsWith("-tests.jar") && !p.toString().endsWith("-sources.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        admin.close();
        client.close();
    }
}
