package io.mosaic.plugin.assets;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.DomainPlugin;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.testkit.FakeEnvelope;
import io.mosaic.sdk.testkit.FakeEventStore;
import io.mosaic.sdk.testkit.FakePluginContext;
import io.mosaic.sdk.testkit.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The domain plugin against an in-memory platform: messages in, journal and published messages out, queries. */
class AssetsDomainTest {
    private FakeEventStore store;
    private FakePluginContext context;
    private AssetsDomain domain;

    @BeforeEach
    void start() {
        store = new FakeEventStore("assets", FakePluginContext.CLOCK);
        context = new FakePluginContext(store, Map.of());
        domain = new AssetsDomain();
        domain.start(context);
    }

    private static FakeEnvelope registerVilla() {
        return FakeEnvelope.command("assets.RegisterAsset", new RegisterAsset("villa-1", "Villa Lugano",
                AssetClass.REAL_ESTATE, "person-1", "CHF", "Lakeside house"));
    }

    private static FakeEnvelope valuation(String valuationId, String amount, String currency, String date) {
        return FakeEnvelope.command("assets.RecordValuation", new RecordValuation("villa-1", valuationId,
                new BigDecimal(amount), currency, LocalDate.parse(date), ValuationMethod.APPRAISAL, "Wüest Partner"));
    }

    private static Query query(String name, Map<String, String> parameters) {
        return new Query(name, parameters, "client-7");
    }

    private AssetViews.AssetDetails asset(AssetsDomain plugin, String id) {
        Optional<Object> answer = plugin.query(query("asset", Map.of("id", id)));
        assertThat(answer).isPresent();
        return (AssetViews.AssetDetails) answer.get();
    }

    @SuppressWarnings("unchecked")
    private List<AssetViews.AssetSummary> assets(AssetsDomain plugin) {
        return (List<AssetViews.AssetSummary>) plugin.query(query("assets", Map.of())).orElseThrow();
    }

    private String onlyRejectionReason() {
        List<FakePluginContext.Published> rejected = context.published("assets.CommandRejected");
        assertThat(rejected).hasSize(1);
        return rejected.getFirst().as(CommandRejected.class).reason();
    }

    @Test
    void registerAndTwoValuations_queryAnswersLatestValueAndHistory() {
        domain.onMessage(registerVilla());
        domain.onMessage(valuation("v-2025", "2300000", "CHF", "2025-01-31"));
        domain.onMessage(valuation("v-2024", "2500000", "CHF", "2024-06-30"));

        AssetViews.AssetDetails villa = asset(domain, "villa-1");
        assertThat(villa.name()).isEqualTo("Villa Lugano");
        assertThat(villa.assetClass()).isEqualTo(AssetClass.REAL_ESTATE);
        assertThat(villa.owner()).isEqualTo("person-1");
        assertThat(villa.currency()).isEqualTo("CHF");
        assertThat(villa.current()).contains(new AssetViews.CurrentValue(new BigDecimal("2300000"), "CHF",
                LocalDate.parse("2025-01-31"), ValuationMethod.APPRAISAL));
        assertThat(villa.valuations()).extracting(AssetViews.ValuationEntry::valuationId)
                .containsExactly("v-2024", "v-2025");

        assertThat(assets(domain)).singleElement().satisfies(summary -> {
            assertThat(summary.id()).isEqualTo("villa-1");
            assertThat(summary.current().orElseThrow().amount()).isEqualByComparingTo("2300000");
        });
    }

