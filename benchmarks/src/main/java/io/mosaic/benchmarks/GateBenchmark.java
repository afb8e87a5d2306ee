package io.mosaic.benchmarks;

import io.mosaic.policy.Decision;
import io.mosaic.policy.Gate;
import io.mosaic.policy.GateRequest;
import io.mosaic.policy.RuleSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Latency of one gate decision ({@link Gate#decide(GateRequest, RuleSet)}) for an allowed delivery.
 *
 * <ul>
 * <li>{@code decide20RulesCel}: the 20-rule set of {@link Fixtures#POLICY_20}: 12 candidate rules walked, 7 CEL
 * conditions evaluated, the allowing rule is rule 19 and carries a CEL condition. The request is built once.</li>
 * <li>{@code decide1RuleNoCel} (baseline): the same request against a 1-rule set without condition.</li>
 * <li>{@code buildRequest} (second baseline): constructing the {@link GateRequest} alone, which the delivery path
 * pays on top of the decision.</li>
 * </ul>
 * Sample time, so JMH reports p50 / p90 / p99 / p99.9 / p99.99.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class GateBenchmark {
    private Gate gate;
    private RuleSet rules20;
    private RuleSet rules1;
    private GateRequest request;
    private UUID id;

    @Setup
    public void setUp() {
        gate = Gate.forTenant(Fixtures.TENANT);
        rules20 = Fixtures.ruleSet(Fixtures.POLICY_20);
        rules1 = Fixtures.ruleSet(Fixtures.POLICY_1);
        if (rules20.rules().size() != 20) {
            throw new IllegalStateException("the benchmark rule set has " + rules20.rules().size() + " rules, not 20");
        }
        id = UUID.randomUUID();
        request = Fixtures.request(id, "portfolio-42");
        expectAllowed(gate.decide(request, rules20), Fixtures.MATCHING_RULE);
        expectAllowed(gate.decide(request, rules1), "assets:custody-positions");
    }

    private static void expectAllowed(Decision decision, String rule) {
        if (!decision.allowed() || !decision.rule().equals(rule)) {
            throw new IllegalStateException("benchmark set-up is wrong: expected an allow by " + rule + ", got " + decision);
        }
    }

    @Benchmark
    public Decision decide20RulesCel() {
        return gate.decide(request, rules20);
    }

    @Benchmark
    public Decision decide1RuleNoCel() {
        return gate.decide(request, rules1);
    }

    @Benchmark
    public GateRequest buildRequest() {
        return Fixtures.request(id, "portfolio-42");
    }
}
