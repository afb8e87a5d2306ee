package io.mosaic.runtime;

import io.mosaic.policy.PolicyException;
import io.mosaic.sdk.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Grants, consent for new scopes, and rule sets replaced while messages flow. */
class PermissionsTest {
    static final String SCOPE = "assets.valuations.read";
    @TempDir
    Path data;
    MosaicPlatform platform;
    TenantRuntime demo;
    final String asset = "perm-asset";

    @BeforeEach
    void start() {
        platform = MosaicPlatform.embedded(data, "test-password".toCharArray(), Clock.systemUTC());
        demo = TestTenants.withAdmin(platform.createTenant("demo"));
        demo.install(PluginJars.assets(), Set.of());
        demo.install(PluginJars.valuationAlerts(), Set.of(SCOPE));
        demo.submit("assets.RegisterAsset", ("{\"assetId\":\"" + asset + "\",\"name\":\"P\",\"assetClass\":\"ART\","
                + "\"owner\":\"o\",\"currency\":\"CHF\",\"description\":\"d\"}").getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, asset);
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    void valuation(String id) {
        demo.submit("assets.RecordValuation", ("{\"assetId\":\"" + asset + "\",\"valuationId\":\"" + id
                + "\",\"amount\":\"10.00\",\"currency\":\"CHF\",\"valuationDate\":\"2025-05-05\",\"method\":\"MODEL\","
                + "\"appraiser\":\"\"}").getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, asset);
    }

    List<String> processed() {
        byte[] json = demo.query("valuation-alerts", new Query("processed", Map.of("assetId", asset), TestTenants.ADMIN)).orElseThrow();
        String text = new String(json, StandardCharsets.UTF_8).replaceAll("[\\[\\]\"]", "");
        return text.isBlank() ? List.of() : List.of(text.split(","));
    }

    boolean recordedByAssets(String valuationId) {
        return demo.query("assets", new Query("asset", Map.of("id", asset), TestTenants.ADMIN))
                .map(b -> new String(b, StandardCharsets.UTF_8).contains("\"" + valuationId + "\"")).orElse(false);
    }

    @Test
    void revokingAGrantWhileMessagesFlow_refusesTheFirstMessageAfterIt() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger limit = new AtomicInteger(2_000);
        Thread producer = Thread.ofPlatform().start(() -> {
            long start = System.nanoTime();
            while (sent.get() < limit.get()) {
                // paced at about 200 a second: the assets domain replays an asset's whole stream per command, so an
                // unpaced producer on a loaded 2-core machine builds a backlog of thousands
                while (System.nanoTime() - start < sent.get() * 5_000_000L) {
                    Thread.onSpinWait();
                }
                valuation("r" + sent.getAndIncrement());
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> processed().size() >= 20);
        demo.revoke("valuation-alerts", SCOPE, "admin-test", "customer withdrew consent");
        int firstAfter = sent.get();
        limit.set(firstAfter + 20);
        producer.join();
        int total = sent.get();
        String lastId = "r" + (total - 1);
        await().atMost(Duration.ofSeconds(90)).until(() -> recordedByAssets(lastId));
        String firstAfterId = "r" + firstAfter;
        // the valuation sent first after the revocation reached the app's gate and was refused there
        await().atMost(Duration.ofSeconds(90)).until(() -> demo.audit().recent("demo", 5_000).stream()
                .filter(r -> r.kind().equals("delivery-denied") && r.reason().contains("valuation-alerts")).count()
                >= total - firstAfter);
        List<String> seen = processed();
        assertThat(seen).doesNotContain(firstAfterId, lastId);
        for (String id : seen) {
            assertThat(Integer.parseInt(id.substring(1))).as(id + " was processed after the revocation").isLessThan(firstAfter);
        }
        assertThat(demo.grantsOf("valuation-alerts")).doesNotContain(SCOPE);
        assertThat(demo.audit().recent("demo", 5_000)).anyMatch(r -> r.kind().equals("grant-revoked")
                && r.actor().equals("admin-test") && r.reason().equals("customer withdrew consent"));
    }

    @Test
    void newVersionAskingForANewScope_doesNotRunUntilConsent() throws IOException {
        Path v2 = withManifest(PluginJars.valuationAlerts(), data.resolve("valuation-alerts-0.2.0.jar"), yaml -> yaml
                .replace("version: 0.1.0", "version: 0.2.0")
                .replace("scopes:\n", "scopes:\n  - scope: assets.owner.read\n    reason: \"Names the owner in the alert\"\n"));

        assertThatThrownBy(() -> demo.update("valuation-alerts", v2, Set.of()))
                .isInstanceOf(PlatformException.class)
                .hasMessageContaining("assets.owner.read")
                .hasMessageContaining("Names the owner in the alert")
                .hasMessageContaining("stays in force");
        assertThat(versionOfApp()).isEqualTo("0.1.0");
        valuation("c1");
        await().atMost(Duration.ofSeconds(10)).until(() -> processed().contains("c1"));

        demo.update("valuation-alerts", v2, Set.of("assets.owner.read"));
        assertThat(versionOfApp()).isEqualTo("0.2.0");
        assertThat(demo.grantsOf("valuation-alerts")).contains(SCOPE, "assets.owner.read");
        valuation("c2");
        await().atMost(Duration.ofSeconds(10)).until(() -> processed().contains("c2"));
    }

    @Test
    void brokenRuleSet_isRefusedWithAPreciseError_andThePreviousStaysInForce() {
        String broken = """
                domain: valuation-alerts
                version: 3
                rules:
                  - id: asset-valuations
                    types: [assets.ValuationRecorded]
                    senders: [assets]
                    when: "'assets.valuations.read' in grant.scopes &&"
                """;
        assertThatThrownBy(() -> demo.replaceRuleSet("valuation-alerts", broken, "admin-test"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(":7:");
        assertThat(demo.ruleSetOf("valuation-alerts").version()).isEqualTo(2);
        valuation("b1");
        await().atMost(Duration.ofSeconds(10)).until(() -> processed().contains("b1"));

        String denyAll = """
                domain: valuation-alerts
                version: 3
                rules:
                  - id: nothing-from-assets
                    effect: deny
                    types: [assets.ValuationRecorded]
                    senders: ["*"]
                    reason: Paused by the tenant's security officer
                  - id: queries
                    types: [valuation-alerts.Query]
                    senders: [platform.gateway]
                    reason: Reads stay possible
                """;
        demo.replaceRuleSet("valuation-alerts", denyAll, "admin-test");
        valuation("b2");
        await().atMost(Duration.ofSeconds(10)).until(() -> demo.audit().recent("demo", 200).stream()
                .anyMatch(r -> r.rule().equals("valuation-alerts:nothing-from-assets")));
        assertThat(processed()).doesNotContain("b2");
        assertThatThrownBy(() -> demo.replaceRuleSet("valuation-alerts", denyAll, "admin-test"))
                .hasMessageContaining("does not raise the version");
        assertThat(demo.audit().recent("demo", 200)).extracting(AuditRecord::kind)
                .contains("ruleset-refused", "ruleset-changed");
    }

    private String versionOfApp() {
        return demo.installed().stream().filter(p -> p.manifest().plugin().id().equals("valuation-alerts"))
                .findFirst().orElseThrow().manifest().plugin().version();
    }

    @Test
    void appDeclaringForeignDomain_isRefused() throws IOException {
        // a publisher's app that calls itself a second "assets": its rule set and queries would answer for assets
        Path shadow = withEntries(PluginJars.valuationAlerts(), data.resolve("shadow.jar"), Map.of(
                "mosaic-plugin.yaml", m -> m.replace("id: valuation-alerts", "id: shadow")
                        .replace("domain: valuation-alerts", "domain: assets")
                        .replace("valuation-alerts.ValueDropAlert", "assets.ValueDropAlert"),
                "policy.yaml", p -> p.replace("domain: valuation-alerts", "domain: assets")
                        .replace("valuation-alerts.Query", "assets.Query"),
                "META-INF/MANIFEST.MF", m -> m.replace("Plugin-Id: valuation-alerts", "Plugin-Id: shadow")));
        assertThatThrownBy(() -> demo.install(shadow, Set.of())).isInstanceOf(PlatformException.class)
                .hasMessageContaining("declares domain 'assets'");
        // an app whose id and domain agree cannot take a domain that another plugin holds either
        Path sameId = withEntries(shadow, data.resolve("assets-app.jar"), Map.of(
                "mosaic-plugin.yaml", m -> m.replace("id: shadow", "id: assets"),
                "META-INF/MANIFEST.MF", m -> m.replace("Plugin-Id: shadow", "Plugin-Id: assets")));
        assertThatThrownBy(() -> demo.install(sameId, Set.of())).isInstanceOf(PlatformException.class)
                .hasMessageContaining("already loaded");
        assertThat(demo.installed()).extracting(p -> p.manifest().plugin().id()).containsExactlyInAnyOrder("assets",
                "valuation-alerts");
        await().atMost(Duration.ofSeconds(10)).until(() -> demo.query("assets", new Query("asset", Map.of("id", asset),
                TestTenants.ADMIN)).isPresent());
    }

    @Test
    void appWhoseOwnRulesAllowEverything_receivesOnlyWhatTheBankGranted_andItsReadersAreTheBanksToChoose() throws IOException {
        Path greedy = withEntries(PluginJars.valuationAlerts(), data.resolve("greedy.jar"), Map.of(
                "mosaic-plugin.yaml", m -> m.replace("id: valuation-alerts", "id: greedy")
                        .replace("domain: valuation-alerts", "domain: greedy")
                        .replace("valuation-alerts.ValueDropAlert", "greedy.ValueDropAlert"),
                "META-INF/MANIFEST.MF", m -> m.replace("Plugin-Id: valuation-alerts", "Plugin-Id: greedy"),
                "policy.yaml", p -> """
                        domain: greedy
                        version: 1
                        rules:
                          - id: everything
                            types: [assets.ValuationRecorded, greedy.Query]
                            senders: ["*"]
                        """));
        demo.install(greedy, Set.of()); // the bank consents to nothing
        valuation("g1");
        await().atMost(Duration.ofSeconds(10)).until(() -> demo.audit().recent("demo", 200).stream()
                .anyMatch(r -> r.kind().equals("delivery-denied") && r.rule().equals("builtin:app-scope")
                        && r.reason().contains("to greedy@") && r.reason().contains("assets.valuations.read")));
        // its rule set lets anybody read it; the platform's rules for reads of an app come first
        assertThatThrownBy(() -> demo.query("greedy", new Query("processed", Map.of("assetId", asset), "stranger")))
                .isInstanceOf(QueryDenied.class).hasMessageContaining("reads nothing");
        assertThat(demo.query("greedy", new Query("processed", Map.of("assetId", asset), TestTenants.ADMIN))).isPresent();
    }

    /** A copy of a plugin jar with some of its text entries edited (each edit must change its entry). */
    static Path withEntries(Path jar, Path target, Map<String, java.util.function.UnaryOperator<String>> edits)
            throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                var edit = edits.get(e.getName());
                if (edit != null) {
                    String before = new String(bytes, StandardCharsets.UTF_8);
                    String edited = edit.apply(before);
                    assertThat(edited).as("the edit must change " + e.getName()).isNotEqualTo(before);
                    bytes = edited.getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return target;
    }

    /** A copy of a plugin jar with its mosaic-plugin.yaml edited: a "new version" of the same plugin. */
    static Path withManifest(Path jar, Path target, java.util.function.UnaryOperator<String> edit) throws IOException {
        return withEntries(jar, target, Map.of("mosaic-plugin.yaml", edit));
    }
}
