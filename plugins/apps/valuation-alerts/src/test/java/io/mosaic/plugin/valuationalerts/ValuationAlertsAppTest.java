package io.mosaic.plugin.valuationalerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.sdk.AppPlugin;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.ScopeRequest;
import io.mosaic.sdk.testkit.FakeEnvelope;
import io.mosaic.sdk.testkit.FakeEventStore;
import io.mosaic.sdk.testkit.FakePluginContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The app against an in-memory platform: valuations in, alerts out, state in its own journal. */
class ValuationAlertsAppTest {
    private FakeEventStore store;
    private FakePluginContext context;
    private ValuationAlertsApp app;

    @BeforeEach
    void start() {
        store = new FakeEventStore("valuation-alerts", FakePluginContext.CLOCK);
        context = new FakePluginContext(store, Map.of());
        app = new ValuationAlertsApp();
        app.start(context);
    }

    /** The body exactly as the assets domain publishes it, with fields this app does not read. */
    private static FakeEnvelope recorded(String assetId, String valuationId, String amount, String date) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assetId", assetId);
        body.put("valuationId", valuationId);
        body.put("amount", new BigDecimal(amount));
        body.put("currency", "CHF");
        body.put("valuationDate", date);
        body.put("method", "APPRAISAL");
        body.put("appraiser", "Wüest Partner");
        body.put("previousAmount", null);
        body.put("recordedAt", "2025-03-01T10:00:00Z");
        return FakeEnvelope.fromAssets("assets.ValuationRecorded", body, assetId);
    }

    private List<ValueDropAlert> alerts() {
        return context.published("valuation-alerts.ValueDropAlert").stream()
                .map(p -> p.as(ValueDropAlert.class)).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> processed(ValuationAlertsApp app, String assetId) {
        return (List<String>) app.query(new Query("processed", Map.of("assetId", assetId), "client-7")).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Integer> alertCounts(ValuationAlertsApp app) {
        return (Map<String, Integer>) app.query(new Query("alerts", Map.of(), "client-7")).orElseThrow();
    }

    @Test
    void dropOfAQuarter_withTenPercentThreshold_raisesOneAlert() {
        FakeEnvelope drop = recorded("villa-1", "v2", "1875000", "2025-01-31");
        app.onMessage(recorded("villa-1", "v1", "2500000", "2024-06-30"));
        app.onMessage(drop);

        assertThat(alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.assetId()).isEqualTo("villa-1");
            assertThat(alert.valuationId()).isEqualTo("v2");
            assertThat(alert.previousAmount()).isEqualByComparingTo("2500000");
            assertThat(alert.newAmount()).isEqualByComparingTo("1875000");
            assertThat(alert.currency()).isEqualTo("CHF");
            assertThat(alert.dropShare()).isEqualByComparingTo("0.25");
            assertThat(alert.threshold()).isEqualByComparingTo("0.10");
            assertThat(alert.valuationDate()).isEqualTo(LocalDate.parse("2025-01-31"));
        });
        FakePluginContext.Published published = context.published().getFirst();
        assertThat(published.entity()).contains("villa-1");
        assertThat(published.cause().orElseThrow().id()).isEqualTo(drop.id());
        assertThat(alertCounts(app)).containsExactly(Map.entry("villa-1", 1));
    }

    @Test
    void dropOfFivePercent_raisesNothing() {
        app.onMessage(recorded("villa-1", "v1", "1000000", "2024-06-30"));
        app.onMessage(recorded("villa-1", "v2", "950000", "2025-01-31"));

        assertThat(alerts()).isEmpty();
        assertThat(processed(app, "villa-1")).containsExactly("v1", "v2");
    }

    @Test
    void rise_raisesNothing() {
        app.onMessage(recorded("villa-1", "v1", "1000000", "2024-06-30"));
        app.onMessage(recorded("villa-1", "v2", "1400000", "2025-01-31"));

        assertThat(alerts()).isEmpty();
        assertThat(alertCounts(app)).containsExactly(Map.entry("villa-1", 0));
    }

    @Test
    void duplicateValuation_raisesNoSecondAlert_andIsProcessedOnce() {
        app.onMessage(recorded("villa-1", "v1", "1000000", "2024-06-30"));
        app.onMessage(recorded("villa-1", "v2", "500000", "2025-01-31"));
        app.onMessage(recorded("villa-1", "v2", "500000", "2025-01-31"));

        assertThat(alerts()).hasSize(1);
        assertThat(processed(app, "villa-1")).containsExactly("v1", "v2");
    }

    @Test
    void thresholdComesFromConfig() {
        FakePluginContext strict = new FakePluginContext(store, Map.of("drop-threshold", "0.03"));
        ValuationAlertsApp strictApp = new ValuationAlertsApp();
        strictApp.start(strict);

        strictApp.onMessage(recorded("villa-1", "v1", "1000000", "2024-06-30"));
        strictApp.onMessage(recorded("villa-1", "v2", "950000", "2025-01-31"));

        assertThat(strict.published()).singleElement().satisfies(p -> {
            ValueDropAlert alert = p.as(ValueDropAlert.class);
            assertThat(alert.dropShare()).isEqualByComparingTo("0.05");
            assertThat(alert.threshold()).isEqualByComparingTo("0.03");
        });
        assertThat(app.threshold()).isEqualByComparingTo(ValuationAlertsApp.DEFAULT_THRESHOLD);
    }

    @Test
    void invalidThreshold_failsAtStart_namingTheKey() {
        ValuationAlertsApp other = new ValuationAlertsApp();
        assertThatThrownBy(() -> other.start(new FakePluginContext(store, Map.of("drop-threshold", "ten percent"))))
                .isInstanceOf(ValuationAlertsException.class)
                .hasMessageContaining("drop-threshold").hasMessageContaining("'ten percent'");
        assertThatThrownBy(() -> other.start(new FakePluginContext(store, Map.of("drop-threshold", "1.5"))))
                .isInstanceOf(ValuationAlertsException.class).hasMessageContaining("outside [0, 1)");
    }

    @Test
    void stateSurvivesReinstall_nothingLostNorDoubled() {
        app.onMessage(recorded("villa-1", "v1", "1000000", "2024-06-30"));
        app.onMessage(recorded("villa-1", "v2", "800000", "2024-12-31"));
        app.onMessage(recorded("car-1", "c1", "300000", "2024-12-31"));
        app.stop();

        FakePluginContext reinstalled = new FakePluginContext(store, Map.of());
        ValuationAlertsApp again = new ValuationAlertsApp();
        again.start(reinstalled);
        again.onMessage(recorded("villa-1", "v2", "800000", "2024-12-31")); // redelivered
        again.onMessage(recorded("villa-1", "v3", "600000", "2025-01-31")); // compared with v2, seen before

        assertThat(processed(again, "villa-1")).containsExactly("v1", "v2", "v3");
        assertThat(reinstalled.published()).singleElement()
                .satisfies(p -> assertThat(p.as(ValueDropAlert.class).previousAmount()).isEqualByComparingTo("800000"));
        assertThat(alertCounts(again)).containsExactly(Map.entry("villa-1", 2), Map.entry("car-1", 0));
    }

    @Test
    void concurrentWriter_causesOneConflict_thatIsRetried() {
        app.onMessage(recorded("villa-1", "v1", "1000000", "2024-06-30"));
        ValuationAlertsApp rival = new ValuationAlertsApp();
        FakePluginContext rivalContext = new FakePluginContext(store, Map.of());
        rival.start(rivalContext);
        store.beforeNextAppend(() -> rival.onMessage(recorded("villa-1", "v2", "950000", "2024-09-30")));

        app.onMessage(recorded("villa-1", "v3", "800000", "2024-12-31"));

        assertThat(store.conflicts()).isEqualTo(1);
        assertThat(processed(app, "villa-1")).containsExactly("v1", "v2", "v3");
        assertThat(alerts()).singleElement()
                .satisfies(alert -> assertThat(alert.previousAmount()).isEqualByComparingTo("950000"));
        assertThat(rivalContext.published()).isEmpty();
    }

    @Test
    void unknownQueryOrMissingParameter_isEmpty() {
        assertThat(app.query(new Query("nonsense", Map.of(), "client-7"))).isEmpty();
        assertThat(app.query(new Query("processed", Map.of(), "client-7"))).isEmpty();
        assertThat(processed(app, "never-seen")).isEmpty();
    }

    @Test
    void manifest_isAValidAppManifest_andNamesThisEntryClass() throws Exception {
        JsonNode yaml = FakePluginContext.manifest();
        List<ScopeRequest> scopes = new ArrayList<>();
        yaml.get("scopes").forEach(s -> scopes.add(new ScopeRequest(s.get("scope").asText(), s.get("reason").asText())));
        PluginManifest manifest = new PluginManifest(new PluginId(yaml.get("id").asText(), yaml.get("version").asText()),
                yaml.get("publisher").asText(), PluginKind.valueOf(yaml.get("kind").asText().toUpperCase()),
                yaml.get("domain").asText(), yaml.get("entry-class").asText(), texts(yaml.get("consumes")),
                texts(yaml.get("publishes")), scopes, Map.of("drop-threshold", yaml.get("config").get("drop-threshold").asText()));

        assertThat(manifest.kind()).isEqualTo(PluginKind.APP);
        assertThat(manifest.consumes()).containsExactly(ValuationAlertsApp.VALUATION_RECORDED);
        assertThat(manifest.publishes()).containsExactly(ValuationAlertsApp.VALUE_DROP_ALERT);
        assertThat(manifest.scopes()).extracting(ScopeRequest::scope).containsExactly("assets.valuations.read");
        assertThat(manifest.config()).containsEntry("drop-threshold", ValuationAlertsApp.DEFAULT_THRESHOLD);
        assertThat(Class.forName(manifest.entryClass()).getConstructor().newInstance()).isInstanceOf(AppPlugin.class);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
