package io.mosaic.plugin.marketdata;

import io.mosaic.plugin.marketdata.MarketDataViews.Route;
import io.mosaic.plugin.marketdata.MarketDataViews.Status;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class RateBookTest {
    private static final LocalDate MAR1 = LocalDate.of(2024, 3, 1);
    private final RateBook book = new RateBook();

    private void rate(String base, String quote, String rate, LocalDate date) {
        book.add(new FxRateRecorded(base, quote, new BigDecimal(rate), date, "test"));
    }

    @Test
    void direct_inverse_andCrossViaEur_handComputed() {
        rate("EUR", "USD", "1.0842", MAR1);
        rate("EUR", "CHF", "0.9565", MAR1);
        rate("USD", "JPY", "150.25", MAR1.minusDays(1));

        var direct = book.fx("EUR", "USD", MAR1, 5);
        assertThat(direct.route()).isEqualTo(Route.DIRECT);
        assertThat(direct.rate()).isEqualByComparingTo("1.0842");

        // 1 USD = 1 / 1.0842 EUR = 0.922339051835454713152555… EUR
        var inverse = book.fx("USD", "EUR", MAR1, 5);
        assertThat(inverse.route()).isEqualTo(Route.INVERSE);
        assertThat(inverse.rate().setScale(12, RoundingMode.HALF_EVEN)).isEqualByComparingTo("0.922339051835");

        // 1 USD = (1 / 1.0842) EUR × 0.9565 CHF/EUR = 0.882217303080612433…, dated by the older leg
        var cross = book.fx("USD", "CHF", MAR1.plusDays(2), 5);
        assertThat(cross.route()).isEqualTo(Route.VIA_EUR);
        assertThat(cross.rate().setScale(12, RoundingMode.HALF_EVEN)).isEqualByComparingTo("0.882217303081");
        assertThat(cross.rateDate()).isEqualTo(MAR1);
        assertThat(cross.ageDays()).isEqualTo(2L);
        assertThat(cross.legs()).hasSize(2);
        assertThat(cross.status()).isEqualTo(Status.PRICED);

        assertThat(book.fx("JPY", "USD", MAR1, 5).route()).isEqualTo(Route.INVERSE);
    }

    @Test
    void lastRateBeforeTheDate_isUsed_andFlaggedStaleBeyondTheLimit() {
        rate("EUR", "USD", "1.08", MAR1);
        rate("EUR", "USD", "1.09", MAR1.plusDays(3));
        assertThat(book.fx("EUR", "USD", MAR1.plusDays(2), 5).rate()).isEqualByComparingTo("1.08");
        var stale = book.fx("EUR", "USD", MAR1.plusDays(10), 5);
        assertThat(stale.status()).isEqualTo(Status.STALE);
        assertThat(stale.rate()).isEqualByComparingTo("1.09");
        assertThat(stale.reason()).contains("7 days old (limit 5)");
    }

    @Test
    void missingRate_isMissing_neverOne() {
        rate("EUR", "USD", "1.08", MAR1);
        var missing = book.fx("USD", "CHF", MAR1, 5);
        assertThat(missing.status()).isEqualTo(Status.MISSING);
        assertThat(missing.rate()).isNull();
        assertThat(missing.reason()).isEqualTo("no rate for USD/CHF on or before 2024-03-01, directly, inverted or via EUR");
        assertThat(book.fx("EUR", "USD", MAR1.minusDays(1), 5).status()).isEqualTo(Status.MISSING);
        assertThat(book.fx("CHF", "CHF", MAR1, 5).rate()).isEqualByComparingTo("1");
    }

    @Test
    void laterRecordingOfTheSameDate_isACorrection() {
        rate("EUR", "USD", "1.08", MAR1);
        rate("EUR", "USD", "1.0801", MAR1);
        assertThat(book.fx("EUR", "USD", MAR1, 5).rate()).isEqualByComparingTo("1.0801");
    }

    @Test
    void prices_lastBeforeTheDate_staleAndMissing() {
        book.add(new PriceRecorded("CH0012005267", new BigDecimal("88.50"), "CHF", MAR1, "SIX"));
        var price = book.price("CH0012005267", MAR1.plusDays(1), 5);
        assertThat(price.status()).isEqualTo(Status.PRICED);
        assertThat(price.price()).isEqualByComparingTo("88.50");
        assertThat(book.price("CH0012005267", MAR1.plusDays(30), 5).status()).isEqualTo(Status.STALE);
        assertThat(book.price("US0378331005", MAR1, 5).status()).isEqualTo(Status.MISSING);
    }
}
