package io.mosaic.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mosaic.sdk.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** An untrusted app runs in its own JVM, and a deliberately hostile one stays contained. */
class IsolatedAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;
    @TempDir
    Path jars;
    MosaicPlatform platform;

    @BeforeEach
    void start() {
        platform = MosaicPlatform.embedded(data, "test-password".toCharArray(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    static void registerAndValue(TenantRuntime t, String asset, String valuationId, String amount) {
        t.submit("assets.RegisterAsset", ("{\"assetId\":\"" + asset + "\",\"name\":\"R\",\"assetClass\":\"ART\","
                + "\"owner\":\"o\",\"currency\":\"CHF\",\"description\":\"d\"}").getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, asset);
        value(t, asset, valuationId, amount);
    }

    static void value(TenantRuntime t, String asset, String valuationId, String amount) {
        t.submit("assets.RecordValuation", ("{\"assetId\":\"" + asset + "\",\"valuationId\":\"" + valuationId
                + "\",\"amount\":\"" + amount + "\",\"currency\":\"CHF\",\"valuationDate\":\"2025-01-01\",\"method\":\"MODEL\","
                + "\"appraiser\":\"\"}").getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, asset);
    }

    static String query(TenantRuntime t, String domain, String name, Map<String, String> parameters) {
        return t.query(domain, new Query(name, parameters, TestTenants.ADMIN)).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
    }

    @Test
    void hostileApp_isContained_andItsProcessEndsDespiteItsNonDaemonThread() throws Exception {
        TenantRuntime demo = TestTenants.withAdmin(platform.createTenant("demo"));
        TenantRuntime alpine = TestTenants.withAdmin(platform.createTenant("alpine"));
        demo.install(PluginJars.assets(), Set.of());
        alpine.install(PluginJars.assets(), Set.of());
        alpine.install(PluginJars.valuationAlerts(), Set.of("assets.valuations.read"));
        List<LiveEvent> notes = new CopyOnWriteArrayList<>();
        demo.onLive(e -> {
            if (e.type().equals("hostile.Note")) {
                notes.add(e);
            }
        });
        demo.install(HostileAppJar.build(jars), Set.of("assets.valuations.read"), Isolation.PROCESS);
        long pid = demo.processOf("hostile").orElseThrow();
        assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());

        registerAndValue(alpine, "alpine-asset", "a1", "10.00"); // another tenant's valuation
        await().atMost(WAIT).until(() -> query(alpine, "valuation-alerts", "processed", Map.of("assetId", "alpine-asset")).contains("a1"));
        registerAndValue(demo, "demo-asset", "d1", "20.00");
        await().atMost(WAIT).until(() -> !notes.isEmpty());

        JsonNode note = JSON.readTree(notes.getFirst().payloadJson());
        assertThat(note.path("tenant").asText()).isEqualTo("demo");
        assertThat(note.path("valuationId").asText()).isEqualTo("d1");
        assertThat(note.path("pid").asLong()).isEqualTo(pid);
        // the undeclared type was refused in the parent, audited, and the child got UndeclaredMessageException
        assertThat(note.path("undeclaredPublish").asText()).isEqualTo("UndeclaredMessageException");
        assertThat(demo.audit().recent("demo", 200)).anyMatch(r -> r.kind().equals("publish-denied")
                && r.actor().startsWith("hostile@") && r.messageType().equals("assets.ValuationRecorded"));
        // no platform instance, no keys, no journal: their classes are not even in that JVM
        assertThat(note.has("platformClasses") && note.has("staticFields") && note.has("environment")).isTrue();
        assertThat(note.path("platformClasses")).isEmpty();
        assertThat(note.path("staticFields")).isEmpty();
        assertThat(note.path("absentClasses")).hasSize(7);
        assertThat(note.path("environment")).isEmpty();
        String properties = note.path("systemProperties").toString();
        assertThat(properties).doesNotContain(data.toString()).doesNotContain("test-password")
                .doesNotContain("keystore").doesNotContain("mosaic-runtime").doesNotContain("target/classes");
        assertThat(note.path("threads").toString()).contains("hostile-forever");
        // the other tenant's valuation never reached it
        assertThat(query(demo, "hostile", "seen", Map.of())).isEqualTo("[\"demo/d1\"]");
        assertThat(notes).allMatch(n -> n.tenant().equals("demo") && !n.payloadJson().contains("a1"));

        demo.uninstall("hostile");
        await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE);
        assertThat(demo.processOf("hostile")).isEmpty();
    }

    @Test
    void valuationAlerts_runsIsolated_withTheSameResultsAsInProcess() {
        TenantRuntime iso = TestTenants.withAdmin(platform.createTenant("iso"));
        TenantRuntime inp = TestTenants.withAdmin(platform.createTenant("inp"));
        List<LiveEvent> alerts = new CopyOnWriteArrayList<>();
        for (TenantRuntime t : List.of(iso, inp)) {
            t.install(PluginJars.assets(), Set.of());
            t.onLive(e -> {
                if (e.type().equals("valuation-alerts.ValueDropAlert")) {
                    alerts.add(e);
                }
            });
        }
        iso.install(PluginJars.valuationAlerts(), Set.of("assets.valuations.read"), Isolation.PROCESS);
        inp.install(PluginJars.valuationAlerts(), Set.of("assets.valuations.read"));
        assertThat(iso.processOf("valuation-alerts")).isPresent();
        assertThat(inp.processOf("valuation-alerts")).isEmpty();

        for (TenantRuntime t : List.of(iso, inp)) {
            registerAndValue(t, "house", "v1", "1000.00");
        }
        for (TenantRuntime t : List.of(iso, inp)) {
            await().atMost(WAIT).until(() -> query(t, "valuation-alerts", "processed", Map.of("assetId", "house")).contains("v1"));
            value(t, "house", "v2", "500.00"); // a drop of 50 %
        }
        for (TenantRuntime t : List.of(iso, inp)) {
            await().atMost(WAIT).until(() -> query(t, "valuation-alerts", "processed", Map.of("assetId", "house")).contains("v2"));
        }
        await().atMost(WAIT).until(() -> alerts.size() == 2);

        assertThat(query(iso, "valuation-alerts", "processed", Map.of("assetId", "house")))
                .isEqualTo(query(inp, "valuation-alerts", "processed", Map.of("assetId", "house")))
                .isEqualTo("[\"v1\",\"v2\"]");
        assertThat(query(iso, "valuation-alerts", "alerts", Map.of()))
                .isEqualTo(query(inp, "valuation-alerts", "alerts", Map.of()))
                .isEqualTo("{\"house\":1}");
        List<String> payloads = new ArrayList<>();
        alerts.forEach(a -> payloads.add(a.tenant() + " " + a.payloadJson()));
        assertThat(payloads).anyMatch(p -> p.startsWith("iso ") && p.contains("\"dropShare\":\"0.5\""))
                .anyMatch(p -> p.startsWith("inp ") && p.contains("\"dropShare\":\"0.5\""));
        assertThat(alerts.stream().filter(a -> a.tenant().equals("iso")).findFirst().orElseThrow().payloadJson())
                .isEqualTo(alerts.stream().filter(a -> a.tenant().equals("inp")).findFirst().orElseThrow().payloadJson());
    }

    @Test
    void aDeadChild_isAudited_andRestartedOnce() {
        TenantRuntime t = TestTenants.withAdmin(platform.createTenant("restart"));
        t.install(PluginJars.assets(), Set.of());
        t.install(PluginJars.valuationAlerts(), Set.of("assets.valuations.read"), Isolation.PROCESS);
        long first = t.processOf("valuation-alerts").orElseThrow();
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        await().atMost(WAIT).until(() -> t.audit().recent("restart", 50).stream()
                .anyMatch(r -> r.kind().equals("app-process-died") && r.reason().contains("pid " + first)));
        await().atMost(WAIT).until(() -> t.processOf("valuation-alerts").isPresent()
                && t.processOf("valuation-alerts").getAsLong() != first);
        registerAndValue(t, "car", "c1", "70.00");
        await().atMost(WAIT).until(() -> query(t, "valuation-alerts", "processed", Map.of("assetId", "car")).contains("c1"));
    }

    @Test
    void aDomain_isRefusedOutOfProcess() {
        TenantRuntime t = TestTenants.withAdmin(platform.createTenant("domains"));
        assertThatThrownBy(() -> t.install(PluginJars.assets(), Set.of(), Isolation.PROCESS))
                .isInstanceOf(PlatformException.class).hasMessageContaining("only apps run in a process of their own");
        assertThat(t.installed()).isEmpty();
    }

    @Test
    void isolatedAppReadsKeystore_fails_andReachesNoPortOfTheHost() throws Exception {
        // ./mosaic test runs as root (it installs Debian packages) and util-linux is part of every Debian system
        assertThat(IsolatedApp.confined()).as("children are confined: run the suite as root with unshare and setpriv")
                .isTrue();
        TenantRuntime demo = TestTenants.withAdmin(platform.createTenant("demo"));
        demo.install(PluginJars.assets(), Set.of());
        Path keystore = data.resolve("keys/keystore.p12");
        assertThat(keystore).exists();
        try (java.net.ServerSocket platformPort = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            List<LiveEvent> notes = new CopyOnWriteArrayList<>();
            demo.onLive(e -> {
                if (e.type().equals("hostile.Note")) {
                    notes.add(e);
                }
            });
            demo.install(HostileAppJar.build(jars, "config:\n  probe-file: \"" + keystore + "\"\n  probe-port: \""
                    + platformPort.getLocalPort() + "\"\n"), Set.of("assets.valuations.read"), Isolation.PROCESS);
            registerAndValue(demo, "probe-asset", "p1", "30.00");
            await().atMost(WAIT).until(() -> !notes.isEmpty());
            JsonNode note = JSON.readTree(notes.getFirst().payloadJson());
            assertThat(note.path("uid").asText()).as("it runs as nobody").isEqualTo(Integer.toString(IsolatedApp.CONFINED_ID));
            assertThat(note.path("probeRead").asText()).as("the key store").isEqualTo("AccessDeniedException");
            assertThat(note.path("probeConnect").asText()).as("a loopback port of the platform's host")
                    .isNotEqualTo("CONNECTED").isNotEqualTo("not asked");
            demo.uninstall("hostile");
        }
    }

    @Test
    void childSendingAnEndlessFrame_isEnded_beforeThePlatformBuffersIt() throws Exception {
        TenantRuntime demo = TestTenants.withAdmin(platform.createTenant("flood"));
        demo.install(PluginJars.assets(), Set.of());
        demo.install(HostileAppJar.build(jars, "config:\n  flood: frame\n"), Set.of("assets.valuations.read"),
                Isolation.PROCESS);
        long pid = demo.processOf("hostile").orElseThrow();
        registerAndValue(demo, "flood-asset", "f1", "1.00");
        await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE);
        await().atMost(WAIT).until(() -> demo.audit().recent("flood", 200).stream()
                .anyMatch(r -> r.kind().equals("app-process-died")));
        demo.uninstall("hostile");
    }

    @Test
    void childFloodingItsOutput_isLoggedBounded() throws Exception {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(IsolatedApp.class.getName());
        List<String> lines = new CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                String message = record.getMessage();
                if (message != null && message.contains("hostile")) {
                    lines.add(message);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            TenantRuntime demo = TestTenants.withAdmin(platform.createTenant("noisy"));
            demo.install(PluginJars.assets(), Set.of());
            demo.install(HostileAppJar.build(jars, "config:\n  flood: stderr\n"), Set.of("assets.valuations.read"),
                    Isolation.PROCESS);
            long began = System.nanoTime();
            registerAndValue(demo, "noisy-asset", "n1", "1.00");
            await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.contains("left out")));
            await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.contains("cut at")));
            long seconds = 1 + Duration.ofNanos(System.nanoTime() - began).toSeconds();
            assertThat(lines.stream().filter(l -> l.contains("hostile noise")).count())
                    .as("100,000 lines offered in about %d s", seconds)
                    .isLessThanOrEqualTo((seconds + 1) * IsolatedApp.STDERR_LINES_PER_SECOND);
            assertThat(lines).allMatch(l -> l.length() < IsolatedApp.STDERR_LINE_CHARS + 200);
            demo.uninstall("hostile");
        } finally {
            logger.removeHandler(capture);
        }
    }
}
