package io.mosaic.plugin.wealthmath;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LookThroughTest {
    private static final BigDecimal TOLERANCE = new BigDecimal("1E-25");

    private static LookThrough.Edge edge(String holder, String entity, String share) {
        return new LookThrough.Edge(holder, entity, new BigDecimal(share));
    }

    private static BigDecimal round(BigDecimal value, int scale) {
        return value.setScale(scale, RoundingMode.HALF_EVEN);
    }

    /**
     * Hand-computed reference case with a cross-holding.
     * <pre>
     *   P holds 60% of A; A holds 50% of B; B holds 30% of A (cycle A → B → A).
     *   Outside holders: 10% of A, 50% of B. Direct net assets: D_A = 100, D_B = 1000.
     *   Eq_A = 100 + 0.5·Eq_B,  Eq_B = 1000 + 0.3·Eq_A
     *     ⇒ Eq_A = 100 + 500 + 0.15·Eq_A ⇒ Eq_A = 600 / 0.85 = 705.882352941176470588…
     *        Eq_B = 1000 + 0.3 · 705.88235… = 1211.764705882352941176…
     *   P's look-through wealth = 0.6 · Eq_A = 423.529411764705882352…
     *   P's share of A: x_A = 0.6 + 0.3·x_B, x_B = 0.5·x_A ⇒ x_A = 0.6/0.85 = 0.705882352941…, x_B = 0.352941176470…
     *   Check: 0.705882…·100 + 0.352941…·1000 = 423.529411… (same as above).
     *   Holders of B: y_B = 1/0.85 = 1.176470588235…, y_A = 0.5·y_B = 0.588235294117…, y_P = 0.6·y_A = 0.352941…
     *   Conservation for B: Σ (1 − held share of j)·y_j = 1·0.352941 + 0.1·0.588235 + 0.5·1.176470 = 1.
     * </pre>
     */
    @Test
    void crossHolding_handComputed() {
        LookThrough lt = LookThrough.of(List.of("P", "A", "B"),
                List.of(edge("P", "A", "0.6"), edge("A", "B", "0.5"), edge("B", "A", "0.3")));

        Map<String, BigDecimal> equity = lt.equity(Map.of("A", new BigDecimal("100"), "B", new BigDecimal("1000")));
        assertThat(round(equity.get("A"), 20)).isEqualByComparingTo("705.88235294117647058824");
        assertThat(round(equity.get("B"), 20)).isEqualByComparingTo("1211.76470588235294117647");
        assertThat(round(equity.get("P"), 20)).isEqualByComparingTo("423.52941176470588235294");

        Map<String, BigDecimal> shares = lt.sharesOf("P");
        assertThat(shares).containsOnlyKeys("A", "B");
        assertThat(round(shares.get("A"), 24)).isEqualByComparingTo("0.705882352941176470588235");
        assertThat(round(shares.get("B"), 24)).isEqualByComparingTo("0.352941176470588235294118");

        Map<String, BigDecimal> holdersOfB = lt.column("B");
        assertThat(round(holdersOfB.get("B"), 24)).isEqualByComparingTo("1.176470588235294117647059");
        assertThat(round(holdersOfB.get("A"), 24)).isEqualByComparingTo("0.588235294117647058823529");
        assertThat(round(holdersOfB.get("P"), 24)).isEqualByComparingTo("0.352941176470588235294118");
    }

    @Test
    void setOwningAllOfItself_isRefused_namingTheCycle() {
        assertThatThrownBy(() -> LookThrough.of(List.of("A", "B", "C"),
                List.of(edge("A", "B", "1"), edge("B", "C", "1"), edge("C", "A", "1"))))
                .isInstanceOf(LookThrough.InvalidStructureException.class)
                .hasMessageContaining("the entities [A, B, C] own 100% of themselves")
                .hasMessageContaining("cycle A → B → C → A");
        assertThat(LookThrough.check(List.of("A", "B"), List.of(edge("A", "B", "1"), edge("B", "A", "1"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("cycle A → B → A"));
    }

    @Test
    void cycleHeldHalfFromOutside_isSolvable_andItsOutsideHolderOwnsItAll() {
        // P holds 50% of A, A 100% of B, B 100% of C, C 50% of A: x_A = 0.5 + 0.5·x_C, x_B = x_A, x_C = x_B
        // ⇒ x_A = 1: P is the only holder outside the cycle, so everything in it is P's.
        LookThrough lt = LookThrough.of(List.of("A", "B", "C", "P"),
                List.of(edge("P", "A", "0.5"), edge("A", "B", "1"), edge("B", "C", "1"), edge("C", "A", "0.5")));
        assertThat(lt.sharesOf("P").values())
                .allSatisfy(share -> assertThat(share).isCloseTo(BigDecimal.ONE, within(TOLERANCE)));
        assertThat(lt.sharesOf("P")).containsOnlyKeys("A", "B", "C");
    }

    @Test
    void cycleWithAnOutsideHolder_isSolvable() {
        // B is held 100% by A, A 100% by B... except that an outside holder keeps 1% of A: Eq_A = Eq_B / 0.99-ish.
        LookThrough lt = LookThrough.of(List.of("A", "B", "P"),
                List.of(edge("A", "B", "1"), edge("B", "A", "0.99"), edge("P", "A", "0.01")));
        Map<String, BigDecimal> equity = lt.equity(Map.of("B", new BigDecimal("50")));
        // Eq_B = 50 + 0.99·Eq_A, Eq_A = Eq_B ⇒ Eq_A = 50 / 0.01 = 5000; P = 0.01·5000 = 50: P owns all value.
        assertThat(equity.get("A")).isCloseTo(new BigDecimal("5000"), within(TOLERANCE));
        assertThat(equity.get("P")).isCloseTo(new BigDecimal("50"), within(TOLERANCE));
    }

    @Test
    void overHeldEntity_andBadShares_areRefused() {
        assertThat(LookThrough.check(List.of(), List.of(edge("X", "E", "0.7"), edge("Y", "E", "0.4"))))
                .hasValueSatisfying(r -> assertThat(r).contains("entity E is held 1.1 in total by [X, Y]"));
        assertThat(LookThrough.check(List.of(), List.of(edge("X", "E", "0")))).isPresent();
        assertThat(LookThrough.check(List.of(), List.of(edge("X", "E", "1.01")))).isPresent();
    }

    /** A random structure: n parties, the first {@code roots} never held, every entity held at most 95%. */
    static List<LookThrough.Edge> randomEdges(long seed, int n, int roots) {
        Random random = new Random(seed);
        List<LookThrough.Edge> edges = new ArrayList<>();
        for (int entity = roots; entity < n; entity++) {
            int holderCount = 1 + random.nextInt(3);
            BigDecimal left = new BigDecimal("0.95");
            for (int h = 0; h < holderCount && left.signum() > 0; h++) {
                int holder = random.nextInt(n);
                if (holder == entity) {
                    continue;
                }
                BigDecimal share = left.multiply(BigDecimal.valueOf(1 + random.nextInt(100)))
                        .divide(BigDecimal.valueOf(100), 6, RoundingMode.DOWN);
                if (share.signum() > 0) {
                    edges.add(new LookThrough.Edge("n" + holder, "n" + entity, share));
                    left = left.subtract(share);
                }
            }
        }
        return edges;
    }

    static List<String> names(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("n" + i);
        }
        return names;
    }

    @Property(tries = 150)
    void ultimateOwner_neverHoldsMoreThanAllOfAnEntity(@ForAll long seed, @ForAll @IntRange(min = 2, max = 14) int n) {
        int roots = 1 + Math.floorMod(seed, 3);
        List<LookThrough.Edge> edges = randomEdges(seed, n + roots, roots);
        LookThrough lt = LookThrough.of(names(n + roots), edges);

        for (int root = 0; root < roots; root++) {
            lt.sharesOf("n" + root).forEach((entity, share) ->
                    assertThat(share).as("share of root n%s in %s", 0, entity)
                            .isLessThanOrEqualTo(BigDecimal.ONE.add(TOLERANCE)));
        }
        // Summed over the roots, no entity is owned more than 100% either.
        Map<String, BigDecimal> total = new HashMap<>();
        for (int root = 0; root < roots; root++) {
            lt.sharesOf("n" + root).forEach((entity, share) -> total.merge(entity, share, BigDecimal::add));
        }
        total.values().forEach(share -> assertThat(share).isLessThanOrEqualTo(BigDecimal.ONE.add(TOLERANCE)));
    }

    /**
     * Value conservation: the value of an entity's asset reaches its holders and leaks to outside holders at every
     * entity not held 100%; summed, it is the whole value: Σ_j (1 − held share of j)·M[j][b] = 1 (since
     * 1ᵀ(I − A)(I − A)⁻¹ = 1ᵀ).
     */
    @Property(tries = 150)
    void valueIsConserved_overAllHoldersAndTheOutsideShare(@ForAll long seed,
                                                           @ForAll @IntRange(min = 2, max = 14) int n) {
        List<LookThrough.Edge> edges = randomEdges(seed, n, 1);
        LookThrough lt = LookThrough.of(names(n), edges);
        Map<String, BigDecimal> held = new HashMap<>();
        edges.forEach(e -> held.merge(e.entity(), e.share(), BigDecimal::add));

        for (String asset : names(n)) {
            BigDecimal total = BigDecimal.ZERO;
            for (Map.Entry<String, BigDecimal> holder : lt.column(asset).entrySet()) {
                BigDecimal outside = BigDecimal.ONE.subtract(held.getOrDefault(holder.getKey(), BigDecimal.ZERO));
                total = total.add(outside.multiply(holder.getValue()));
            }
            assertThat(total).as("asset in %s", asset).isCloseTo(BigDecimal.ONE, within(new BigDecimal("1E-20")));
        }
    }

    @Property(tries = 100)
    void equity_solvesTheSystem_andRowsAgreeWithColumns(@ForAll long seed, @ForAll @IntRange(min = 2, max = 12) int n) {
        List<LookThrough.Edge> edges = randomEdges(seed, n, 1);
        LookThrough lt = LookThrough.of(names(n), edges);
        Map<String, BigDecimal> direct = new HashMap<>();
        Random random = new Random(seed);
        for (String node : names(n)) {
            direct.put(node, BigDecimal.valueOf(random.nextInt(1_000_000) - 100_000, 2));
        }
        Map<String, BigDecimal> equity = lt.equity(direct);
        for (String j : names(n)) {
            BigDecimal expected = direct.get(j);
            for (LookThrough.Edge e : edges) {
                if (e.holder().equals(j)) {
                    expected = expected.add(e.share().multiply(equity.get(e.entity())));
                }
            }
            assertThat(equity.get(j)).isCloseTo(expected, within(new BigDecimal("1E-18")));
            BigDecimal viaRow = BigDecimal.ZERO;
            for (Map.Entry<String, BigDecimal> share : lt.row(j).entrySet()) {
                viaRow = viaRow.add(share.getValue().multiply(direct.get(share.getKey())));
            }
            assertThat(viaRow).isCloseTo(equity.get(j), within(new BigDecimal("1E-18")));
        }
    }
}
