package io.mosaic.identity.keycloak;

import io.mosaic.identity.TenantRealm;
import io.mosaic.keycloak.phototan.Challenge;
import io.mosaic.tenant.TenantDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs Keycloak 26.7.3 in production mode as a child process of the platform (or of a test JVM).
 * <ol>
 * <li>The distribution is resolved by Maven from {@code deployment/local/keycloak/pom.xml} and unpacked once into
 * {@code deployment/local/keycloak/target/dist/}.</li>
 * <li>Into the distribution go the Mosaic extension jar ({@code providers/}, only when its bytes changed: a changed
 * provider costs Keycloak one rebuild of 15-55 s), the tenants' login themes ({@code themes/mosaic-<tenant>}) and
 * realm files ({@code data/import/}). Each run keeps its TLS files and log in
 * {@code deployment/local/keycloak/target/run-<pid>-<n>/}.</li>
 * <li>{@code kc.sh start} (production mode: no plain HTTP, strict hostname, themes cached) on 127.0.0.1 only, HTTPS on
 * a free port with client certificates requested (trusted: the platform CA), a free management port, a local cache (one
 * node, no cluster transport), realm import of the realms that do not exist yet; the issuer prefix is fixed with
 * {@code --hostname}. Keycloak's state (users, enrolled devices, lockouts, sessions) is kept in a database file of its
 * own in the state folder, so a restart forgets nothing; the folder (0700) also holds the admin credential
 * ({@code admin.password}, 0600, made once). Ready when {@code /health/ready} answers 200; progress is printed every 5 s.</li>
 * <li>Stopped by its process id: SIGTERM, then a forced kill after {@link #STOP_TIMEOUT}.</li>
 * </ol>
 */
public final class KeycloakLauncher implements AutoCloseable {
    /**
     * How long Keycloak's X.509 authenticator keeps a CRL it fetched before asking again: the longest a revoked
     * certificate can still be used to log in (the platform's API refuses it at once).
     */
    public static final java.time.Duration CRL_CACHE_TIME = java.time.Duration.ofSeconds(5);
    public static final String KEYCLOAK_VERSION = "26.7.3";
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    private static final String POM = "deployment/local/keycloak/pom.xml";
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path repoRoot;
    private final List<TenantDescriptor> tenants;
    private final Optional<X509Certificate> clientCa;
    private final RealmGenerator generator;
    private final Optional<Path> stateDir;
    private Process process;
    private KeycloakEndpoints endpoints;
    private KeycloakRealmDirectory directory;
    private Thread shutdownHook;

    /**
     * @param tenants   realms imported at start
     * @param clientCa  the CA whose client certificates Keycloak accepts (the platform CA); without it Keycloak does
     *                  not ask for client certificates
     */
    public KeycloakLauncher(List<TenantDescriptor> tenants, Optional<X509Certificate> clientCa, RealmGenerator.Options options) {
        this(tenants, clientCa, options, Optional.empty());
    }

    /**
     * @param stateDir where Keycloak keeps its database and admin credential across restarts; empty: a folder of this
     *                 run (forgotten with it), as tests want
     */
    public KeycloakLauncher(List<TenantDescriptor> tenants, Optional<X509Certificate> clientCa, RealmGenerator.Options options,
                            Optional<Path> stateDir) {
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir").map(p -> p.toAbsolutePath().normalize());
        this.repoRoot = repoRoot();
        this.tenants = List.copyOf(tenants);
        this.clientCa = Objects.requireNonNull(clientCa, "clientCa");
        this.generator = new RealmGenerator(options);
    }

    /** Prepares the run's home, starts Keycloak, waits until ready and provisions the tenants' realms. */
    public synchronized KeycloakEndpoints start() {
        if (process != null && process.isAlive()) {
            return endpoints;
        }
        long t0 = System.nanoTime();
        Path dist = distribution();
        Path runDir = repoRoot.resolve("deployment/local/keycloak/target/run-" + ProcessHandle.current().pid() + "-"
                + RUNS.incrementAndGet());
        int httpsPort = freePort();
        int managementPort = freePort();
        LocalCa serverCa = LocalCa.create("Mosaic local Keycloak TLS CA");
        Path state = stateDir.orElse(runDir.resolve("state"));
        List<String> command;
        String password;
        try {
            prepareHome(dist, runDir);
            password = KeycloakState.adminPassword(state);
            command = new ArrayList<>(List.of(dist.resolve("bin/kc.sh").toString(), "start",
                    "--http-host=127.0.0.1", "--http-management-host=127.0.0.1", "--http-enabled=false",
                    "--https-port=" + httpsPort, "--http-management-port=" + managementPort, "--health-enabled=true",
                    "--cache=local", "--db=dev-file", "--db-url=" + KeycloakState.jdbcUrl(state),
                    "--import-realm", "--hostname=https://127.0.0.1:" + httpsPort, "--log=console,file",
                    "--log-file=" + runDir.resolve("data/log/keycloak.log")));
            command.addAll(tls(runDir, serverCa));
        } catch (IOException e) {
            throw new KeycloakLaunchException("cannot prepare Keycloak's run folder " + runDir + " or its state in " + state, e);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(runDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("keycloak.log").toFile()));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", password);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
        if (Runtime.version().feature() >= 24) {
            builder.environment().put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
        }
        System.out.printf("[keycloak] starting %s in production mode on 127.0.0.1 (https %d, management %d), state %s, log %s%n",
                KEYCLOAK_VERSION, httpsPort, managementPort, state, runDir.resolve("keycloak.log"));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new KeycloakLaunchException("cannot run " + command.getFirst(), e);
        }
        if (shutdownHook == null) { // a JVM that exits without close() must not leave Keycloak behind
            Process started = process;
            shutdownHook = new Thread(() -> stopProcess(started), "keycloak-launcher-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        endpoints = new KeycloakEndpoints(URI.create("https://127.0.0.1:" + httpsPort),
                URI.create("https://127.0.0.1:" + managementPort), "admin", password, serverCa, runDir, process.pid());
        awaitReady(t0);
        HttpClient http = endpoints.httpClient(Optional.empty());
        directory = new KeycloakRealmDirectory(endpoints.base(), new KeycloakAdmin(endpoints.base(), "admin", password, http),
                generator);
        for (TenantDescriptor tenant : tenants) {
            TenantRealm realm = directory.provision(tenant);
            System.out.printf("[keycloak] realm %s ready: issuer %s%n", realm.realm(), realm.issuer());
        }
        System.out.printf("[keycloak] started with %d realm(s) in %.1f s (pid %d)%n", tenants.size(),
                (System.nanoTime() - t0) / 1e9, process.pid());
        return endpoints;
    }

    public synchronized KeycloakEndpoints endpoints() {
        if (endpoints == null) {
            throw new KeycloakLaunchException("Keycloak was not started");
        }
        return endpoints;
    }

    /** The realm directory of this Keycloak (realm per tenant). */
    public synchronized KeycloakRealmDirectory directory() {
        if (directory == null) {
            throw new KeycloakLaunchException("Keycloak was not started");
        }
        return directory;
    }

    public RealmGenerator generator() {
        return generator;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops Keycloak by its process id (SIGTERM, forced after a timeout). Idempotent. */
    public synchronized void stop() {
        if (process != null) {
            stopProcess(process);
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                System.out.println("[keycloak] JVM shutting down: the shutdown hook stops Keycloak");
            }
            shutdownHook = null;
        }
    }

    private static void stopProcess(Process p) {
        if (!p.isAlive()) {
            return;
        }
        long t0 = System.nanoTime();
        p.destroy(); // SIGTERM to the JVM that kc.sh exec'd
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.printf("[keycloak] pid %d did not stop within %d s: killing it%n", p.pid(), STOP_TIMEOUT.toSeconds());
                p.destroyForcibly();
                p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return;
        }
        System.out.printf("[keycloak] pid %d stopped in %d ms%n", p.pid(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** The unpacked distribution, unpacking it with Maven the first time. */
    Path distribution() {
        Path dist = repoRoot.resolve("deployment/local/keycloak/target/dist/keycloak-" + KEYCLOAK_VERSION);
        if (Files.isExecutable(dist.resolve("bin/kc.sh"))) {
            return dist;
        }
        List<String> mvn = List.of(mavenExecutable(), "-B", "-q", "-f", repoRoot.resolve(POM).toString(), "dependency:unpack");
        System.out.println("[keycloak] fetching and unpacking the distribution (first time only, ~180 MB): " + String.join(" ", mvn));
        long t0 = System.nanoTime();
        try {
            Path log = repoRoot.resolve("deployment/local/keycloak/target/unpack.log");
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(mvn).directory(repoRoot.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            while (!p.waitFor(10, TimeUnit.SECONDS)) {
                System.out.printf("[keycloak] still fetching the distribution: %d s%n",
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
            }
            if (p.exitValue() != 0 || !Files.isExecutable(dist.resolve("bin/kc.sh"))) {
                throw new KeycloakLaunchException("Maven could not unpack keycloak-quarkus-dist " + KEYCLOAK_VERSION
                        + " (exit " + p.exitValue() + "); see " + log + ":\n" + tail(log, 30));
            }
        } catch (IOException e) {
            throw new KeycloakLaunchException("cannot run Maven to fetch Keycloak", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeycloakLaunchException("interrupted while fetching Keycloak", e);
        }
        System.out.printf("[keycloak] distribution unpacked in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return dist;
    }

    /**
     * Installs into the distribution (Keycloak's build in {@code lib/quarkus} records the providers' paths, so the
     * home cannot be copied per run): the extension jar when its bytes changed (Keycloak then rebuilds once), the
     * tenants' themes and realm files. The run folder keeps TLS files and logs.
     */
    private void prepareHome(Path dist, Path runDir) throws IOException {
        Files.createDirectories(runDir.resolve("data/log"));
        Path installed = dist.resolve("providers/mosaic-keycloak-extension.jar");
        Path jar = extensionJar();
        if (!Files.isRegularFile(installed) || Files.mismatch(installed, jar) != -1) {
            System.out.println("[keycloak] installing " + jar.getFileName() + " into providers/ (Keycloak rebuilds once: +15-55 s)");
            // a fresh timestamp: Keycloak rebuilds when a provider is newer than its last build
            Files.copy(jar, installed, StandardCopyOption.REPLACE_EXISTING);
        }
        Path themes = Files.createDirectories(dist.resolve("themes"));
        Path imports = Files.createDirectories(dist.resolve("data/import"));
        for (TenantDescriptor tenant : tenants) {
            LoginThemes.write(themes, tenant, repoRoot.resolve("tenant-config"));
            Files.writeString(imports.resolve(tenant.id() + "-realm.json"), generator.realmJson(tenant));
        }
    }

    /** HTTPS options: Keycloak's certificate from {@code serverCa}; client certificates of the platform CA requested. */
    private List<String> tls(Path runDir, LocalCa serverCa) throws IOException {
        Path tlsDir = Files.createDirectories(runDir.resolve("tls"));
        LocalCa.Issued server = serverCa.issueServer("127.0.0.1");
        LocalCa.writePem(tlsDir.resolve("server.crt.pem"), server.certificate(), serverCa.certificate());
        // PKCS#8 ("PRIVATE KEY"): what Vert.x reads
        Files.writeString(tlsDir.resolve("server.key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(server.keyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        List<String> options = new ArrayList<>(List.of(
                "--https-certificate-file=" + tlsDir.resolve("server.crt.pem"),
                "--https-certificate-key-file=" + tlsDir.resolve("server.key.pem")));
        if (clientCa.isPresent()) {
            String storePassword = HexFormat.of().formatHex(randomBytes(8));
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("platform-ca", clientCa.get());
                try (var out = Files.newOutputStream(tlsDir.resolve("client-ca.p12"))) {
                    trust.store(out, storePassword.toCharArray());
                }
            } catch (GeneralSecurityException e) {
                throw new KeycloakLaunchException("cannot write the trust store of client certificates", e);
            }
            options.add("--https-client-auth=request");
            options.add("--https-trust-store-file=" + tlsDir.resolve("client-ca.p12"));
            options.add("--https-trust-store-password=" + storePassword);
            // revocation: Keycloak keeps a fetched CRL at most this long (else until the CRL's next update)
            options.add("--spi-crl-storage--infinispan--cache-time=" + CRL_CACHE_TIME.toSeconds());
            options.add("--spi-crl-storage--infinispan--min-time-between-requests=1");
        }
        return options;
    }

    /** The extension jar on this classpath (Maven puts the built jar there), or the module's target/ jar. */
    private Path extensionJar() {
        try {
            Path location = Path.of(Challenge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                return location;
            }
        } catch (URISyntaxException | SecurityException e) {
            System.out.println("[keycloak] cannot locate the extension on the classpath (" + e + "): using target/");
        }
        Path target = repoRoot.resolve("platform-core/keycloak-extension/target");
        try (Stream<Path> jars = Files.list(target)) {
            return jars.filter(p -> p.getFileName().toString().matches("mosaic-keycloak-extension-.*(?<!sources|tests)\\.jar"))
                    .findFirst().orElseThrow(() -> new KeycloakLaunchException("no extension jar in " + target
                            + ": build it (mvn -pl platform-core/keycloak-extension install)"));
        } catch (IOException e) {
            throw new KeycloakLaunchException("no extension jar in " + target, e);
        }
    }

    private void awaitReady(long t0) {
        HttpClient http = endpoints.httpClient(Optional.empty());
        // the management interface speaks HTTPS when the server has a certificate; plain HTTP is tried as well
        List<URI> probes = List.of(endpoints.management().resolve("/health/ready"),
                URI.create("http://127.0.0.1:" + endpoints.management().getPort() + "/health/ready"));
        int attempt = 0;
        long deadline = t0 + READY_TIMEOUT.toNanos();
        long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Path log = endpoints.runDir().resolve("keycloak.log");
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new KeycloakLaunchException("Keycloak exited with code " + process.exitValue()
                        + " before it was ready; last lines of " + log + ":\n" + tail(log, 40));
            }
            URI probe = probes.get(attempt++ % probes.size());
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    if (!probe.getScheme().equals(endpoints.management().getScheme())) {
                        endpoints = new KeycloakEndpoints(endpoints.base(), URI.create("http://127.0.0.1:"
                                + endpoints.management().getPort()), endpoints.adminUsername(), endpoints.adminPassword(),
                                endpoints.serverCa(), endpoints.runDir(), endpoints.pid());
                    }
                    System.out.printf("[keycloak] ready in %.1f s (pid %d)%n", (System.nanoTime() - t0) / 1e9, process.pid());
                    return;
                }
                last = probe.getScheme() + " HTTP " + response.statusCode();
            } catch (IOException e) {
                last = probe.getScheme() + " " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new KeycloakLaunchException("interrupted while waiting for Keycloak", e);
            }
            if (System.nanoTime() > nextReport) {
                System.out.printf("[keycloak] waiting for Keycloak: %d s (%s; %s)%n",
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), last, lastLine(log));
                nextReport += TimeUnit.SECONDS.toNanos(5);
            }
            pause(Duration.ofMillis(500));
        }
        stop();
        throw new KeycloakLaunchException("Keycloak was not ready within " + READY_TIMEOUT.toSeconds() + " s (" + last
                + "); last lines of " + log + ":\n" + tail(log, 40));
    }

    private static void pause(Duration duration) {
        CountDownLatch never = new CountDownLatch(1);
        try {
            never.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeycloakLaunchException("interrupted while waiting for Keycloak", e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new KeycloakLaunchException("cannot find a free port on 127.0.0.1", e);
        }
    }

    private static String mavenExecutable() {
        String home = System.getenv("MAVEN_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    /** The checkout's root: the nearest folder at or above the working directory (or {@code -Dmosaic.root}) with the pom. */
    static Path repoRoot() {
        String configured = System.getProperty("mosaic.root");
        Path start = Path.of(configured != null ? configured : "").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(POM))) {
                return dir;
            }
        }
        throw new KeycloakLaunchException("no Mosaic checkout at or above " + start + " (looked for " + POM
                + "); run from inside the checkout or set -Dmosaic.root");
    }

    private static String lastLine(Path log) {
        String tail = tail(log, 1);
        return tail.length() > 120 ? tail.substring(0, 120) + "…" : tail;
    }

    static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no " + file + ")";
        }
        try (InputStream in = Files.newInputStream(file)) {
            List<String> all = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
