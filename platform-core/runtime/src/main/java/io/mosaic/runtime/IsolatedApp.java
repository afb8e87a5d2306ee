package io.mosaic.runtime;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.runtime.host.LoadedPlugin;
import io.mosaic.runtime.host.ManifestReader;
import io.mosaic.runtime.host.PluginHostException;
import io.mosaic.runtime.isolated.Channel;
import io.mosaic.runtime.isolated.ChildMain;
import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.AppPlugin;
import io.mosaic.sdk.ConcurrencyConflictException;
import io.mosaic.sdk.EntityForgottenException;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.EventStore;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.MosaicPlugin;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.PluginManifest;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.RecordedEvent;
import io.mosaic.sdk.UndeclaredMessageException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The parent's side of an untrusted app that runs in a JVM of its own. To the tenant runtime it is
 * an ordinary {@link AppPlugin}: {@link #onMessage} sends the verified, authorised, decrypted envelope to the child
 * and waits for its answer (an exception there is an exception here, so the bus retries and finally dead-letters);
 * {@link #query} round-trips. What the child asks for (publish, its events, config, clock) is served through the
 * {@link PluginContext} the runtime gave this adapter, so publishing meets the same checks, audit and signing as for
 * an in-process plugin, and events stay encrypted under the parent's keys. The child holds no key and sees neither
 * the journal nor the key store: its class path is the SDK, Jackson and the child's own classes, its working
 * directory a scratch directory with a copy of the app jar, its environment empty.
 * <p>
 * Confinement: when the server runs as root and util-linux's {@code unshare} and {@code setpriv} are at hand, the child
 * runs in a network namespace of its own (no network at all: it cannot reach the platform's ports, Pulsar, Cassandra,
 * Keycloak or anything else) and as the unprivileged user {@code nobody} with no supplementary groups and no way to
 * gain privileges, so the server's files (the data folder is the server user's only) are out of its reach; its class
 * path is copied into its scratch directory so that it can read that. Otherwise (a developer's account) it runs as the
 * server's user and a warning says so once. {@code -Dmosaic.isolated.confine=false} turns confinement off.
 * <p>
 * Supervision: every round trip has a timeout; a child that dies is audited ({@code app-process-died}) and restarted
 * once; {@link #stop} (and {@link Loaded#release}) ends it by its pid, forcibly after a grace period, and all its
 * threads with it.
 */
final class IsolatedApp implements AppPlugin {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(IsolatedApp.class.getName());
    /** The unprivileged user and group a confined child runs as ({@code nobody}, {@code nogroup}). */
    static final int CONFINED_ID = 65534;
    /** The command prefix that confines a child; empty when it cannot be confined here. */
    private static final List<String> CONFINE = confinement();
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]{0,127}");
    private static final int MAX_RESTARTS = 1;
    private static final int RECENT_ENVELOPES = 1_024;

    private final String tenant;
    private final PluginManifest manifest;
    private final AuditTrail audit;
    private final Duration timeout;
    private final Path workDir;
    private final Path appJar;
    private final ObjectMapper mapper = mapper();
    private final ExecutorService executor;
    /** Envelopes delivered lately, so a message the child publishes can name its cause by id and nothing else. */
    private final Map<UUID, Envelope> recent = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Envelope> eldest) {
            return size() > RECENT_ENVELOPES;
        }
    });
    private volatile PluginContext context;
    private volatile Child child;
    private volatile boolean stopping;
    private int restarts;

    private IsolatedApp(String tenant, PluginManifest manifest, Path jar, AuditTrail audit, Duration timeout) {
        this.tenant = tenant;
        this.manifest = manifest;
        this.audit = audit;
        this.timeout = timeout;
        try {
            this.workDir = Files.createTempDirectory("mosaic-isolated-");
            this.appJar = Files.copy(jar, workDir.resolve("app.jar"), StandardCopyOption.REPLACE_EXISTING);
            writeChildJar(workDir.resolve("mosaic-child.jar"));
            if (confined()) { // nobody reads its scratch directory and class path, and writes nothing there
                Files.setPosixFilePermissions(workDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                for (Path f : List.of(appJar, workDir.resolve("mosaic-child.jar"))) {
                    Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the process of " + manifest.plugin(), e);
        }
        this.executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("mosaic-isolated-" + tenant + "-" + manifest.plugin().id() + "-", 0).factory());
    }

    /** Reads the app's manifest; the process starts with {@link #start}. */
    static Loaded load(String tenant, Path jar, AuditTrail audit, Duration timeout) {
        PluginManifest manifest = new ManifestReader().read(jar);
        if (manifest.kind() != io.mosaic.sdk.PluginKind.APP) {
            throw new PlatformException(jar.getFileName() + " is the domain plugin '" + manifest.plugin().id()
                    + "': domains are reviewed platform code and run in process; only apps run in a process of their own");
        }
        return new Loaded(new IsolatedApp(tenant, manifest, jar, audit, timeout));
    }

    /** The pid of the app's process while it runs. */
    OptionalLong pid() {
        Child c = child;
        return c != null && c.process.isAlive() ? OptionalLong.of(c.process.pid()) : OptionalLong.empty();
    }

    // ---------------------------------------------------------------- AppPlugin, as the runtime sees it

    @Override
    public void start(PluginContext ctx) {
        this.context = ctx;
        launch();
    }

    @Override
    public void onMessage(Envelope envelope) {
        EnvelopeView view = (EnvelopeView) envelope;
        EnvelopeHeader h = view.header();
        recent.put(h.id(), envelope);
        ObjectNode body = mapper.createObjectNode();
        body.put("id", h.id().toString());
        body.put("tenant", h.tenant());
        body.put("type", h.type());
        body.put("schemaVersion", h.schemaVersion());
        body.put("sender", h.sender().toString());
        body.put("subject", h.subject());
        body.put("correlationId", h.correlationId().toString());
        h.causationId().ifPresent(c -> body.put("causationId", c.toString()));
        body.put("occurredAt", h.occurredAt().toString());
        h.entity().ifPresent(e -> body.put("entity", e));
        try {
            body.set("payload", mapper.readTree(view.payloadBytes()));
        } catch (IOException e) {
            throw new PlatformException("payload of " + h.type() + " " + h.id() + " is not JSON", e);
        }
        call("message", body);
    }

    @Override
    public Optional<Object> query(Query query) {
        ObjectNode body = mapper.createObjectNode();
        body.put("name", query.name());
        body.put("subject", query.subject());
        ObjectNode parameters = body.putObject("parameters");
        query.parameters().forEach(parameters::put);
        JsonNode answer = call("query", body);
        return answer != null && answer.path("present").asBoolean() ? Optional.of(answer.get("value")) : Optional.empty();
    }

    @Override
    public void onUninstall(Instant shredAt) {
        call("uninstall", mapper.createObjectNode().put("shredAt", shredAt.toString()));
    }

    @Override
    public void stop() {
        stopping = true;
        Child c = child;
        try {
            if (c != null && c.process.isAlive()) {
                c.channel.call("stop", null, timeout);
            }
        } catch (Channel.Failure f) {
            LOG.log(Level.WARNING, () -> "app " + tenant + "/" + manifest.plugin() + " did not stop cleanly: " + f.getMessage());
        } finally {
            terminate();
        }
    }

    // ---------------------------------------------------------------- the process

    private synchronized void launch() {
        List<String> command = new ArrayList<>(CONFINE);
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dmosaic.isolated.timeout-ms=" + timeout.toMillis(),
                "-cp", childClassPath(), ChildMain.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().clear(); // nothing of the parent's environment (passwords, config paths) reaches it
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new PlatformException("cannot start the process of app " + manifest.plugin() + " in tenant " + tenant, e);
        }
        String name = tenant + "/" + manifest.plugin().id() + " (pid " + process.pid() + ")";
        Channel channel = new Channel(process.getInputStream(), process.getOutputStream(), mapper, this::handle, executor,
                line -> LOG.warning(() -> "app " + name + ": " + line));
        Child started = new Child(process, channel, new java.util.concurrent.CompletableFuture<>());
        child = started;
        Thread.ofPlatform().daemon().name("mosaic-isolated-io-" + name).start(() -> {
            channel.run();
            if (process.isAlive() && !stopping) {
                LOG.warning(() -> "app " + name + " closed its channel; ending the process");
                process.destroyForcibly();
            }
        });
        Thread.ofPlatform().daemon().name("mosaic-isolated-err-" + name).start(() -> forwardStderr(process, name));
        process.onExit().thenRun(() -> died(started));
        ObjectNode start = mapper.createObjectNode();
        start.put("tenant", tenant);
        start.put("id", manifest.plugin().id());
        start.put("version", manifest.plugin().version());
        start.put("entryClass", manifest.entryClass());
        start.put("jar", appJar.getFileName().toString());
        try {
            channel.call("start", start, timeout);
        } catch (Channel.Failure f) {
            stopping = true;
            kill(process);
            PlatformException failed = new PlatformException("app " + manifest.plugin() + " did not start in its own process: "
                    + f.getMessage());
            started.ready().completeExceptionally(failed);
            throw failed;
        }
        started.ready().complete(null);
        LOG.info(() -> "app " + name + " started in its own JVM");
    }

    /** Lines of a child's output logged per second at most, and characters of each; the rest is counted. */
    static final int STDERR_LINES_PER_SECOND = 50;
    static final int STDERR_LINE_CHARS = 2_000;

    /**
     * Forwards the child's output (its stderr, where its System.out goes too) to the log, bounded: at most
     * {@value #STDERR_LINES_PER_SECOND} lines a second of at most {@value #STDERR_LINE_CHARS} characters each (a longer
     * line is cut, never held whole); what is left out is counted and said once a second.
     */
    private void forwardStderr(Process process, String name) {
        try (var err = new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)) {
            var in = new java.io.BufferedReader(err, 8_192);
            long window = System.nanoTime();
            int logged = 0;
            long suppressed = 0;
            StringBuilder line = new StringBuilder();
            boolean cut = false;
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c != '\n') {
                    if (line.length() < STDERR_LINE_CHARS) {
                        line.append((char) c);
                    } else {
                        cut = true;
                    }
                    continue;
                }
                long now = System.nanoTime();
                if (now - window >= 1_000_000_000L) {
                    if (suppressed > 0) {
                        long count = suppressed;
                        LOG.warning(() -> "app " + name + ": " + count + " lines of its output left out (more than "
                                + STDERR_LINES_PER_SECOND + " a second)");
                    }
                    window = now;
                    logged = 0;
                    suppressed = 0;
                }
                if (logged < STDERR_LINES_PER_SECOND) {
                    logged++;
                    String text = line + (cut ? " … (cut at " + STDERR_LINE_CHARS + " characters)" : "");
                    LOG.info(() -> "app " + name + ": " + text);
                } else {
                    suppressed++;
                }
                line.setLength(0);
                cut = false;
            }
            if (suppressed > 0) {
                long count = suppressed;
                LOG.warning(() -> "app " + name + ": " + count + " lines of its output left out before it ended");
            }
        } catch (IOException e) {
            LOG.fine(() -> "stderr of app " + name + " closed: " + e.getMessage());
        }
    }

    private void died(Child dead) {
        if (stopping || dead != child) {
            return;
        }
        boolean restart;
        synchronized (this) {
            restart = restarts < MAX_RESTARTS;
            if (restart) {
                restarts++;
            }
        }
        int exit = dead.process.exitValue();
        audit.record(tenant, "app-process-died", "platform", "", manifest.plugin().toString(), "", "",
                "pid " + dead.process.pid() + " exited with " + exit + (restart ? "; restarting it" : "; not restarted again"));
        LOG.warning(() -> "app " + tenant + "/" + manifest.plugin() + ": process " + dead.process.pid() + " died (exit "
                + exit + ")" + (restart ? "; restarting it" : ""));
        if (restart) {
            executor.execute(() -> {
                try {
                    launch();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "app " + tenant + "/" + manifest.plugin() + " could not be restarted", e);
                    audit.record(tenant, "app-process-restart-failed", "platform", "", manifest.plugin().toString(), "",
                            "", e.getMessage());
                }
            });
        }
    }

    /** Ends the child by its pid: closing its stdin makes it halt; then destroy, then destroyForcibly. */
    synchronized void terminate() {
        stopping = true;
        Child c = child;
        if (c != null) {
            c.channel.close();
            kill(c.process);
        }
        executor.shutdownNow();
        deleteWorkDir();
    }

    private void kill(Process process) {
        ProcessHandle handle = process.toHandle();
        List<ProcessHandle> descendants = handle.descendants().toList();
        try {
            process.onExit().get(timeout.toMillis() / 4, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroy();
            try {
                process.onExit().get(timeout.toMillis() / 4, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillAlive) {
                LOG.warning(() -> "app process " + process.pid() + " ignored the request to end; killing it");
                process.destroyForcibly();
                process.onExit().join();
            } catch (InterruptedException | java.util.concurrent.ExecutionException f) {
                process.destroyForcibly();
                if (f instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private void deleteWorkDir() {
        try (Stream<Path> files = Files.walk(workDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.fine(() -> "cannot delete " + workDir + ": " + e.getMessage());
        }
    }

    private JsonNode call(String op, JsonNode body) {
        Child c = child;
        if (c == null || stopping && !op.equals("stop")) {
            throw new PlatformException("app " + manifest.plugin() + " of tenant " + tenant + " is not running");
        }
        if (!op.equals("stop")) {
            awaitStarted(c); // a restarted child takes calls only once its app has started
        }
        try {
            return c.channel.call(op, body, timeout);
        } catch (Channel.Failure f) {
            throw new PlatformException("app " + manifest.plugin() + " of tenant " + tenant + " (pid " + c.process.pid()
                    + ") failed on " + op + ": " + f.kind() + ": " + f.getMessage());
        }
    }

    private void awaitStarted(Child c) {
        try {
            c.ready().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new PlatformException("app " + manifest.plugin() + " of tenant " + tenant + " (pid " + c.process.pid()
                    + ") is still starting after " + timeout.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new PlatformException("app " + manifest.plugin() + " of tenant " + tenant + " (pid " + c.process.pid()
                    + ") did not start: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while app " + manifest.plugin() + " of tenant " + tenant + " starts");
        }
    }

    /** A child process; {@code ready} completes once its app has started (exceptionally if it did not). */
    private record Child(Process process, Channel channel, java.util.concurrent.CompletableFuture<Void> ready) {
    }

    // ---------------------------------------------------------------- what the child asks for

    private JsonNode handle(String op, JsonNode body) {
        PluginContext ctx = context;
        if (ctx == null) {
            throw new Channel.Failure("not-started", "the app is not started", null);
        }
        try {
            return switch (op) {
                case "publish" -> publish(ctx, body);
                case "events.load" -> load(ctx, body);
                case "events.append" -> append(ctx, body);
                case "config" -> ctx.config(body.path("key").asText()).map(mapper.getNodeFactory()::textNode)
                        .map(JsonNode.class::cast).orElse(mapper.nullNode());
                case "clock" -> mapper.getNodeFactory().textNode(ctx.clock().instant().toString());
                default -> throw new Channel.Failure("unknown-op", "the platform does not serve '" + op + "'", null);
            };
        } catch (UndeclaredMessageException e) {
            throw new Channel.Failure("undeclared", e.getMessage(), null);
        } catch (io.mosaic.sdk.AppendTooLargeException e) {
            throw new Channel.Failure("too-large", e.getMessage(), mapper.createObjectNode().put("rows", e.rows())
                    .put("maxRows", e.maxRows()));
        } catch (ConcurrencyConflictException e) {
            throw new Channel.Failure("conflict", e.getMessage(), mapper.createObjectNode()
                    .put("persistenceId", e.persistenceId()).put("expected", e.expected()).put("actual", e.actual()));
        } catch (EntityForgottenException e) {
            throw new Channel.Failure("forgotten", e.getMessage(), mapper.createObjectNode().put("entity", e.entity()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Channel.Failure("invalid", e.getMessage(), null);
        }
    }

    private JsonNode publish(PluginContext ctx, JsonNode body) {
        ctx.publish(message(body));
        return null;
    }

    /** A message the child asks for: its type, body, entity and, by id only, the envelope that caused it. */
    private Message message(JsonNode body) {
        JsonNode payload = body.get("body");
        if (!body.path("type").isTextual() || payload == null || payload.isNull()) {
            throw new IllegalArgumentException("publish needs a type and a body");
        }
        Message message = Message.of(body.get("type").asText(), payload);
        if (body.path("entity").isTextual()) {
            message = message.entity(body.get("entity").asText());
        }
        if (body.path("cause").isTextual()) {
            // only an envelope this app was given can be a cause: the subject it acts for comes from the platform
            Envelope cause = recent.get(UUID.fromString(body.get("cause").asText()));
            if (cause != null) {
                message = message.causedBy(cause);
            }
        }
        return message;
    }

    private JsonNode load(PluginContext ctx, JsonNode body) {
        AggregateRef ref = new AggregateRef(body.path("type").asText(), body.path("id").asText());
        ArrayNode out = mapper.createArrayNode();
        for (RecordedEvent e : ctx.events().load(ref)) {
            ObjectNode event = out.addObject();
            event.put("sequence", e.sequence());
            event.put("type", e.type());
            event.put("recordedAt", e.recordedAt().toString());
            event.set("data", e.as(JsonNode.class));
        }
        return out;
    }

    private JsonNode append(PluginContext ctx, JsonNode body) {
        AggregateRef ref = new AggregateRef(body.path("type").asText(), body.path("id").asText());
        EventStore store = ctx.events();
        if (!(store instanceof PluginEventStore events)) {
            throw new IllegalStateException("the app's event store is not the platform's");
        }
        List<Map.Entry<String, byte[]>> json = new ArrayList<>();
        for (JsonNode e : body.path("events")) {
            String name = e.path("name").asText();
            if (!EVENT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not an event record's name");
            }
            try {
                json.add(Map.entry(name, mapper.writeValueAsBytes(e.get("data"))));
            } catch (IOException x) {
                throw new IllegalArgumentException("event " + name + " cannot be written", x);
            }
        }
        if (json.isEmpty()) {
            throw new IllegalArgumentException("append needs at least one event");
        }
        List<Message> publish = new ArrayList<>();
        for (JsonNode m : body.path("publish")) {
            publish.add(message(m));
        }
        return mapper.getNodeFactory().numberNode(events.appendJson(ref, body.path("expected").asLong(), json, publish));
    }

    // ---------------------------------------------------------------- class path of the child

    /**
     * The SDK, Jackson (databind, core, annotations, java.time), and the child's own classes: nothing else. A confined
     * child gets copies in its scratch directory (it cannot read the server's own files).
     */
    private String childClassPath() {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(workDir.resolve("mosaic-child.jar").toString());
        for (Class<?> c : List.of(MosaicPlugin.class, ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
                JsonFormat.class, JavaTimeModule.class)) {
            Path source = codeSource(c);
            if (confined() && Files.isRegularFile(source)) {
                Path copy = workDir.resolve("lib").resolve(source.getFileName());
                try {
                    if (!Files.exists(copy)) {
                        Files.createDirectories(copy.getParent());
                        Files.setPosixFilePermissions(copy.getParent(),
                                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                        Files.copy(source, copy);
                        Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot give the confined process of " + manifest.plugin() + " its class path", e);
                }
                source = copy;
            }
            entries.add(source.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** Whether children run confined on this machine (see the class comment). */
    static boolean confined() {
        return !CONFINE.isEmpty();
    }

    private static List<String> confinement() {
        if (!Boolean.parseBoolean(System.getProperty("mosaic.isolated.confine", "true"))) {
            LOG.warning("isolated apps run unconfined (-Dmosaic.isolated.confine=false): as this server's user, with its network");
            return List.of();
        }
        Path unshare = Path.of("/usr/bin/unshare");
        Path setpriv = Path.of("/usr/bin/setpriv");
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(unshare) || !Files.isExecutable(setpriv)) {
            LOG.warning("isolated apps run as this server's user with its network: confining them needs root and"
                    + " util-linux's unshare and setpriv (docs/security.md, 'Untrusted apps out of process')");
            return List.of();
        }
        return List.of(unshare.toString(), "--net", "--", setpriv.toString(), "--reuid=" + CONFINED_ID,
                "--regid=" + CONFINED_ID, "--clear-groups", "--no-new-privs", "--");
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new PlatformException("cannot find where " + c.getName() + " is loaded from", e);
        }
    }

    /** Copies the classes of {@code io.mosaic.runtime.isolated} (and only those) into a jar of their own. */
    private static void writeChildJar(Path target) throws IOException {
        String prefix = ChildMain.class.getPackageName().replace('.', '/') + "/";
        Path source = codeSource(ChildMain.class);
        try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out)) {
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source.resolve(prefix))) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        jar.putNextEntry(new JarEntry(source.relativize(f).toString().replace('\\', '/')));
                        Files.copy(f, jar);
                        jar.closeEntry();
                    }
                }
            } else {
                try (ZipFile zip = new ZipFile(source.toFile())) {
                    for (var entry : Collections.list(zip.entries())) {
                        if (entry.getName().startsWith(prefix) && !entry.isDirectory()) {
                            jar.putNextEntry(new JarEntry(entry.getName()));
                            try (var in = zip.getInputStream(entry)) {
                                in.transferTo(jar);
                            }
                            jar.closeEntry();
                        }
                    }
                }
            }
        }
    }

    private static ObjectMapper mapper() {
        return com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    }

    // ---------------------------------------------------------------- the runtime's handle

    /** The runtime's handle on an isolated app: no plugin code is loaded in this JVM. */
    static final class Loaded implements LoadedPlugin {
        private final IsolatedApp app;
        private volatile boolean loaded = true;

        Loaded(IsolatedApp app) {
            this.app = app;
        }

        IsolatedApp app() {
            return app;
        }

        @Override
        public PluginManifest manifest() {
            return app.manifest;
        }

        @Override
        public MosaicPlugin instance() {
            requireLoaded();
            return app;
        }

        @Override
        public Optional<String> resource(String name) {
            requireLoaded();
            return new ManifestReader().readResource(app.appJar, name);
        }

        /** No app class is loaded here: the adapter's own loader, which holds none of the app's code. */
        @Override
        public ClassLoader classLoader() {
            requireLoaded();
            return IsolatedApp.class.getClassLoader();
        }

        @Override
        public boolean isLoaded() {
            return loaded;
        }

        /** Ends the process (if still running) and forgets the app. */
        void release() {
            loaded = false;
            app.terminate();
        }

        private void requireLoaded() {
            if (!loaded) {
                throw new PluginHostException("app " + app.manifest.plugin() + " of tenant " + app.tenant + " is unloaded");
            }
        }
    }
}