    @Test
    void acceptedCommands_publishTheirEvents_withEntityAndCause() {
        FakeEnvelope register = registerVilla();
        FakeEnvelope first = valuation("v1", "2500000", "CHF", "2024-06-30");
        FakeEnvelope second = valuation("v2", "2300000", "CHF", "2025-01-31");
        domain.onMessage(register);
        domain.onMessage(first);
        domain.onMessage(second);

        assertThat(context.published()).extracting(FakePluginContext.Published::type).containsExactly(
                "assets.AssetRegistered", "assets.ValuationRecorded", "assets.ValuationRecorded");
        assertThat(context.published()).allSatisfy(p -> assertThat(p.entity()).contains("villa-1"));
        assertThat(context.published()).extracting(p -> p.cause().orElseThrow().id())
                .containsExactly(register.id(), first.id(), second.id());

        JsonNode firstJson = readTree(context.published().get(1).json());
        assertThat(firstJson.get("previousAmount").isNull()).isTrue();
        assertThat(firstJson.get("valuationDate").asText()).isEqualTo("2024-06-30");
        ValuationRecorded secondEvent = context.published().get(2).as(ValuationRecorded.class);
        assertThat(secondEvent.previousAmount()).isEqualByComparingTo("2500000");
        assertThat(secondEvent.recordedAt()).isEqualTo(FakePluginContext.CLOCK.instant());
    }

    private static JsonNode readTree(String json) {
        return Json.read(json, JsonNode.class);
    }

    @Test
    void stateIsRebuiltFromTheJournal_afterARestart() {
        domain.onMessage(registerVilla());
        domain.onMessage(valuation("v1", "2500000", "CHF", "2024-06-30"));
        domain.stop();

        AssetsDomain restarted = new AssetsDomain();
        restarted.start(new FakePluginContext(store, Map.of()));

        assertThat(assets(restarted)).extracting(AssetViews.AssetSummary::id).containsExactly("villa-1");
        assertThat(asset(restarted, "villa-1").current().orElseThrow().amount()).isEqualByComparingTo("2500000");
    }

    @Test
    void unknownAsset_isRejected_andAnsweredEmpty() {
        domain.onMessage(valuation("v1", "100", "CHF", "2024-06-30"));

        assertThat(onlyRejectionReason()).contains("asset villa-1 is not registered");
        CommandRejected rejected = context.published().getFirst().as(CommandRejected.class);
        assertThat(rejected.commandType()).isEqualTo("assets.RecordValuation");
        assertThat(rejected.assetId()).isEqualTo("villa-1");
        assertThat(domain.query(query("asset", Map.of("id", "villa-1")))).isEmpty();
        assertThat(store.load(new AggregateRef("asset", "villa-1"))).isEmpty();
    }

    @Test
    void duplicateRegistration_isRejected() {
        domain.onMessage(registerVilla());
        domain.onMessage(registerVilla());

        assertThat(onlyRejectionReason()).contains("already registered");
        assertThat(store.load(new AggregateRef("asset", "villa-1"))).hasSize(1);
        assertThat(assets(domain)).hasSize(1);
    }

    @Test
    void valuationInAnotherCurrency_isRejected() {
        domain.onMessage(registerVilla());
        domain.onMessage(valuation("v1", "100", "EUR", "2024-06-30"));

        assertThat(onlyRejectionReason()).contains("currency 'EUR' differs");
    }

    @Test
    void negativeValuation_isRejected() {
        domain.onMessage(registerVilla());
        domain.onMessage(valuation("v1", "-5", "CHF", "2024-06-30"));

        assertThat(onlyRejectionReason()).contains("negative");
        assertThat(store.load(new AggregateRef("asset", "villa-1"))).hasSize(1);
    }

    @Test
    void repeatedValuation_sameContentIsANoOp_otherContentIsRejected() {
        domain.onMessage(registerVilla());
        domain.onMessage(valuation("v1", "2500000", "CHF", "2024-06-30"));
        domain.onMessage(valuation("v1", "2500000.00", "CHF", "2024-06-30"));

        assertThat(context.published()).hasSize(2);
        assertThat(store.load(new AggregateRef("asset", "villa-1"))).hasSize(2);

        domain.onMessage(valuation("v1", "2400000", "CHF", "2024-06-30"));
        assertThat(onlyRejectionReason()).contains("already recorded with different content");
        assertThat(asset(domain, "villa-1").valuations()).singleElement()
                .satisfies(v -> assertThat(v.amount()).isEqualByComparingTo("2500000"));
    }

