package io.mosaic.runtime;

import io.mosaic.eventstore.StoredEvent;
import io.mosaic.hsm.Encrypted;
import io.mosaic.hsm.KeyRef;
import io.mosaic.sdk.EntityForgottenException;
import io.mosaic.sdk.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Removing an app shreds its copies after the grace period and nothing of the domains; re-installing in time keeps them. */
class AppRemovalTest {
    @TempDir
    Path data;
    MosaicPlatform platform;
    TenantRuntime demo;
    final String asset = "removal-asset";

    @BeforeEach
    void start() {
        platform = MosaicPlatform.embedded(data, "test-password".toCharArray(), Clock.systemUTC());
        demo = TestTenants.withAdmin(platform.createTenant("demo"));
        demo.install(PluginJars.assets(), Set.of());
        demo.install(PluginJars.valuationAlerts(), Set.of("assets.valuations.read"));
        demo.submit("assets.RegisterAsset", ("{\"assetId\":\"" + asset + "\",\"name\":\"R\",\"assetClass\":\"ART\","
                + "\"owner\":\"o\",\"currency\":\"CHF\",\"description\":\"d\"}").getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, asset);
        demo.submit("assets.RecordValuation", ("{\"assetId\":\"" + asset + "\",\"valuationId\":\"r1\",\"amount\":\"10.00\","
                + "\"currency\":\"CHF\",\"valuationDate\":\"2025-01-01\",\"method\":\"MODEL\",\"appraiser\":\"\"}")
                .getBytes(StandardCharsets.UTF_8), TestTenants.ADMIN, asset);
        await().atMost(Duration.ofSeconds(10)).until(() -> processed().contains("r1"));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    String processed() {
        return demo.query("valuation-alerts", new Query("processed", Map.of("assetId", asset), TestTenants.ADMIN))
                .map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
    }

    /** Decrypts every stored event of a stream, as the platform would. */
    void readAll(String stream) {
        List<StoredEvent> events = platform.journal().read("demo", stream, 1);
        assertThat(events).as(stream).isNotEmpty();
        for (StoredEvent e : events) {
            platform.keys().decrypt(new Encrypted(KeyRef.parse(e.keyRef()), e.payload()),
                    PluginEventStore.aad("demo", stream, e.eventId(), e.type()));
        }
    }

    @Test
    void removedApp_isToldItsShredDate_andAfterTheGracePeriodItsDataIsUnreadable_andTheDomainsAreNot() {
        String appStream = "valuation-alerts/watch|" + asset;
        readAll(appStream);
        var shredAt = demo.removeApp("valuation-alerts", Duration.ZERO, "admin-test");
        await().atMost(Duration.ofSeconds(10)).until(() -> demo.audit().recent("demo", 50).stream()
                .anyMatch(r -> r.kind().equals("app-data-shredded") && r.reference().equals("valuation-alerts")));
        assertThat(shredAt).isNotNull();
        assertThatThrownBy(() -> readAll(appStream)).isInstanceOf(EntityForgottenException.class);
        readAll("assets/asset|" + asset); // the domain's data is untouched
        assertThat(demo.grantsOf("valuation-alerts")).isEmpty();
    }

    @Test
    void reinstalledWithinTheGracePeriod_keepsItsData() {
        demo.removeApp("valuation-alerts", Duration.ofHours(1), "admin-test");
        demo.install(PluginJars.valuationAlerts(), Set.of("assets.valuations.read"));
        assertThat(processed()).contains("r1");
        readAll("valuation-alerts/watch|" + asset);
        assertThat(demo.audit().recent("demo", 50)).extracting(AuditRecord::kind)
                .contains("app-removal-scheduled", "app-removal-cancelled");
    }

    @Test
    void forgettingAnEntity_shredsTheDomainsAndTheAppsCopies() {
        demo.forgetEntity(asset, "dpo-test", "the client asked to be forgotten");
        assertThatThrownBy(() -> readAll("assets/asset|" + asset)).isInstanceOf(EntityForgottenException.class);
        assertThatThrownBy(() -> readAll("valuation-alerts/watch|" + asset)).isInstanceOf(EntityForgottenException.class);
        assertThat(demo.audit().recent("demo", 20)).anyMatch(r -> r.kind().equals("entity-forgotten") && r.reference().equals(asset));
    }
}
