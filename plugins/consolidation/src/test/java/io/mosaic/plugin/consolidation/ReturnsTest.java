package io.mosaic.plugin.consolidation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReturnsTest {
    private static Returns.Dated at(String date, String amount) {
        return new Returns.Dated(LocalDate.parse(date), new BigDecimal(amount));
    }

    /**
     * TWR with two intermediate flows, each on a valuation date (end-of-day values include the day's flow):
     * <pre>
     *   2024-01-01  V = 100,000
     *   2024-04-01  deposit +20,000, V = 125,000 (so 105,000 before it)
     *   2024-09-01  withdrawal −10,000, V = 118,000 (128,000 before it)
     *   2024-12-31  V = 121,000
     *   r1 = (105,000 − 100,000) / 100,000                     = 0.05
     *   r2 = (128,000 − 105,000 − 20,000) / (105,000 + 20,000) = 3,000 / 125,000 = 0.024
     *   r3 = (121,000 − 128,000 + 10,000) / (128,000 − 10,000) = 3,000 / 118,000 = 0.025423728813559322…
     *   TWR = 1.05 × 1.024 × 1.0254237288… − 1 = 0.10253559322033898305… (10.2536 %)
     * </pre>
     */
    @Test
    void twr_withIntermediateFlows_handComputed() {
        var twr = Returns.twr(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-12-31"),
                List.of(at("2024-01-01", "100000"), at("2024-04-01", "125000"), at("2024-09-01", "118000"),
                        at("2024-12-31", "121000")),
                List.of(at("2024-04-01", "20000"), at("2024-09-01", "-10000")));

        assertThat(twr).isInstanceOf(Returns.TwrValue.class);
        var value = (Returns.TwrValue) twr;
        assertThat(value.value().setScale(20, RoundingMode.HALF_EVEN)).isEqualByComparingTo("0.10253559322033898305");
        assertThat(value.subPeriods()).extracting(Returns.SubPeriod::periodReturn)
                .satisfiesExactly(r -> assertThat(r).isEqualByComparingTo("0.05"),
                        r -> assertThat(r).isEqualByComparingTo("0.024"),
                        r -> assertThat(r.setScale(12, RoundingMode.HALF_EVEN)).isEqualByComparingTo("0.025423728814"));
        assertThat(value.subPeriods()).extracting(Returns.SubPeriod::method).containsOnly("LINKED");
        assertThat(Returns.annualised(value.value(), LocalDate.parse("2024-01-01"), LocalDate.parse("2024-12-31")))
                .as("365 days: annualising changes nothing").hasValueSatisfying(a ->
                        assertThat(a).isEqualByComparingTo("0.1025355932"));
    }

    /**
     * A flow without a valuation on its date: Modified Dietz over the sub-period.
     * <pre>
     *   2024-01-01 V = 100,000; 2024-03-01 deposit +20,000 (no valuation); 2024-06-30 V = 125,000
     *   T = 181 days, the flow is invested for 121 of them: w = 121/181
     *   r = (125,000 − 100,000 − 20,000) / (100,000 + 121/181 × 20,000) = 5,000 / 113,370.16… = 0.0441033138401559454…
     * </pre>
     */
    @Test
    void twr_flowWithoutValuation_usesModifiedDietz_handComputed() {
        var twr = (Returns.TwrValue) Returns.twr(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-06-30"),
                List.of(at("2024-01-01", "100000"), at("2024-06-30", "125000")), List.of(at("2024-03-01", "20000")));
        assertThat(twr.value().setScale(18, RoundingMode.HALF_EVEN)).isEqualByComparingTo("0.044103313840155945");
        assertThat(twr.subPeriods()).singleElement().extracting(Returns.SubPeriod::method).isEqualTo("MODIFIED_DIETZ");
        assertThat(Returns.annualised(twr.value(), LocalDate.parse("2024-01-01"), LocalDate.parse("2024-06-30")))
                .as("under a year: not annualised").isEmpty();
    }

    @Test
    void twr_withoutCapitalAtWork_isUndefined_notANumber() {
        var twr = Returns.twr(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-06-30"),
                List.of(at("2024-01-01", "0"), at("2024-06-30", "10")), List.of());
        assertThat(twr).isInstanceOf(Returns.TwrUndefined.class);
        assertThat(((Returns.TwrUndefined) twr).reason()).contains("no capital at work");
        assertThat(Returns.twr(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-06-30"),
                List.of(at("2024-01-01", "5")), List.of())).isInstanceOf(Returns.TwrUndefined.class);
    }

    /**
     * IRR with irregular dates (actual/365):
     * <pre>
     *   2023-01-01  −100,000   (t = 0)
     *   2023-07-15   −50,000   (t = 195/365)
     *   2024-03-31  +165,000   (t = 455/365, the end value)
     *   −100,000 − 50,000·(1+r)^(−195/365) + 165,000·(1+r)^(−455/365) = 0
     *   ⇒ r = 0.0930444593510091807… (9.3044 % a year), found to 30 digits with a separate solver
     * </pre>
     */
    @Test
    void irr_withIrregularDates_handComputed() {
        var irr = Returns.irr(List.of(at("2023-01-01", "-100000"), at("2023-07-15", "-50000"),
                at("2024-03-31", "165000")));
        assertThat(irr).isInstanceOf(Returns.IrrValue.class);
        assertThat(((Returns.IrrValue) irr).rate()).isEqualByComparingTo("0.0930444594");
    }

    /**
     * −100 now, +230 in a year, −132 in two: −100·g² + 230·g − 132 = 0 with g = 1 + r has the roots g = 1.1 and
     * g = 1.2. Both 10% and 20% are correct; no single number is, so both are reported.
     */
    @Test
    void irr_withTwoRoots_reportsSeveralSolutions() {
        var irr = Returns.irr(List.of(at("2021-01-01", "-100"), at("2022-01-01", "230"), at("2023-01-01", "-132")));
        assertThat(irr).isInstanceOf(Returns.SeveralSolutions.class);
        assertThat(((Returns.SeveralSolutions) irr).rates()).satisfiesExactly(
                r -> assertThat(r).isEqualByComparingTo("0.1"), r -> assertThat(r).isEqualByComparingTo("0.2"));
    }

    @Test
    void irr_withoutSignChange_hasNoSolution() {
        assertThat(Returns.irr(List.of(at("2021-01-01", "-100"), at("2022-01-01", "-5"))))
                .isInstanceOf(Returns.NoSolution.class);
        // Sign changes but no rate in (−99.9 %, +10,000 %) solves it: −1 then +2e9 a day later.
        assertThat(Returns.irr(List.of(at("2021-01-01", "-1"), at("2021-01-02", "2000000000"))))
                .isInstanceOf(Returns.NoSolution.class);
    }

    @Test
    void irr_ofASimpleYear_isTheYearsReturn() {
        // −100 on 2023-01-01 and +110 on 2024-01-01 (365 days): exactly 10 %.
        assertThat(((Returns.IrrValue) Returns.irr(List.of(at("2023-01-01", "-100"), at("2024-01-01", "110"))))
                .rate()).isEqualByComparingTo("0.1");
    }
}
