package io.mosaic.plugin.consolidation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Time-weighted and money-weighted returns. Pure functions, no I/O.
 *
 * <h2>Time-weighted return (TWR)</h2>
 * Valuations are end-of-day values that include the flows of their day. A flow happens at the start of its day,
 * i.e. at the start of the sub-period that begins on that date. The period [from, to] is cut at every valuation
 * date; for a sub-period [b₀, b₁]:
 * <pre>
 *   V_start = V(b₀) − CF(b₀)  (the value before b₀'s flow; for b₀ = from: V(from), whose flows are before the period)
 *   CF      = CF(b₀)          (0 for b₀ = from)
 *   V_end   = V(b₁) − CF(b₁)  (b₁'s flow belongs to the next sub-period; a flow on "to" earns nothing)
 *   r       = (V_end − V_start − CF) / (V_start + CF)
 * </pre>
 * When flows fall strictly inside a sub-period (no valuation on their date), the sub-period uses Modified Dietz:
 * {@code r = (V_end − V_start − CF − ΣCFᵢ) / (V_start + CF + Σ wᵢ·CFᵢ)}, {@code wᵢ = (b₁ − dᵢ) / (b₁ − b₀)} in days.
 * {@code TWR = Π(1 + rᵢ) − 1}, not annualised (see {@link #annualised}). A sub-period whose denominator is not
 * positive (no capital at work) makes the TWR undefined, reported as such. Decimal arithmetic in {@link #MATH}.
 *
 * <h2>Money-weighted return (IRR)</h2>
 * The rate r with {@code Σ CFᵢ / (1 + r)^((dᵢ − d₀)/365) = 0} (actual/365; investor's view: money put in is
 * negative, the end value is a final inflow). Solved in binary floating point (a rate, not an amount; relative
 * precision 1e-12): the net present value is scanned over 1 + r from 0.001 to 101 (−99.9% to +10,000%) on a
 * logarithmic grid of {@value #GRID} points, every sign change is refined by Newton's method, falling back to
 * bisection whenever a Newton step leaves the bracket. No root → NO_SOLUTION; more than one → SEVERAL_SOLUTIONS
 * with every root found; cash flows that never change sign have no solution by Descartes' rule.
 */
public final class Returns {
    public static final MathContext MATH = MathContext.DECIMAL128;
    static final int GRID = 4000;
    private static final int RATE_DECIMALS = 10;

    private Returns() {
    }

    /** An amount on a date: a valuation (end of day) or a flow (+ into the portfolio). */
    public record Dated(LocalDate date, BigDecimal amount) {
        public Dated {
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /** @param method LINKED (valuations at both ends, flow at the start) or MODIFIED_DIETZ */
    public record SubPeriod(LocalDate start, LocalDate end, BigDecimal startValue, BigDecimal flows,
                            BigDecimal endValue, BigDecimal periodReturn, String method) {
    }

    public sealed interface Twr permits TwrValue, TwrUndefined {
        List<SubPeriod> subPeriods();
    }

    public record TwrValue(BigDecimal value, List<SubPeriod> subPeriods) implements Twr {
        public TwrValue {
            subPeriods = List.copyOf(subPeriods);
        }
    }

    public record TwrUndefined(String reason, List<SubPeriod> subPeriods) implements Twr {
        public TwrUndefined {
            subPeriods = List.copyOf(subPeriods);
        }
    }

    public sealed interface Irr permits IrrValue, NoSolution, SeveralSolutions {
    }

    public record IrrValue(BigDecimal rate) implements Irr {
    }

    public record NoSolution(String reason) implements Irr {
    }

    public record SeveralSolutions(List<BigDecimal> rates) implements Irr {
        public SeveralSolutions {
            rates = List.copyOf(rates);
        }
    }

    /**
     * @param valuations end-of-day values; must include {@code from} and {@code to}
     * @param flows      external flows (+ in); those dated {@code from} or outside (from, to] are ignored
     */
    public static Twr twr(LocalDate from, LocalDate to, List<Dated> valuations, List<Dated> flows) {
        if (to.isBefore(from)) {
            return new TwrUndefined("the period ends (" + to + ") before it starts (" + from + ")", List.of());
        }
        NavigableMap<LocalDate, BigDecimal> values = new TreeMap<>();
        for (Dated v : valuations) {
            if (!v.date().isBefore(from) && !v.date().isAfter(to)) {
                values.put(v.date(), v.amount());
            }
        }
        if (!values.containsKey(from) || !values.containsKey(to)) {
            return new TwrUndefined("a valuation on " + (values.containsKey(from) ? to : from) + " is missing", List.of());
        }
        NavigableMap<LocalDate, BigDecimal> cash = new TreeMap<>();
        for (Dated f : flows) {
            if (f.date().isAfter(from) && !f.date().isAfter(to)) {
                cash.merge(f.date(), f.amount(), BigDecimal::add);
            }
        }
        List<SubPeriod> periods = new ArrayList<>();
        BigDecimal growth = BigDecimal.ONE;
        List<LocalDate> bounds = new ArrayList<>(new TreeSet<>(values.keySet()));
        for (int i = 1; i < bounds.size(); i++) {
            LocalDate b0 = bounds.get(i - 1);
            LocalDate b1 = bounds.get(i);
            BigDecimal startFlow = i == 1 ? BigDecimal.ZERO : cash.getOrDefault(b0, BigDecimal.ZERO);
            BigDecimal startValue = values.get(b0).subtract(startFlow);
            BigDecimal endValue = values.get(b1).subtract(cash.getOrDefault(b1, BigDecimal.ZERO));
            Map<LocalDate, BigDecimal> inside = cash.subMap(b0, false, b1, false);
            BigDecimal gain = endValue.subtract(startValue).subtract(startFlow);
            BigDecimal capital = startValue.add(startFlow);
            BigDecimal allFlows = startFlow;
            String method = "LINKED";
            if (!inside.isEmpty()) {
                method = "MODIFIED_DIETZ";
                BigDecimal days = BigDecimal.valueOf(ChronoUnit.DAYS.between(b0, b1));
                for (Map.Entry<LocalDate, BigDecimal> flow : inside.entrySet()) {
                    BigDecimal weight = BigDecimal.valueOf(ChronoUnit.DAYS.between(flow.getKey(), b1))
                            .divide(days, MATH);
                    gain = gain.subtract(flow.getValue());
                    capital = capital.add(weight.multiply(flow.getValue(), MATH));
                    allFlows = allFlows.add(flow.getValue());
                }
            }
            if (capital.signum() <= 0) {
                periods.add(new SubPeriod(b0, b1, startValue, allFlows, endValue, null, method));
                return new TwrUndefined("no capital at work from " + b0 + " to " + b1 + " (start value plus flows "
                        + capital.toPlainString() + ")", periods);
            }
            BigDecimal r = gain.divide(capital, MATH);
            periods.add(new SubPeriod(b0, b1, startValue, allFlows, endValue, r, method));
            growth = growth.multiply(BigDecimal.ONE.add(r), MATH);
        }
        return new TwrValue(growth.subtract(BigDecimal.ONE), periods);
    }

    /** The annualised TWR for periods of a year or more ({@code (1 + twr)^(365/days) − 1}); empty below a year. */
    public static java.util.Optional<BigDecimal> annualised(BigDecimal twr, LocalDate from, LocalDate to) {
        long days = ChronoUnit.DAYS.between(from, to);
        if (days < 365 || BigDecimal.ONE.add(twr).signum() <= 0) {
            return java.util.Optional.empty();
        }
        double value = Math.pow(1 + twr.doubleValue(), 365.0 / days) - 1;
        return java.util.Optional.of(BigDecimal.valueOf(value).setScale(RATE_DECIMALS, RoundingMode.HALF_EVEN));
    }

    /** The IRR of investor's cash flows (negative = paid in, positive = received, the end value included). */
    public static Irr irr(List<Dated> cashFlows) {
        if (cashFlows.isEmpty()) {
            return new NoSolution("there are no cash flows");
        }
        LocalDate start = cashFlows.stream().map(Dated::date).min(LocalDate::compareTo).orElseThrow();
        int n = cashFlows.size();
        double[] amounts = new double[n];
        double[] years = new double[n];
        boolean positive = false;
        boolean negative = false;
        for (int i = 0; i < n; i++) {
            amounts[i] = cashFlows.get(i).amount().doubleValue();
            years[i] = ChronoUnit.DAYS.between(start, cashFlows.get(i).date()) / 365.0;
            positive |= amounts[i] > 0;
            negative |= amounts[i] < 0;
        }
        if (!positive || !negative) {
            return new NoSolution("the cash flows never change sign, so no rate makes their present value zero");
        }
        double lowLog = Math.log(0.001);
        double highLog = Math.log(101);
        List<Double> roots = new ArrayList<>();
        double previousGrowth = Math.exp(lowLog);
        double previousValue = npv(amounts, years, previousGrowth);
        if (previousValue == 0) {
            roots.add(previousGrowth);
        }
        for (int k = 1; k <= GRID; k++) {
            double growth = Math.exp(lowLog + (highLog - lowLog) * k / GRID);
            double value = npv(amounts, years, growth);
            if (value == 0) {
                roots.add(growth);
            } else if (previousValue != 0 && Math.signum(value) != Math.signum(previousValue)) {
                roots.add(refine(amounts, years, previousGrowth, growth));
            }
            previousGrowth = growth;
            previousValue = value;
        }
        if (roots.isEmpty()) {
            return new NoSolution("no rate between -99.9% and +10000% makes the present value of the cash flows zero");
        }
        List<BigDecimal> rates = roots.stream()
                .map(g -> BigDecimal.valueOf(g - 1).setScale(RATE_DECIMALS, RoundingMode.HALF_EVEN)).toList();
        return rates.size() == 1 ? new IrrValue(rates.getFirst()) : new SeveralSolutions(rates);
    }

    private static double npv(double[] amounts, double[] years, double growth) {
        double sum = 0;
        for (int i = 0; i < amounts.length; i++) {
            sum += amounts[i] * Math.pow(growth, -years[i]);
        }
        return sum;
    }

    private static double derivative(double[] amounts, double[] years, double growth) {
        double sum = 0;
        for (int i = 0; i < amounts.length; i++) {
            sum += -years[i] * amounts[i] * Math.pow(growth, -years[i] - 1);
        }
        return sum;
    }

    /** Newton's method on 1 + r inside [low, high] where the NPV changes sign; bisection when Newton leaves it. */
    private static double refine(double[] amounts, double[] years, double low, double high) {
        double lowValue = npv(amounts, years, low);
        double x = (low + high) / 2;
        for (int iteration = 0; iteration < 200; iteration++) {
            double value = npv(amounts, years, x);
            if (value == 0) {
                return x;
            }
            if (Math.signum(value) == Math.signum(lowValue)) {
                low = x;
                lowValue = value;
            } else {
                high = x;
            }
            double slope = derivative(amounts, years, x);
            double next = slope == 0 ? Double.NaN : x - value / slope;
            if (!(next > low && next < high)) {
                next = (low + high) / 2;
            }
            if (Math.abs(next - x) <= 1e-14 * Math.max(1, Math.abs(x))) {
                return next;
            }
            x = next;
        }
        return x;
    }
}
