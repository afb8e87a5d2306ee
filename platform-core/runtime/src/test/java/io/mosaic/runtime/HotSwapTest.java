package io.mosaic.runtime;

import io.mosaic.sdk.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The app is uninstalled and installed again while valuations flow: nothing lost, nothing doubled, loader released. */
class HotSwapTest {
    @TempDir
    Path data;
    MosaicPlatform platform;
    TenantRuntime demo;

    @BeforeEach
    void start() {
        platform = MosaicPlatform.embedded(data, "test-password".toCharArray(), Clock.systemUTC());
        demo = TestTenants.withAdmin(platform.createTenant("demo"));
        demo.install(PluginJars.assets(), Set.of());
        demo.install(PluginJars.valuationAlerts(), Set.of("assets.valuations.read"));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void uninstallAndReinstallWhileValuationsFlow_losesAndDoublesNothing_andReleasesTheClassLoader() throws Exception {
        String asset = "hot-swap-asset";
        demo.submit("assets.RegisterAsset", ("{\"assetId\":\"" + asset + "\",\"name\":\"Swap\",\"assetClass\":\"ART\","
                + "\"owner\":\"o\",\"currency\":\"CHF\",\"description\":\"d\"}").getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, asset);
        int total = 300;
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expected.add("v" + i);
        }
        AtomicInteger sent = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        Thread producer = Thread.ofPlatform().name("valuation-producer").start(() -> {
            for (int i = 0; i < total; i++) {
                // alternate rises and drops of more than 10 % so alerts are raised too
                String amount = (i % 2 == 0) ? "1000.00" : "800.00";
                demo.submit("assets.RecordValuation", ("{\"assetId\":\"" + asset + "\",\"valuationId\":\"v" + i
                        + "\",\"amount\":\"" + amount + "\",\"currency\":\"CHF\",\"valuationDate\":\"2025-01-"
                        + String.format("%02d", 1 + i % 28) + "\",\"method\":\"MODEL\",\"appraiser\":\"\"}")
                        .getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, asset);
                sent.incrementAndGet();
            }
            done.countDown();
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> processed(asset).size() >= 30);
        WeakReference<ClassLoader> oldLoader = new WeakReference<>(demo.classLoaderOf("valuation-alerts").orElseThrow());
        demo.uninstall("valuation-alerts");
        int sentWhileAway = sent.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> sent.get() >= Math.min(total, sentWhileAway + 50));
        demo.install(PluginJars.valuationAlerts(), Set.of("assets.valuations.read"));
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        producer.join();

        await().atMost(Duration.ofSeconds(60)).until(() -> processed(asset).size() >= total);
        List<String> seen = processed(asset);
        assertThat(seen).as("every valuation exactly once, in order").containsExactlyElementsOf(expected);
        assertThat(demo.classLoaderOf("valuation-alerts").orElseThrow()).isNotSameAs(oldLoader.get());

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            System.gc();
            return oldLoader.get() == null;
        });
    }

    @Test
    void pausedPlugin_getsWhatWaited_afterResume_andUpdateKeepsTheSubscription() {
        String asset = "paused-asset";
        demo.submit("assets.RegisterAsset", ("{\"assetId\":\"" + asset + "\",\"name\":\"P\",\"assetClass\":\"ART\","
                + "\"owner\":\"o\",\"currency\":\"CHF\",\"description\":\"d\"}").getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, asset);
        valuation(asset, "p1");
        await().atMost(Duration.ofSeconds(10)).until(() -> processed(asset).equals(List.of("p1")));

        demo.pause("valuation-alerts");
        assertThat(demo.installed()).filteredOn(p -> p.manifest().plugin().id().equals("valuation-alerts"))
                .singleElement().extracting(InstalledPlugin::receiving).isEqualTo(false);
        valuation(asset, "p2");
        valuation(asset, "p3");
        await().atMost(Duration.ofSeconds(10)).until(() -> demo.query("assets",
                new Query("asset", Map.of("id", asset), TestTenants.ADMIN)).map(b -> new String(b, StandardCharsets.UTF_8).contains("p3")).orElse(false));
        assertThat(processed(asset)).containsExactly("p1");

        demo.resume("valuation-alerts");
        await().atMost(Duration.ofSeconds(10)).until(() -> processed(asset).equals(List.of("p1", "p2", "p3")));

        demo.update("valuation-alerts", PluginJars.valuationAlerts(), Set.of("assets.valuations.read"));
        valuation(asset, "p4");
        await().atMost(Duration.ofSeconds(10)).until(() -> processed(asset).equals(List.of("p1", "p2", "p3", "p4")));
        assertThat(demo.audit().recent("demo", 50)).extracting(AuditRecord::kind)
                .contains("plugin-paused", "plugin-resumed", "plugin-uninstalled", "plugin-installed");
    }

    @Test
    void upgradeAndRollbackUnderLoad_loseAndDoubleNothing() throws Exception {
        int assets = 20;
        for (int a = 0; a < assets; a++) {
            String asset = "upgrade-" + a;
            demo.submit("assets.RegisterAsset", ("{\"assetId\":\"" + asset + "\",\"name\":\"U\",\"assetClass\":\"ART\","
                    + "\"owner\":\"o\",\"currency\":\"CHF\",\"description\":\"d\"}").getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, asset);
        }
        Path v2 = PermissionsTest.withManifest(PluginJars.valuationAlerts(), data.resolve("valuation-alerts-0.2.0.jar"),
                yaml -> yaml.replace("version: 0.1.0", "version: 0.2.0"));
        int total = 2_000;
        AtomicInteger sent = new AtomicInteger();
        Thread producer = Thread.ofPlatform().name("load-1000-per-second").start(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                // paced at about 1,000 valuations a second, spread over the assets
                while (System.nanoTime() - start < i * 1_000_000L) {
                    Thread.onSpinWait();
                }
                valuation("upgrade-" + (i % assets), "u" + i);
                sent.incrementAndGet();
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> sent.get() >= 500);
        demo.update("valuation-alerts", v2, Set.of());
        assertThat(version()).isEqualTo("0.2.0");
        await().atMost(Duration.ofSeconds(20)).until(() -> sent.get() >= 1_200);
        demo.rollback("valuation-alerts");
        assertThat(version()).isEqualTo("0.1.0");
        producer.join();

        for (int a = 0; a < assets; a++) {
            String asset = "upgrade-" + a;
            List<String> expected = new ArrayList<>();
            for (int i = a; i < total; i += assets) {
                expected.add("u" + i);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> processed(asset).size() >= expected.size());
            assertThat(processed(asset)).as(asset).containsExactlyElementsOf(expected);
        }
        assertThat(demo.audit().recent("demo", 20)).extracting(AuditRecord::kind).contains("plugin-rolled-back");
    }

    @Test
    void twoTenantsRunDifferentVersionsOfTheSameApp_eachSeesOnlyItsOwn() throws Exception {
        TenantRuntime alpine = TestTenants.withAdmin(platform.createTenant("alpine"));
        alpine.install(PluginJars.assets(), Set.of());
        Path v2 = PermissionsTest.withManifest(PluginJars.valuationAlerts(), data.resolve("valuation-alerts-0.2.0.jar"),
                yaml -> yaml.replace("version: 0.1.0", "version: 0.2.0"));
        alpine.install(v2, Set.of("assets.valuations.read"));
        assertThat(version()).isEqualTo("0.1.0");
        assertThat(alpine.installed()).filteredOn(p -> p.manifest().plugin().id().equals("valuation-alerts"))
                .singleElement().satisfies(p -> assertThat(p.manifest().plugin().version()).isEqualTo("0.2.0"));
        assertThat(alpine.classLoaderOf("valuation-alerts").orElseThrow())
                .isNotSameAs(demo.classLoaderOf("valuation-alerts").orElseThrow());
    }

    private String version() {
        return demo.installed().stream().filter(p -> p.manifest().plugin().id().equals("valuation-alerts"))
                .findFirst().orElseThrow().manifest().plugin().version();
    }

    private void valuation(String asset, String id) {
        demo.submit("assets.RecordValuation", ("{\"assetId\":\"" + asset + "\",\"valuationId\":\"" + id
                + "\",\"amount\":\"10.00\",\"currency\":\"CHF\",\"valuationDate\":\"2025-05-05\",\"method\":\"MODEL\","
                + "\"appraiser\":\"\"}").getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, asset);
    }

    private List<String> processed(String assetId) {
        byte[] json = demo.query("valuation-alerts", new Query("processed", Map.of("assetId", assetId), TestTenants.ADMIN)).orElseThrow();
        String text = new String(json, StandardCharsets.UTF_8).replaceAll("[\\[\\]\"]", "");
        return text.isBlank() ? List.of() : List.of(text.split(","));
    }
}
