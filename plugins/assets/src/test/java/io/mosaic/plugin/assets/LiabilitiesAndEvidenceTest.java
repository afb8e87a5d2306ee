package io.mosaic.plugin.assets;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.testkit.FakeEnvelope;
import io.mosaic.sdk.testkit.FakeEventStore;
import io.mosaic.sdk.testkit.FakePluginContext;
import io.mosaic.sdk.testkit.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Liabilities (LOAN, MORTGAGE) linked to assets, and evidence documents of valuations. */
class LiabilitiesAndEvidenceTest {
    private static final String PDF = Base64.getEncoder().encodeToString(
            "%PDF-1.7 appraisal of Villa Lugano".getBytes(StandardCharsets.UTF_8));
    private FakeEventStore store;
    private FakePluginContext context;
    private AssetsDomain domain;

    @BeforeEach
    void start() {
        store = new FakeEventStore("assets", FakePluginContext.CLOCK);
        context = new FakePluginContext(store, Map.of());
        domain = new AssetsDomain();
        domain.start(context);
        domain.onMessage(FakeEnvelope.command("assets.RegisterAsset", new RegisterAsset("villa-1", "Villa Lugano",
                AssetClass.REAL_ESTATE, "person-1", "CHF", "Lakeside house")));
        domain.onMessage(FakeEnvelope.command("assets.RecordValuation", new RecordValuation("villa-1", "v-2024",
                new BigDecimal("2500000"), "CHF", LocalDate.parse("2024-06-30"), ValuationMethod.APPRAISAL, "Wüest Partner")));
    }

    private List<String> rejections() {
        return context.published("assets.CommandRejected").stream().map(p -> p.as(CommandRejected.class).reason()).toList();
    }

    private AssetViews.AssetDetails asset(String id) {
        return (AssetViews.AssetDetails) domain.query(new Query("asset", Map.of("id", id), "c")).orElseThrow();
    }

    private static FakeEnvelope mortgage(String linked) {
        return FakeEnvelope.command("assets.RegisterAsset", new RegisterAsset("mortgage-1", "Mortgage Villa Lugano",
                AssetClass.MORTGAGE, "person-1", "CHF", "Fixed 10y at 1.45 %", linked));
    }

    @Test
    void mortgageLinkedToTheProperty_isALiabilityValuedAtItsOutstandingBalance() {
        domain.onMessage(mortgage("villa-1"));
        domain.onMessage(FakeEnvelope.command("assets.RecordValuation", new RecordValuation("mortgage-1", "bal-2024-12",
                new BigDecimal("1200000.00"), "CHF", LocalDate.parse("2024-12-31"), ValuationMethod.MODEL, "Alpenbank")));

        assertThat(rejections()).isEmpty();
        AssetViews.AssetDetails details = asset("mortgage-1");
        assertThat(details.liability()).isTrue();
        assertThat(details.linkedAssetId()).isEqualTo("villa-1");
        assertThat(details.current().orElseThrow().amount()).isEqualByComparingTo("1200000.00");
        AssetRegistered registered = context.published("assets.AssetRegistered").getLast().as(AssetRegistered.class);
        assertThat(registered.linked()).contains("villa-1");
        assertThat(registered.assetClass()).isEqualTo(AssetClass.MORTGAGE);
        assertThat(asset("villa-1").liability()).isFalse();
    }

    @Test
    void loanWithoutLink_isAccepted_butLinksMustBeValid() {
        domain.onMessage(FakeEnvelope.command("assets.RegisterAsset", new RegisterAsset("loan-1", "Lombard loan",
                AssetClass.LOAN, "person-1", "EUR", "")));
        domain.onMessage(mortgage("nowhere-7"));
        domain.onMessage(FakeEnvelope.command("assets.RegisterAsset", new RegisterAsset("art-1", "Hodler landscape",
                AssetClass.ART, "person-1", "CHF", "", "villa-1")));
        domain.onMessage(FakeEnvelope.command("assets.RegisterAsset", new RegisterAsset("mortgage-2", "Second",
                AssetClass.MORTGAGE, "person-1", "CHF", "", "loan-1")));

        assertThat(asset("loan-1").liability()).isTrue();
        assertThat(rejections()).containsExactly(
                "asset mortgage-1: linkedAssetId 'nowhere-7' is not a registered asset",
                "asset art-1: linkedAssetId 'villa-1': only a liability (LOAN, MORTGAGE) is linked to another asset, not ART",
                "asset mortgage-2: linkedAssetId 'loan-1' is itself a liability (LOAN)");
    }

