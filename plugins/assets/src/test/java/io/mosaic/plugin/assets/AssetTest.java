package io.mosaic.plugin.assets;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Given events, when a command, then events or a rejection. */
class AssetTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final AssetRegistered VILLA = new AssetRegistered("villa-1", "Villa Lugano", AssetClass.REAL_ESTATE,
            "person-1", "CHF", "Lakeside", NOW);

    private static RegisterAsset register(String id, String currency) {
        return new RegisterAsset(id, "Villa Lugano", AssetClass.REAL_ESTATE, "person-1", currency, "Lakeside");
    }

    private static RecordValuation valuation(String valuationId, String amount, String currency, String date) {
        return new RecordValuation("villa-1", valuationId, new BigDecimal(amount), currency, LocalDate.parse(date),
                ValuationMethod.APPRAISAL, "Wüest Partner");
    }

    private static ValuationRecorded recorded(String valuationId, String amount, String date, String previous) {
        return new ValuationRecorded("villa-1", valuationId, new BigDecimal(amount), "CHF", LocalDate.parse(date),
                ValuationMethod.APPRAISAL, "Wüest Partner", previous == null ? null : new BigDecimal(previous), NOW);
    }

    private static Decision given(List<AssetEvent> history, AssetCommand command) {
        return Asset.decide(command, AssetState.replay(history), NOW);
    }

    private static List<AssetEvent> accepted(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Accepted.class);
        return ((Decision.Accepted) decision).events();
    }

    private static String rejection(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) decision).reason();
    }

    @Test
    void register_newAsset_isRegistered() {
        assertThat(accepted(given(List.of(), register("villa-1", "CHF")))).containsExactly(VILLA);
    }

    @Test
    void register_twice_isRejected() {
        assertThat(rejection(given(List.of(VILLA), register("villa-1", "CHF")))).contains("already registered");
    }

    @Test
    void register_withUnknownCurrency_isRejected() {
        assertThat(rejection(given(List.of(), register("villa-1", "XYZ")))).contains("'XYZ'", "ISO 4217");
        assertThat(rejection(given(List.of(), register("villa-1", "chf")))).contains("'chf'");
    }

    @Test
    void register_withIdTheJournalCannotKey_isRejected() {
        assertThat(rejection(given(List.of(), register("villa 1", "CHF")))).contains("asset id 'villa 1'");
    }

    @Test
    void register_withoutNameOwnerOrClass_isRejected() {
        assertThat(rejection(given(List.of(), new RegisterAsset("a", " ", AssetClass.ART, "p", "CHF", null))))
                .contains("name is empty");
        assertThat(rejection(given(List.of(), new RegisterAsset("a", "n", AssetClass.ART, "", "CHF", null))))
                .contains("owner is empty");
        assertThat(rejection(given(List.of(), new RegisterAsset("a", "n", null, "p", "CHF", null))))
                .contains("assetClass is missing");
    }

    @Test
    void valuation_ofUnknownAsset_isRejected() {
        assertThat(rejection(given(List.of(), valuation("v1", "100", "CHF", "2024-01-01")))).contains("not registered");
    }

    @Test
    void firstValuation_hasNoPreviousAmount() {
        List<AssetEvent> events = accepted(given(List.of(VILLA), valuation("v1", "2500000", "CHF", "2024-06-30")));
        assertThat(events).containsExactly(recorded("v1", "2500000", "2024-06-30", null));
        assertThat(((ValuationRecorded) events.getFirst()).previous()).isEmpty();
    }

    @Test
    void laterValuation_carriesTheCurrentAmountAsPrevious() {
        List<AssetEvent> events = accepted(given(List.of(VILLA, recorded("v1", "2500000", "2024-06-30", null)),
                valuation("v2", "2300000", "CHF", "2025-01-31")));
        assertThat(events).containsExactly(recorded("v2", "2300000", "2025-01-31", "2500000"));
    }

    @Test
    void zeroValuation_isAccepted_negativeIsRejected() {
        assertThat(accepted(given(List.of(VILLA), valuation("v1", "0", "CHF", "2024-06-30")))).hasSize(1);
        assertThat(rejection(given(List.of(VILLA), valuation("v1", "-1.50", "CHF", "2024-06-30"))))
                .contains("amount -1.50 is negative");
    }

    @Test
    void valuation_inOtherCurrencyThanTheAsset_isRejected() {
        assertThat(rejection(given(List.of(VILLA), valuation("v1", "100", "EUR", "2024-06-30"))))
                .contains("currency 'EUR' differs from the asset's currency CHF");
    }

    @Test
    void valuation_withoutDateOrMethod_isRejected() {
        assertThat(rejection(given(List.of(VILLA), new RecordValuation("villa-1", "v1", BigDecimal.ONE, "CHF", null,
                ValuationMethod.MODEL, "")))).contains("valuationDate is missing");
        assertThat(rejection(given(List.of(VILLA), new RecordValuation("villa-1", "v1", BigDecimal.ONE, "CHF",
                LocalDate.of(2024, 1, 1), null, "")))).contains("method is missing");
    }

    @Test
    void repeatedValuation_withSameContent_isANoOp() {
        List<AssetEvent> history = List.of(VILLA, recorded("v1", "2500000", "2024-06-30", null));
        assertThat(accepted(given(history, valuation("v1", "2500000.00", "CHF", "2024-06-30")))).isEmpty();
    }

    @Test
    void repeatedValuationId_withOtherContent_isRejected() {
        List<AssetEvent> history = List.of(VILLA, recorded("v1", "2500000", "2024-06-30", null));
        assertThat(rejection(given(history, valuation("v1", "2400000", "CHF", "2024-06-30"))))
                .contains("valuation v1 is already recorded with different content");
    }

    @Test
    void backDatedValuation_doesNotBecomeCurrent_butJoinsHistoryInDateOrder() {
        var state = (AssetState.Registered) AssetState.replay(List.of(VILLA,
                recorded("v1", "2500000", "2024-06-30", null),
                recorded("v0", "1900000", "2019-03-31", "2500000")));
        assertThat(state.current().orElseThrow().valuationId()).isEqualTo("v1");
        assertThat(state.history()).extracting(Valuation::valuationId).containsExactly("v0", "v1");
    }

    @Test
    void valuationsOnTheSameDate_theOneRecordedLastIsCurrent() {
        var state = (AssetState.Registered) AssetState.replay(List.of(VILLA,
                recorded("v1", "2500000", "2024-06-30", null),
                recorded("v2", "2450000", "2024-06-30", "2500000")));
        assertThat(state.current().orElseThrow().valuationId()).isEqualTo("v2");
    }

    @Property(tries = 200)
    void current_isLatestByDateThenByRecordingOrder(
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 5) Integer> dayOffsets) {
        List<AssetEvent> history = new ArrayList<>(List.of(VILLA));
        for (int i = 0; i < dayOffsets.size(); i++) {
            history.add(recorded("v" + i, String.valueOf(1000 + i), LocalDate.of(2024, 1, 1)
                    .plusDays(dayOffsets.get(i)).toString(), null));
        }
        var state = (AssetState.Registered) AssetState.replay(history);

        int maxOffset = dayOffsets.stream().max(Comparator.naturalOrder()).orElseThrow();
        int expected = dayOffsets.lastIndexOf(maxOffset);
        assertThat(state.current().orElseThrow().valuationId()).isEqualTo("v" + expected);
        assertThat(state.history()).extracting(Valuation::valuationDate).isSorted();
        assertThat(state.history()).hasSize(dayOffsets.size());
    }
}
