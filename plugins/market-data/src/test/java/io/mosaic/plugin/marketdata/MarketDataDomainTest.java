package io.mosaic.plugin.marketdata;

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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MarketDataDomainTest {
    private FakeEventStore store;
    private FakePluginContext context;
    private MarketDataDomain domain;

    @BeforeEach
    void start() {
        store = new FakeEventStore("market-data", FakePluginContext.CLOCK);
        context = new FakePluginContext(store, Map.of());
        domain = new MarketDataDomain();
        domain.start(context);
    }

    private void importFile(MarketDataDomain target, String name, String csv) {
        target.onMessage(FakeEnvelope.command("market-data.ImportReferenceRates", new ImportReferenceRates(name, csv)));
    }

    private MarketDataViews.FxAnswer fx(MarketDataDomain target, String base, String quote, String date) {
        return (MarketDataViews.FxAnswer) target.query(new Query("fx", Map.of("base", base, "quote", quote,
                "date", date), "c")).orElseThrow();
    }

    private int journalSize() {
        int size = 0;
        for (var listed : store.load(MarketDataDomain.INDEX)) {
            StreamListed stream = listed.as(StreamListed.class);
            size += store.load(new AggregateRef(stream.type(), stream.id())).size();
        }
        return size + store.load(MarketDataDomain.INDEX).size();
    }

    @Test
    void import_publishesEveryRate_andFxQueryConvertsThroughEur() {
        importFile(domain, "eurofxref.csv", ReferenceRateCsvTest.ECB);

        assertThat(context.published("market-data.FxRateRecorded")).hasSize(7);
        var usdChf = fx(domain, "USD", "CHF", "2024-03-01");
        assertThat(usdChf.route()).isEqualTo(MarketDataViews.Route.VIA_EUR);
        assertThat(usdChf.status()).isEqualTo(MarketDataViews.Status.PRICED);
        // 0.9565 / 1.0842 = 0.88221730308061243313…
        assertThat(usdChf.rate().setScale(10, java.math.RoundingMode.HALF_EVEN)).isEqualByComparingTo("0.8822173031");
        JsonNode json = Json.read(Json.write(usdChf), JsonNode.class);
        assertThat(json.get("status").asText()).isEqualTo("PRICED");
        assertThat(json.get("rateDate").asText()).isEqualTo("2024-03-01");
        assertThat(json.get("legs")).hasSize(2);
        var jpy = fx(domain, "EUR", "JPY", "2024-02-29");
        assertThat(jpy.status()).isEqualTo(MarketDataViews.Status.MISSING);
        assertThat(jpy.rate()).isNull();
    }

    @Test
    void importingTheSameFileTwice_changesNothing() {
        importFile(domain, "eurofxref.csv", ReferenceRateCsvTest.ECB);
        int journal = journalSize();
        int published = context.published().size();

        importFile(domain, "eurofxref.csv", ReferenceRateCsvTest.ECB);
        importFile(domain, "copy-of-eurofxref.csv", ReferenceRateCsvTest.ECB.replace("\r", ""));

        assertThat(journalSize()).isEqualTo(journal);
        assertThat(context.published()).hasSize(published);
    }

    @Property(tries = 30)
    void anyFileImportedTwice_changesNothing_evenAfterARestart(@ForAll long seed,
                                                             @ForAll @IntRange(min = 1, max = 15) int days) {
        start();
        String file = ReferenceRateCsvTest.validFile(seed, days, 1 + Math.floorMod(seed, 8));
        importFile(domain, "a.csv", file);
        int journal = journalSize();
        int published = context.published().size();

        MarketDataDomain restarted = new MarketDataDomain();
        FakePluginContext restartedContext = new FakePluginContext(store, Map.of());
        restarted.start(restartedContext);
        importFile(restarted, "a.csv", file);

        assertThat(journalSize()).isEqualTo(journal);
        assertThat(context.published()).hasSize(published);
        assertThat(restartedContext.published()).isEmpty();
    }

    @Test
    void malformedFile_isRejectedWhole_withEveryProblemNamed() {
        importFile(domain, "bad.csv", "Date,USD,CHF\n2024-03-01,1.08,0.95\n2024-03-04,1.09,zero\n");

        assertThat(context.published()).extracting(FakePluginContext.Published::type)
                .containsExactly("market-data.CommandRejected");
        assertThat(context.published().getFirst().as(CommandRejected.class).reason()).isEqualTo(
                "file bad.csv rejected, nothing imported: file bad.csv, line 3, column 3 (CHF): 'zero' is not a "
                        + "positive decimal (expected e.g. 1.0842)");
        assertThat(journalSize()).isZero();
        assertThat(fx(domain, "EUR", "USD", "2024-03-01").status()).isEqualTo(MarketDataViews.Status.MISSING);
    }

    @Test
    void singleRatesAndPrices_areRecorded_repeatsIgnored_correctionsWin() {
        var rate = new RecordFxRate("USD", "CHF", new BigDecimal("0.88"), LocalDate.of(2024, 3, 1), "bank");
        domain.onMessage(FakeEnvelope.command("market-data.RecordFxRate", rate));
        domain.onMessage(FakeEnvelope.command("market-data.RecordFxRate", rate));
        domain.onMessage(FakeEnvelope.command("market-data.RecordFxRate",
                new RecordFxRate("USD", "CHF", new BigDecimal("0.8801"), LocalDate.of(2024, 3, 1), "bank")));
        domain.onMessage(FakeEnvelope.command("market-data.RecordPrice",
                new RecordPrice("CH0012005267", new BigDecimal("88.5"), "CHF", LocalDate.of(2024, 3, 1), "SIX")));
        domain.onMessage(FakeEnvelope.command("market-data.RecordFxRate",
                new RecordFxRate("USD", "USD", BigDecimal.ONE, LocalDate.of(2024, 3, 1), "bank")));

        assertThat(context.published()).extracting(FakePluginContext.Published::type).containsExactly(
                "market-data.FxRateRecorded", "market-data.FxRateRecorded", "market-data.PriceRecorded",
                "market-data.CommandRejected");
        assertThat(fx(domain, "CHF", "USD", "2024-03-05").rate().setScale(6, java.math.RoundingMode.HALF_EVEN))
                .isEqualByComparingTo("1.136235"); // 1 / 0.8801
        var price = (MarketDataViews.PriceAnswer) domain.query(new Query("price",
                Map.of("instrumentId", "CH0012005267", "date", "2024-03-02"), "c")).orElseThrow();
        assertThat(price.price()).isEqualByComparingTo("88.5");
        assertThat(price.currency()).isEqualTo("CHF");

        MarketDataDomain restarted = new MarketDataDomain();
        restarted.start(new FakePluginContext(store, Map.of()));
        assertThat(fx(restarted, "USD", "CHF", "2024-03-05").rate()).isEqualByComparingTo("0.8801");
    }

    @Test
    void manifest_isAValidDomainManifest() throws Exception {
        JsonNode yaml = FakePluginContext.manifest();
        PluginManifest manifest = new PluginManifest(new PluginId(yaml.get("id").asText(), yaml.get("version").asText()),
                yaml.get("publisher").asText(), PluginKind.valueOf(yaml.get("kind").asText().toUpperCase()),
                yaml.get("domain").asText(), yaml.get("entry-class").asText(), texts(yaml.get("consumes")),
                texts(yaml.get("publishes")), List.of(), Map.of());
        assertThat(manifest.publishes()).contains("market-data.FxRateRecorded", "market-data.PriceRecorded");
        assertThat(Class.forName(manifest.entryClass()).getConstructor().newInstance()).isInstanceOf(DomainPlugin.class);
        assertThat(getClass().getResource("/policy.yaml")).isNotNull();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