    @Test
    void unreadableCommand_isRejected() {
        domain.onMessage(FakeEnvelope.withJson("assets.RecordValuation", "{\"valuationId\":\"v1\"}"));

        assertThat(onlyRejectionReason()).startsWith("the command could not be read");
    }

    @Test
    void concurrentWriter_causesOneConflict_thatIsRetried() {
        domain.onMessage(registerVilla());
        domain.onMessage(valuation("v1", "2500000", "CHF", "2024-06-30"));
        // A second instance of the domain (another node) records v2 while this one is appending v3.
        FakePluginContext rivalContext = new FakePluginContext(store, Map.of());
        AssetsDomain rival = new AssetsDomain();
        rival.start(rivalContext);
        store.beforeNextAppend(() -> rival.onMessage(valuation("v2", "2400000", "CHF", "2024-09-30")));

        domain.onMessage(valuation("v3", "2300000", "CHF", "2024-12-31"));

        assertThat(store.conflicts()).isEqualTo(1);
        assertThat(asset(domain, "villa-1").valuations()).extracting(AssetViews.ValuationEntry::valuationId)
                .containsExactly("v1", "v2", "v3");
        ValuationRecorded v3 = context.published("assets.ValuationRecorded").getLast().as(ValuationRecorded.class);
        assertThat(v3.valuationId()).isEqualTo("v3");
        assertThat(v3.previousAmount()).as("decided again on the reloaded state").isEqualByComparingTo("2400000");
        assertThat(rivalContext.published("assets.ValuationRecorded")).hasSize(1);
    }

    @Test
    void concurrentRegistrations_areAllListedInTheIndex() {
        FakePluginContext rivalContext = new FakePluginContext(store, Map.of());
        AssetsDomain rival = new AssetsDomain();
        rival.start(rivalContext);
        store.beforeNextAppend(() -> rival.onMessage(FakeEnvelope.command("assets.RegisterAsset",
                new RegisterAsset("car-1", "Ferrari 250 GT", AssetClass.CLASSIC_CAR, "person-1", "CHF", ""))));

        domain.onMessage(registerVilla());

        assertThat(store.conflicts()).isEqualTo(1);
        assertThat(assets(domain)).extracting(AssetViews.AssetSummary::id).containsExactly("car-1", "villa-1");
    }

    @Test
    void unknownQuery_isEmpty() {
        assertThat(domain.query(query("portfolio", Map.of()))).isEmpty();
        assertThat(domain.query(query("asset", Map.of()))).isEmpty();
    }

    @Test
    void manifest_isAValidDomainManifest_andNamesThisEntryClass() throws Exception {
        JsonNode yaml = FakePluginContext.manifest();
        PluginManifest manifest = new PluginManifest(new PluginId(yaml.get("id").asText(), yaml.get("version").asText()),
                yaml.get("publisher").asText(), PluginKind.valueOf(yaml.get("kind").asText().toUpperCase()),
                yaml.get("domain").asText(), yaml.get("entry-class").asText(), texts(yaml.get("consumes")),
                texts(yaml.get("publishes")), List.of(), Map.of());

        assertThat(manifest.kind()).isEqualTo(PluginKind.DOMAIN);
        assertThat(manifest.consumes()).containsExactlyInAnyOrder(AssetsDomain.REGISTER_ASSET, AssetsDomain.RECORD_VALUATION,
                AssetsDomain.ATTACH_EVIDENCE);
        assertThat(manifest.publishes()).containsExactlyInAnyOrder("assets.AssetRegistered",
                "assets.ValuationRecorded", "assets.CommandRejected");
        Object entry = Class.forName(manifest.entryClass()).getConstructor().newInstance();
        assertThat(entry).isInstanceOf(DomainPlugin.class);
        assertThat(getClass().getResource("/policy.yaml")).isNotNull();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
