package io.mosaic.local.pulsar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Starts a real Pulsar standalone broker (4.0.7) as a child process, from the classpath that the small pom in
 * {@code deployment/local/pulsar/} resolves, so the broker's ~316 jars never reach the project's classpath.
 *
 * <p>The broker listens on 127.0.0.1 on free ports, with token authentication (HS256 with a secret key generated
 * for this run) and authorization on; {@value #SUPERUSER_ROLE} is its only superuser; broker deduplication is on.
 * It is stopped by its process id: SIGTERM, then a forced kill after {@link #STOP_TIMEOUT}. {@link #restart()}
 * stops and starts it on the same ports and data (what the fault tests need).
 *
 * <p>Usage: {@code try (PulsarLauncher pulsar = PulsarLauncher.inFreshRunFolder()) { Endpoints e = pulsar.start(); }}.
 * Not thread-safe: one owner drives start, stop and restart.
 */
public final class PulsarLauncher implements AutoCloseable {
    /** The role of the platform itself: the broker's superuser (tenants, namespaces, grants, dead letters). */
    public static final String SUPERUSER_ROLE = "mosaic-platform";
    public static final String PULSAR_VERSION = "4.0.7";
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final String POM = "deployment/local/pulsar/pom.xml";
    private static final String TEMPLATE = "deployment/local/pulsar/standalone.conf.template";
    private static final AtomicInteger RUNS = new AtomicInteger();

    /**
     * Where a running broker is reached.
     *
     * @param serviceUrl      binary protocol, for producers and consumers ({@code pulsar://127.0.0.1:port})
     * @param adminUrl        REST admin API ({@code http://127.0.0.1:port})
     * @param secretKeyFile   the broker's HS256 token secret (raw 32 bytes); whoever issues tokens reads it
     * @param superuserToken  a token for {@link #SUPERUSER_ROLE}
     */
    public record Endpoints(String serviceUrl, String adminUrl, Path secretKeyFile, String superuserToken) {
        public Endpoints {
            Objects.requireNonNull(serviceUrl, "serviceUrl");
            Objects.requireNonNull(adminUrl, "adminUrl");
            Objects.requireNonNull(secretKeyFile, "secretKeyFile");
            Objects.requireNonNull(superuserToken, "superuserToken");
        }

        @Override
        public String toString() { // never print the token
            return "Endpoints[serviceUrl=" + serviceUrl + ", adminUrl=" + adminUrl + ", secretKeyFile=" + secretKeyFile + "]";
        }
    }

    private final Path repoRoot;
    private final Path runDir;
    private final Path javaExecutable;
    private final boolean journalSyncData;
    private final boolean deleteOnClose;
    private int brokerPort;
    private int webPort;
    private String superuserToken;
    private volatile Process process;
    private boolean started;
    private Thread shutdownHook;

    private PulsarLauncher(Path repoRoot, Path runDir, Path javaExecutable, boolean journalSyncData, boolean deleteOnClose) {
        this.repoRoot = repoRoot;
        this.runDir = runDir;
        this.javaExecutable = javaExecutable;
        this.journalSyncData = journalSyncData;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * A launcher whose broker keeps its data in a new folder under {@code deployment/local/pulsar/target/}, running on
     * the JDK that runs this code, with {@code journalSyncData=false} (tests and the local stack). {@link #close()}
     * deletes that folder.
     */
    public static PulsarLauncher inFreshRunFolder() {
        Path root = repoRoot();
        Path runDir = root.resolve("deployment/local/pulsar/target/run-" + ProcessHandle.current().pid() + "-"
                + RUNS.incrementAndGet());
        return new PulsarLauncher(root, runDir, currentJava(), false, true);
    }

    /** A launcher whose broker keeps its data in {@code runDir} (created; must not hold another broker's data). */
    public static PulsarLauncher inFolder(Path runDir, boolean journalSyncData) {
        return new PulsarLauncher(repoRoot(), runDir.toAbsolutePath(), currentJava(), journalSyncData, false);
    }

    public Path runDir() {
        return runDir;
    }

    /** Resolves the classpath (once per checkout), writes the configuration, starts the broker and waits until ready. */
    public synchronized Endpoints start() {
        if (isRunning()) {
            return endpoints();
        }
        if (started) {
            throw new PulsarLaunchException("the broker in " + runDir + " was started before: use restart() to keep its data");
        }
        try {
            Files.createDirectories(runDir);
            brokerPort = freePort();
            webPort = freePort();
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Path keyFile = runDir.resolve("secret.key");
            Files.write(keyFile, secret);
            restrictToOwner(keyFile);
            superuserToken = hs256Token(SUPERUSER_ROLE, secret);
            writeConfig(keyFile);
        } catch (IOException e) {
            throw new PulsarLaunchException("cannot prepare the broker's run folder " + runDir, e);
        }
        launch(true);
        started = true;
        return endpoints();
    }

    /** Stops the broker (SIGTERM, forced after a timeout) and starts it again on the same ports, keeping its data. */
    public synchronized Endpoints restart() {
        requireStarted();
        stop();
        launch(false);
        return endpoints();
    }

    /** Starts a stopped broker again on the same ports and data. */
    public synchronized Endpoints startAgain() {
        requireStarted();
        if (!isRunning()) {
            launch(false);
        }
        return endpoints();
    }

    /** Stops the broker by its process id: SIGTERM, then a forced kill after {@link #STOP_TIMEOUT}. Idempotent. */
    public synchronized void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        long pid = p.pid();
        long t0 = System.nanoTime();
        p.destroy(); // SIGTERM
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.printf("[pulsar] broker pid %d did not stop within %d s after SIGTERM: killing it%n", pid,
                        STOP_TIMEOUT.toSeconds());
                p.destroyForcibly();
                p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PulsarLaunchException("interrupted while stopping the broker (pid " + pid + ")", e);
        }
        System.out.printf("[pulsar] broker pid %d stopped in %d ms%n", pid, (System.nanoTime() - t0) / 1_000_000);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The broker's process id; fails when it is not running. */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new PulsarLaunchException("the broker in " + runDir + " is not running");
        }
        return process.pid();
    }

    public synchronized Endpoints endpoints() {
        requireStarted();
        return new Endpoints("pulsar://127.0.0.1:" + brokerPort, "http://127.0.0.1:" + webPort,
                runDir.resolve("secret.key"), superuserToken);
    }

    /** Stops the broker; deletes its run folder when the launcher made a fresh one, else its data stays. */
    @Override
    public synchronized void close() {
        stop();
        if (deleteOnClose && Files.isDirectory(runDir)) {
            try (var files = Files.walk(runDir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                System.out.println("[pulsar] could not delete the run folder " + runDir + ": " + e.getMessage());
            }
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook itself is running or about to: it stops the broker
                System.out.println("[pulsar] JVM shutting down: the shutdown hook stops the broker");
            }
            shutdownHook = null;
        }
    }

    private void requireStarted() {
        if (!started) {
            throw new PulsarLaunchException("the broker in " + runDir + " was never started");
        }
    }

    private void launch(boolean wipe) {
        List<String> command = new ArrayList<>(List.of(javaExecutable.toString(),
                "-Xms64m", "-Xmx256m", "-XX:MaxDirectMemorySize=256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + runDir.resolve("log4j2.properties").toUri(),
                "-Dpulsar.log.dir=" + runDir.resolve("logs"),
                "-Djava.net.preferIPv4Stack=true",
                "--add-opens", "java.base/java.io=ALL-UNNAMED",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/java.util.zip=ALL-UNNAMED",
                "--add-opens", "java.base/sun.net=ALL-UNNAMED",
                "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "--add-opens", "java.base/jdk.internal.platform=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "-cp", brokerClasspath(),
                "org.apache.pulsar.PulsarStandaloneStarter",
                "--config", runDir.resolve("standalone.conf").toString(),
                "--no-functions-worker", "--no-stream-storage",
                "--metadata-dir", runDir.resolve("metadata").toString(),
                "--bookkeeper-dir", runDir.resolve("bookkeeper").toString(),
                // must not exist, or the starter switches to ZooKeeper mode
                "--zookeeper-dir", runDir.resolve("zk-absent").toString()));
        if (wipe) {
            command.add("--wipe-data");
        }
        Path log = runDir.resolve("broker.log");
        System.out.printf("[pulsar] starting broker %s on 127.0.0.1 (broker port %d, web port %d), log %s%n",
                PULSAR_VERSION, brokerPort, webPort, log);
        long t0 = System.nanoTime();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(runDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().remove("PULSAR_EXTRA_OPTS");
            process = builder.start();
        } catch (IOException e) {
            throw new PulsarLaunchException("cannot start " + javaExecutable + " for the Pulsar broker", e);
        }
        if (shutdownHook == null) { // a JVM that exits without close() must not leave a broker behind
            shutdownHook = new Thread(() -> {
                Process running = process;
                if (running != null && running.isAlive()) {
                    running.destroy();
                }
            }, "pulsar-launcher-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        awaitReady(log, t0);
    }

    /** Ready when the admin API, asked as the superuser, lists {@code public/default}. */
    private void awaitReady(Path log, long t0) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/admin/v2/namespaces/public"))
                .header("Authorization", "Bearer " + superuserToken).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = t0 + READY_TIMEOUT.toNanos();
        long nextReport = t0 + TimeUnit.SECONDS.toNanos(5);
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new PulsarLaunchException("the Pulsar broker exited with code " + process.exitValue()
                        + " before it was ready; last lines of " + log + ":\n" + tail(log, 40));
            }
            try {
                HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("public/default")) {
                    System.out.printf("[pulsar] broker ready in %.1f s (pid %d)%n", (System.nanoTime() - t0) / 1e9,
                            process.pid());
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new PulsarLaunchException("interrupted while waiting for the Pulsar broker", e);
            }
            if (System.nanoTime() > nextReport) {
                System.out.printf("[pulsar] waiting for the broker: %d s (%s)%n",
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), last);
                nextReport += TimeUnit.SECONDS.toNanos(5);
            }
            pause(Duration.ofMillis(250));
        }
        stop();
        throw new PulsarLaunchException("the Pulsar broker was not ready within " + READY_TIMEOUT.toSeconds() + " s ("
                + last + "); last lines of " + log + ":\n" + tail(log, 40));
    }

    private static void pause(Duration duration) {
        CountDownLatch never = new CountDownLatch(1);
        try {
            never.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PulsarLaunchException("interrupted while waiting for the Pulsar broker", e);
        }
    }

    private void writeConfig(Path keyFile) throws IOException {
        Path template = repoRoot.resolve(TEMPLATE);
        String conf = Files.readString(template);
        Map<String, String> values = Map.of(
                "brokerPort", Integer.toString(brokerPort),
                "webPort", Integer.toString(webPort),
                "secretKeyFile", keyFile.toAbsolutePath().toString(),
                "superuserRole", SUPERUSER_ROLE,
                "superuserToken", superuserToken,
                "journalSyncData", Boolean.toString(journalSyncData));
        for (Map.Entry<String, String> v : values.entrySet()) {
            conf = conf.replace("${" + v.getKey() + "}", v.getValue());
        }
        if (conf.contains("${")) {
            throw new PulsarLaunchException(template + " has a placeholder the launcher does not know: "
                    + conf.substring(conf.indexOf("${"), Math.min(conf.length(), conf.indexOf("${") + 40)));
        }
        Path confFile = runDir.resolve("standalone.conf");
        Files.writeString(confFile, conf);
        restrictToOwner(confFile); // it holds the superuser token
        Files.writeString(runDir.resolve("log4j2.properties"), """
                status = warn
                appender.console.type = Console
                appender.console.name = console
                appender.console.layout.type = PatternLayout
                appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5level [%t] %c{1} - %msg%n
                rootLogger.level = warn
                rootLogger.appenderRef.console.ref = console
                logger.pulsar.name = org.apache.pulsar
                logger.pulsar.level = info
                logger.bk.name = org.apache.bookkeeper
                logger.bk.level = warn
                """);
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            System.out.println("[pulsar] file system without POSIX permissions: " + file + " keeps its default permissions");
        }
    }

    /**
     * The broker's classpath, resolved by Maven from {@code deployment/local/pulsar/pom.xml} once and cached in
     * {@code deployment/local/pulsar/target/broker-classpath.txt} (rebuilt when the pom is newer or a jar is gone).
     */
    String brokerClasspath() {
        Path pom = repoRoot.resolve(POM);
        Path cache = repoRoot.resolve("deployment/local/pulsar/target/broker-classpath.txt");
        try {
            if (Files.isRegularFile(cache) && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(pom)) >= 0) {
                String cp = Files.readString(cache).trim();
                String first = cp.split(java.io.File.pathSeparator, 2)[0];
                if (!cp.isEmpty() && Files.isRegularFile(Path.of(first))) {
                    return cp;
                }
            }
            Files.createDirectories(cache.getParent());
            Path partial = Files.createTempFile(cache.getParent(), "broker-classpath", ".partial");
            List<String> mvn = List.of(mavenExecutable(), "-B", "-q", "-f", pom.toString(),
                    "dependency:build-classpath", "-Dmdep.outputFile=" + partial);
            System.out.println("[pulsar] resolving the broker classpath with Maven (first time only; downloads ~316 jars): "
                    + String.join(" ", mvn));
            long t0 = System.nanoTime();
            Path mvnLog = cache.resolveSibling("broker-classpath.log");
            Process p = new ProcessBuilder(mvn).directory(repoRoot.toFile()).redirectErrorStream(true)
                    .redirectOutput(mvnLog.toFile()).start();
            while (!p.waitFor(10, TimeUnit.SECONDS)) {
                System.out.printf("[pulsar] still resolving the broker classpath: %d s%n",
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
            }
            if (p.exitValue() != 0 || Files.size(partial) == 0) {
                throw new PulsarLaunchException("Maven could not resolve the broker classpath from " + pom
                        + " (exit " + p.exitValue() + "); last lines of " + mvnLog + ":\n" + tail(mvnLog, 30));
            }
            // another JVM may resolve at the same time: each writes its own file and moves it in whole
            Files.move(partial, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.printf("[pulsar] broker classpath resolved in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            return Files.readString(cache).trim();
        } catch (IOException e) {
            throw new PulsarLaunchException("cannot resolve the broker classpath from " + pom, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PulsarLaunchException("interrupted while resolving the broker classpath", e);
        }
    }

    private static String mavenExecutable() {
        String home = System.getenv("MAVEN_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    /**
     * The checkout's root: the nearest folder at or above the working directory (or {@code -Dmosaic.root}) that
     * holds {@code deployment/local/pulsar/pom.xml}. Tests run in a module folder, {@code ./mosaic} in the root.
     */
    static Path repoRoot() {
        String configured = System.getProperty("mosaic.root");
        Path start = Path.of(configured != null ? configured : "").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(POM))) {
                return dir;
            }
        }
        throw new PulsarLaunchException("no Mosaic checkout at or above " + start + " (looked for " + POM
                + "); run from inside the checkout or set -Dmosaic.root");
    }

    private static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** A JWT {@code {"sub": role}} signed with HMAC-SHA256: what the broker's token provider accepts by default. */
    static String hs256Token(String role, byte[] secret) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + role + "\"}").getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + b64.encodeToString(signature);
        } catch (java.security.GeneralSecurityException e) {
            throw new PulsarLaunchException("cannot sign the superuser token with HmacSHA256", e);
        }
    }

    static String tail(Path file, int lines) {
        try (InputStream in = Files.newInputStream(file)) {
            List<String> all = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        } catch (UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getCause().getMessage() + ")";
        }
    }

    /**
     * Starts a broker for {@code ./mosaic run --stack local} and prints where it is; stops it on Ctrl-C.
     * Arguments: optional run folder (default: a fresh one under {@code deployment/local/pulsar/target/}).
     * Prints {@code MOSAIC_PULSAR_SERVICE_URL=…}, {@code MOSAIC_PULSAR_ADMIN_URL=…} and
     * {@code MOSAIC_PULSAR_SECRET_KEY_FILE=…} lines (shell syntax) and the path of a file holding the superuser token.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        PulsarLauncher launcher = args.length > 0 ? inFolder(Path.of(args[0]), false) : inFreshRunFolder();
        Endpoints endpoints = launcher.start();
        Path tokenFile = launcher.runDir().resolve("superuser.token");
        Files.writeString(tokenFile, endpoints.superuserToken());
        restrictToOwner(tokenFile);
        System.out.println("MOSAIC_PULSAR_SERVICE_URL=" + endpoints.serviceUrl());
        System.out.println("MOSAIC_PULSAR_ADMIN_URL=" + endpoints.adminUrl());
        System.out.println("MOSAIC_PULSAR_SECRET_KEY_FILE=" + endpoints.secretKeyFile());
        System.out.println("MOSAIC_PULSAR_TOKEN_FILE=" + tokenFile);
        System.out.println("MOSAIC_PULSAR_PID=" + launcher.pid());
        System.out.println("[pulsar] running; Ctrl-C stops it");
        launcher.process.waitFor();
        System.out.println("[pulsar] broker exited with code " + launcher.process.exitValue());
    }
}
