package io.mosaic.marketplace.metering;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import static io.mosaic.marketplace.metering.Dimension.ACCOUNT;
import static io.mosaic.marketplace.metering.Dimension.BANK_RELATIONSHIP;
import static io.mosaic.marketplace.metering.Dimension.CURRENCY;
import static io.mosaic.marketplace.metering.Dimension.JURISDICTION;
import static io.mosaic.marketplace.metering.Dimension.LEGAL_ENTITY;
import static io.mosaic.marketplace.metering.Dimension.NON_BANKABLE_ASSET;
import static io.mosaic.marketplace.metering.Dimension.OWNERSHIP_EDGE;
import static org.assertj.core.api.Assertions.assertThat;

class ComplexityMeterTest {
    private static final YearMonth MARCH = YearMonth.of(2026, 3);
    private static final Instant FEB_10 = Instant.parse("2026-02-10T09:00:00Z");
    private static final Instant MAR_05 = Instant.parse("2026-03-05T09:00:00Z");
    private static final Instant MAR_20 = Instant.parse("2026-03-20T09:00:00Z");
    private static final Instant APR_02 = Instant.parse("2026-04-02T09:00:00Z");

    private final ComplexityMeter meter = new ComplexityMeter(ComplexityWeights.standard());

    private void add(String client, Instant at, Dimension dimension, String item) {
        meter.record(ComplexityFact.added("demo", client, at, dimension, item));
    }

    private void remove(String client, Instant at, Dimension dimension, String item) {
        meter.record(ComplexityFact.removed("demo", client, at, dimension, item));
    }

    /**
     * The Meier family in March 2026: 2 legal entities (holding, trust), 3 ownership edges, 2 banks, 3 accounts,
     * 1 villa, currencies CHF/EUR/USD, jurisdictions CH/LI.
     * Score = 3x2 + 2x3 + 2x2 + 1x3 + 2x1 + 1x3 + 3x2 = 6 + 6 + 4 + 3 + 2 + 3 + 6 = 30.
     */
    private void meierFamily() {
        add("meier", FEB_10, LEGAL_ENTITY, "meier-holding-ag");
        add("meier", FEB_10, LEGAL_ENTITY, "meier-trust");
        add("meier", FEB_10, OWNERSHIP_EDGE, "hans->holding");
        add("meier", FEB_10, OWNERSHIP_EDGE, "trust->holding");
        add("meier", FEB_10, OWNERSHIP_EDGE, "hans->trust");
        add("meier", FEB_10, BANK_RELATIONSHIP, "ubs");
        add("meier", FEB_10, ACCOUNT, "ubs-custody-1");
        add("meier", FEB_10, CURRENCY, "CHF");
        add("meier", FEB_10, JURISDICTION, "CH");
        add("meier", MAR_05, BANK_RELATIONSHIP, "lgt");
        add("meier", MAR_05, ACCOUNT, "lgt-custody-1");
        add("meier", MAR_05, ACCOUNT, "lgt-cash-eur");
        add("meier", MAR_05, CURRENCY, "EUR");
        add("meier", MAR_05, CURRENCY, "USD");
        add("meier", MAR_05, JURISDICTION, "LI");
        add("meier", MAR_05, NON_BANKABLE_ASSET, "villa-ascona");
    }

    @Test
    void countsAndScore_ofAClient_matchTheHandComputedFigures() {
        meierFamily();

        ClientComplexity march = meter.complexity("demo", "meier", MARCH);

        assertThat(march.counts()).containsEntry(LEGAL_ENTITY, 2).containsEntry(OWNERSHIP_EDGE, 3)
                .containsEntry(BANK_RELATIONSHIP, 2).containsEntry(ACCOUNT, 3).containsEntry(NON_BANKABLE_ASSET, 1)
                .containsEntry(CURRENCY, 3).containsEntry(JURISDICTION, 2);
        assertThat(march.score()).isEqualTo(30);
        // February: 2 entities, 3 edges, 1 bank, 1 account, CHF, CH = 6 + 6 + 2 + 1 + 1 + 3 = 19
        assertThat(meter.complexity("demo", "meier", YearMonth.of(2026, 2)).score()).isEqualTo(19);
    }

