package io.mosaic.benchmarks.wealth;

import io.mosaic.plugin.consolidation.Consolidator;
import io.mosaic.plugin.consolidation.LiveConsolidation;
import io.mosaic.plugin.consolidation.Position;
import io.mosaic.plugin.wealthmath.LookThrough;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Consolidation of a large family office (5,000 entities, 50,000 positions, ownership depth 6, 20 people on top,
 * 2-cycles of cross-holdings), pure calculation classes only (no journal, no bus).
 * <ul>
 *   <li>{@code fullConsolidation}: convert all 50,000 positions into CHF (FX through EUR), sum per entity and solve
 *       {@code Eq = (I − A)⁻¹·D} for every node: the figure of every person and entity. Target &lt; 100 ms.</li>
 *   <li>{@code fullConsolidationWithStructure}: the same plus building the look-through solver (Tarjan, cycles).</li>
 *   <li>{@code incrementalUpdate}: one position revalued (a custody statement line), propagated to every holder
 *       through the cached look-through column. Target &lt; 50 µs. Its baseline is a naive recomputation per event,
 *       i.e. {@code fullConsolidation}.</li>
 * </ul>
 * Run: see docs/benchmarks.md (section "Wealth: consolidation").
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ConsolidationBenchmark {
    private FamilyOffice office;
    private LookThrough lookThrough;
    private LiveConsolidation live;
    private Position[] revalued;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        office = FamilyOffice.generate(20, 5_000, 6, 10, 42);
        lookThrough = LookThrough.of(office.nodes(), office.edges());
        live = new LiveConsolidation("CHF", lookThrough, office.positions(), office.ratesToChf());
        revalued = new Position[4096];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < revalued.length; i++) {
            Position p = office.positions().get(random.nextInt(office.positions().size()));
            revalued[i] = new Position(p.id(), p.entityId(), p.name(), p.assetClass(), p.region(), p.custodian(),
                    p.currency(), p.amount().add(BigDecimal.valueOf(random.nextInt(100_000) - 50_000, 2)),
                    p.valuedOn());
        }
        for (Position p : revalued) { // warm the column cache the way a running plugin has it
            live.upsert(p);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Map<String, BigDecimal> fullConsolidation() {
        return new Consolidator(lookThrough, office.positions(), office.fx(), "CHF", office.date(), office.now())
                .netWorthOfAll();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Map<String, BigDecimal> fullConsolidationWithStructure() {
        LookThrough structure = LookThrough.of(office.nodes(), office.edges());
        return new Consolidator(structure, office.positions(), office.fx(), "CHF", office.date(), office.now())
                .netWorthOfAll();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Set<String> incrementalUpdate() {
        Position p = revalued[next++ & (revalued.length - 1)];
        return live.upsert(p);
    }
}