    @Test
    void registrationJsonWithoutLinkedAssetId_isStillRead() {
        String v1 = "{\"assetId\":\"a-1\",\"name\":\"Old\",\"assetClass\":\"ART\",\"owner\":\"p\",\"currency\":\"CHF\","
                + "\"description\":\"\",\"registeredAt\":\"2023-01-01T00:00:00Z\"}";
        AssetRegistered old = Json.read(v1, AssetRegistered.class);
        assertThat(old.linked()).isEmpty();
        assertThat(old.registeredAt()).isEqualTo(Instant.parse("2023-01-01T00:00:00Z"));
        RegisterAsset command = Json.read("{\"assetId\":\"a-1\",\"name\":\"Old\",\"assetClass\":\"ART\",\"owner\":\"p\","
                + "\"currency\":\"CHF\"}", RegisterAsset.class);
        assertThat(command.linkedAssetId()).isNull();
        JsonNode written = Json.read(Json.write(old), JsonNode.class);
        assertThat(written.has("linkedAssetId")).isTrue();
    }

    @Test
    void evidence_isStoredInTheAssetsStream_listedWithoutContent_andReturnedByTheEvidenceQuery() {
        domain.onMessage(FakeEnvelope.command("assets.AttachEvidence", new AttachEvidence("villa-1", "v-2024",
                "appraisal-2024.pdf", "application/pdf", PDF)));
        int published = context.published().size();

        assertThat(rejections()).isEmpty();
        assertThat(context.published()).as("documents do not travel on the bus")
                .noneMatch(p -> p.json().contains(PDF));
        assertThat(store.load(new AggregateRef("asset", "villa-1"))).extracting(e -> e.type())
                .containsExactly("assets.AssetRegistered", "assets.ValuationRecorded", "assets.EvidenceAttached");
        AssetViews.AssetDetails details = asset("villa-1");
        assertThat(details.evidence()).singleElement().satisfies(e -> {
            assertThat(e.documentName()).isEqualTo("appraisal-2024.pdf");
            assertThat(e.valuationId()).isEqualTo("v-2024");
            assertThat(e.mediaType()).isEqualTo("application/pdf");
            assertThat(e.size()).isEqualTo(34);
        });
        assertThat(Json.write(details)).doesNotContain(PDF);

        Optional<Object> document = domain.query(new Query("evidence",
                Map.of("assetId", "villa-1", "documentName", "appraisal-2024.pdf"), "c"));
        assertThat(document).get().isInstanceOfSatisfying(AssetViews.EvidenceDocument.class, d -> {
            assertThat(Base64.getDecoder().decode(d.contentBase64()))
                    .isEqualTo("%PDF-1.7 appraisal of Villa Lugano".getBytes(StandardCharsets.UTF_8));
            assertThat(d.sha256()).hasSize(64);
        });
        assertThat(domain.query(new Query("evidence", Map.of("assetId", "villa-1", "documentName", "other.pdf"), "c")))
                .isEmpty();

        domain.onMessage(FakeEnvelope.command("assets.AttachEvidence", new AttachEvidence("villa-1", "v-2024",
                "appraisal-2024.pdf", "application/pdf", PDF)));
        assertThat(context.published()).as("same document again: no-op").hasSize(published);
        assertThat(store.load(new AggregateRef("asset", "villa-1"))).hasSize(3);
    }

    @Test
    void invalidEvidence_isRejectedWithTheReason() {
        String other = Base64.getEncoder().encodeToString(new byte[]{1, 2, 3});
        domain.onMessage(FakeEnvelope.command("assets.AttachEvidence", new AttachEvidence("villa-1", "v-1999",
                "a.pdf", "application/pdf", PDF)));
        domain.onMessage(FakeEnvelope.command("assets.AttachEvidence", new AttachEvidence("villa-1", "v-2024",
                "../etc/passwd", "application/pdf", PDF)));
        domain.onMessage(FakeEnvelope.command("assets.AttachEvidence", new AttachEvidence("villa-1", "v-2024",
                "a.pdf", "pdf", PDF)));
        domain.onMessage(FakeEnvelope.command("assets.AttachEvidence", new AttachEvidence("villa-1", "v-2024",
                "a.pdf", "application/pdf", "not base64!")));
        domain.onMessage(FakeEnvelope.command("assets.AttachEvidence", new AttachEvidence("villa-1", "v-2024",
                "a.pdf", "application/pdf", PDF)));
        domain.onMessage(FakeEnvelope.command("assets.AttachEvidence", new AttachEvidence("villa-1", "v-2024",
                "a.pdf", "application/pdf", other)));
        domain.onMessage(FakeEnvelope.command("assets.AttachEvidence", new AttachEvidence("car-9", "v-1",
                "a.pdf", "application/pdf", PDF)));

        assertThat(rejections()).hasSize(6).satisfiesExactly(
                r -> assertThat(r).isEqualTo("asset villa-1, evidence 'a.pdf': valuation 'v-1999' is not recorded for this asset"),
                r -> assertThat(r).contains("documentName must be 1-200 characters without '/'"),
                r -> assertThat(r).contains("mediaType 'pdf' is not a media type"),
                r -> assertThat(r).contains("contentBase64 is not base64"),
                r -> assertThat(r).isEqualTo("asset villa-1, evidence 'a.pdf' is already attached with other content"),
                r -> assertThat(r).isEqualTo("asset car-9 is not registered"));
        assertThat(asset("villa-1").evidence()).hasSize(1);
    }
}
