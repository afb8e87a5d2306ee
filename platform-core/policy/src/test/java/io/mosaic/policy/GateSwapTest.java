package io.mosaic.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class GateSwapTest {

    private static RuleSet version(int version, String effect) {
        return RuleSets.parse("assets/policy.yaml", """
                domain: assets
                version: %d
                rules:
                  - id: v%d
                    effect: %s
                    types: ["assets.*"]
                    senders: ["*"]
                    when: "envelope.subject != ''"
                """.formatted(version, version, effect));
    }

    @Test
    void swappingRuleSetsWhileDeciding_givesDecisionsOfOneRuleSetOrTheOther() throws Exception {
        Gate gate = Gate.forTenant(Fixtures.TENANT);
        RuleSet allowing = version(1, "allow");
        RuleSet denying = version(2, "deny");
        gate.install(allowing);
        GateRequest request = Fixtures.request().build();
        Set<Decision> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService deciders = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                running.add(deciders.submit(() -> {
                    while (!stop.get()) {
                        seen.add(gate.decide(request));
                    }
                }));
            }
            // the deciders are running and see the first rule set before the swapping starts
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> seen.contains(Decision.allow("assets:v1", "allowed by rule v1")));
            for (int i = 0; i < 2_000; i++) {
                gate.install(i % 2 == 0 ? denying : allowing);
            }
            gate.install(denying);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> seen.contains(Decision.deny("assets:v2", "denied by rule v2")));
            stop.set(true);
            for (Future<?> future : running) {
                future.get(10, TimeUnit.SECONDS);
            }
        } finally {
            deciders.shutdownNow();
        }

        assertThat(seen).containsOnly(
                Decision.allow("assets:v1", "allowed by rule v1"),
                Decision.deny("assets:v2", "denied by rule v2"));
        assertThat(gate.decide(request)).isEqualTo(Decision.deny("assets:v2", "denied by rule v2"));
    }
}