    @Test
    void theMonthCountsItsPeak_soRemovingBeforeMonthEndDoesNotLowerIt_butTheNextMonthIsLower() {
        meierFamily();
        remove("meier", MAR_20, NON_BANKABLE_ASSET, "villa-ascona");
        remove("meier", MAR_20, ACCOUNT, "lgt-cash-eur");

        assertThat(meter.complexity("demo", "meier", MARCH).score()).isEqualTo(30);
        // April: 30 - 2 (villa, weight 2) - 1 (account, weight 1) = 27; the EUR currency fact was not removed
        assertThat(meter.complexity("demo", "meier", YearMonth.of(2026, 4)).score()).isEqualTo(27);
    }

    @Test
    void currenciesAreReferenceCounted_andCountedOnce() {
        add("muster", MAR_05, CURRENCY, "USD");
        add("muster", MAR_05, CURRENCY, "USD");
        remove("muster", MAR_20, CURRENCY, "USD");

        assertThat(meter.complexity("demo", "muster", MARCH).count(CURRENCY)).isEqualTo(1);
        assertThat(meter.complexity("demo", "muster", YearMonth.of(2026, 4)).count(CURRENCY)).isEqualTo(1);
    }

    @Test
    void aFactDeliveredTwice_isCountedOnce_andLateFactsAreOrderedByTime() {
        ComplexityFact account = new ComplexityFact(UUID.randomUUID(), "demo", "muster", MAR_05, ACCOUNT, "a-1",
                ComplexityFact.Change.ADDED);
        assertThat(meter.record(account)).isTrue();
        assertThat(meter.record(account)).isFalse();
        add("muster", MAR_20, ACCOUNT, "a-2");
        add("muster", FEB_10, ACCOUNT, "a-0"); // arrives late

        assertThat(meter.complexity("demo", "muster", MARCH).count(ACCOUNT)).isEqualTo(3);
        assertThat(meter.complexity("demo", "muster", YearMonth.of(2026, 2)).count(ACCOUNT)).isEqualTo(1);
    }

    @Test
    void factsAfterTheMonth_doNotCount() {
        add("muster", APR_02, LEGAL_ENTITY, "late-co");

        assertThat(meter.complexity("demo", "muster", MARCH).score()).isZero();
    }

    @Test
    void monthlyStatement_hasALinePerClientAndPricedApp_withHandComputedAmounts() {
        meierFamily();
        add("muster", MAR_05, ACCOUNT, "zkb-1");
        add("muster", MAR_05, CURRENCY, "CHF");              // muster: 1 + 1 = 2
        meter.record(ComplexityFact.added("alpine", "stranger", MAR_05, LEGAL_ENTITY, "x")); // other tenant

        MonthlyStatement statement = meter.statement("demo", MARCH, Money.of("1.25", "CHF"),
                List.of(new AppCharge("esg-screening", "1.0.0", Money.of("0.40", "CHF")),
                        new AppCharge("tax-lots", "0.9.0", Money.of("0.333", "CHF"))));

        assertThat(statement.clients()).extracting(c -> c.client() + "=" + c.score())
                .containsExactly("meier=30", "muster=2");
        assertThat(statement.lines()).extracting(l -> l.client() + " " + l.item() + " " + l.amount())
                .containsExactly(
                        "meier platform 37.50 CHF",       // 30 x 1.25
                        "meier esg-screening 12.00 CHF",  // 30 x 0.40
                        "meier tax-lots 9.99 CHF",        // 30 x 0.333 = 9.990
                        "muster platform 2.50 CHF",       // 2 x 1.25
                        "muster esg-screening 0.80 CHF",  // 2 x 0.40
                        "muster tax-lots 0.67 CHF");      // 2 x 0.333 = 0.666 -> 0.67
        assertThat(statement.totals()).containsExactly(
                java.util.Map.entry(Currency.getInstance("CHF"), new BigDecimal("63.46")));
    }

    @Test
    void weights_mustCoverEveryDimension() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ComplexityWeights(java.util.Map.of(ACCOUNT, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight of LEGAL_ENTITY");
    }
}
