package io.mosaic.plugin.valuationalerts;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Given what the app saw, when a valuation arrives, then which events. */
class WatchTest {
    private static final BigDecimal TEN_PERCENT = new BigDecimal("0.10");

    private static ValuationRecorded valuation(String id, String amount, String currency) {
        return new ValuationRecorded("villa-1", id, new BigDecimal(amount), currency, LocalDate.of(2025, 1, 31));
    }

    private static WatchEvent.ValuationSeen seen(String id, String amount) {
        return new WatchEvent.ValuationSeen(id, new BigDecimal(amount), "CHF", LocalDate.of(2024, 6, 30));
    }

    @Test
    void firstValuation_isSeen_withoutAlert() {
        assertThat(Watch.decide(valuation("v1", "100", "CHF"), Watch.initial(), TEN_PERCENT))
                .singleElement().isInstanceOf(WatchEvent.ValuationSeen.class);
    }

    @Test
    void dropOfAQuarter_raisesAlert_withShare() {
        List<WatchEvent> events = Watch.decide(valuation("v2", "75", "CHF"),
                Watch.replay(List.of(seen("v1", "100"))), TEN_PERCENT);
        assertThat(events).hasSize(2);
        var alert = (WatchEvent.AlertRaised) events.get(1);
        assertThat(alert.dropShare()).isEqualByComparingTo("0.25");
        assertThat(alert.previousAmount()).isEqualByComparingTo("100");
        assertThat(alert.newAmount()).isEqualByComparingTo("75");
        assertThat(alert.threshold()).isEqualByComparingTo("0.10");
    }

    @Test
    void dropOfExactlyTheThreshold_raisesNothing() {
        assertThat(Watch.decide(valuation("v2", "90", "CHF"), Watch.replay(List.of(seen("v1", "100"))), TEN_PERCENT))
                .hasSize(1);
    }

    @Test
    void previousIsTheLastSeen_notTheFirst() {
        Watch watch = Watch.replay(List.of(seen("v1", "100"), seen("v2", "80")));
        assertThat(Watch.decide(valuation("v3", "75", "CHF"), watch, TEN_PERCENT)).hasSize(1);
    }

    @Test
    void currencyChangeOrZeroPrevious_raisesNothing() {
        assertThat(Watch.decide(valuation("v2", "10", "EUR"), Watch.replay(List.of(seen("v1", "100"))), TEN_PERCENT))
                .hasSize(1);
        assertThat(Watch.decide(valuation("v2", "0", "CHF"), Watch.replay(List.of(seen("v1", "0"))), TEN_PERCENT))
                .hasSize(1);
    }

    @Test
    void valuationSeenBefore_changesNothing() {
        assertThat(Watch.decide(valuation("v1", "50", "CHF"), Watch.replay(List.of(seen("v1", "100"))), TEN_PERCENT))
                .isEmpty();
    }

    @Property(tries = 300)
    void alertIffDropExceedsThresholdShare(
            @ForAll @BigRange(min = "0.01", max = "1000000") BigDecimal previous,
            @ForAll @BigRange(min = "0", max = "2000000") BigDecimal next,
            @ForAll @BigRange(min = "0", max = "0.99") BigDecimal threshold) {
        List<WatchEvent> events = Watch.decide(valuation("v2", next.toPlainString(), "CHF"),
                Watch.replay(List.of(seen("v1", previous.toPlainString()))), threshold);

        boolean expected = previous.subtract(next).compareTo(previous.multiply(threshold)) > 0;
        assertThat(events.size() == 2).isEqualTo(expected);
        if (expected) {
            var alert = (WatchEvent.AlertRaised) events.get(1);
            assertThat(alert.dropShare()).isGreaterThan(threshold).isLessThanOrEqualTo(BigDecimal.ONE);
        }
    }
}
