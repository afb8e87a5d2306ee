package io.mosaic.policy;

import io.mosaic.sdk.PluginId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a rule set says, the gate's builtin checks hold: nothing of another tenant, nothing the receiver does not
 * consume, nothing the sender did not declare is ever delivered.
 */
class GatePropertiesTest {
    static final String TENANT = "bank-a";
    static final List<String> TENANTS = List.of("bank-a", "bank-b", "other");
    static final List<String> DOMAINS = List.of("assets", "custody", "market-data");
    static final List<String> TYPES = DOMAINS.stream()
            .flatMap(domain -> List.of("Alpha", "Beta", "Gamma", "Delta").stream().map(name -> domain + "." + name))
            .toList();
    static final List<String> SENDERS = List.of("platform.gateway", "custody", "evil-app", "assets");

    /** Allows every type of every domain from any sender, with and without (true) conditions. */
    static final List<RuleSet> PERMISSIVE = List.of(
            RuleSets.parse("allow-all.yaml", allowAll("")),
            RuleSets.parse("allow-all-when-true.yaml", allowAll("    when: \"true\"\n")),
            RuleSets.parse("allow-all-when-subject.yaml", allowAll("    when: \"envelope.subject != '' || true\"\n")));

    static final List<String> CONDITIONS = List.of("", "true", "false", "envelope.subject != ''",
            "'advisor' in subject.roles", "has(subject.roles) && 'advisor' in subject.roles", "sender.id == 'evil-app'",
            "size(grant.scopes) > 0");

    final Gate gate = Gate.forTenant(TENANT);

    static String allowAll(String when) {
        StringBuilder yaml = new StringBuilder("domain: assets\nversion: 1\nrules:\n");
        for (String domain : DOMAINS) {
            yaml.append("  - id: all-").append(domain).append("\n    types: [\"").append(domain)
                    .append(".*\"]\n    senders: [\"*\"]\n").append(when);
        }
        return yaml.toString();
    }

    record Delivery(String tenant, String topicTenant, String type, String sender, Set<String> senderPublishes,
                    Set<String> consumes, List<String> roles, Set<String> grants) {
        GateRequest request() {
            return new GateRequest(UUID.randomUUID(), tenant, topicTenant, type, 1, new PluginId(sender, "1.0.0"),
                    "user-1", null, senderPublishes, Fixtures.receiver("assets", List.copyOf(consumes)), grants,
                    roles.isEmpty() ? Map.of() : Map.of("subject", Map.of("roles", roles)));
        }

        boolean passesBuiltins() {
            return tenant.equals(TENANT) && topicTenant.equals(TENANT) && consumes.contains(type)
                    && senderPublishes.contains(type);
        }
    }

    @Provide
    Arbitrary<Delivery> deliveries() {
        Arbitrary<String> tenants = Arbitraries.of(TENANTS);
        Arbitrary<String> types = Arbitraries.of(TYPES);
        Arbitrary<Set<String>> typeSets = Arbitraries.of(TYPES).set().ofMaxSize(TYPES.size());
        return Combinators.combine(tenants, tenants, types, Arbitraries.of(SENDERS), typeSets, typeSets,
                        Arbitraries.of("advisor", "client").list().ofMaxSize(2),
                        Arbitraries.of("assets:read", "assets:write").set())
                .as(Delivery::new);
    }

    /** Deliveries that pass the builtins most of the time (the type is usually consumed and declared). */
    @Provide
    Arbitrary<Delivery> mostlyValidDeliveries() {
        return deliveries().map(d -> {
            Set<String> publishes = new HashSet<>(d.senderPublishes());
            Set<String> consumes = new HashSet<>(d.consumes());
            if (d.type().hashCode() % 4 != 0) {
                publishes.add(d.type());
                consumes.add(d.type());
            }
            return new Delivery(d.tenant().hashCode() % 3 == 0 ? d.tenant() : TENANT, TENANT, d.type(), d.sender(),
                    publishes, consumes, d.roles(), d.grants());
        });
    }

    @Provide
    Arbitrary<RuleSet> permissiveRuleSets() {
        return Arbitraries.of(PERMISSIVE);
    }

    /** Random rule sets of 1-5 rules built from allow/deny, type patterns, senders and conditions. */
    @Provide
    Arbitrary<RuleSet> anyRuleSets() {
        Arbitrary<String> effects = Arbitraries.of("allow", "deny");
        Arbitrary<List<String>> typeLists = Arbitraries.oneOf(Arbitraries.of(TYPES),
                        Arbitraries.of(DOMAINS).map(domain -> domain + ".*"))
                .list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<String>> senderLists = Arbitraries.oneOf(Arbitraries.of(SENDERS), Arbitraries.just("*"))
                .list().ofMinSize(1).ofMaxSize(2);
        Arbitrary<String> rules = Combinators.combine(effects, typeLists, senderLists, Arbitraries.of(CONDITIONS))
                .as((effect, types, senders, when) -> "    effect: " + effect + "\n"
                        + "    types: [" + quoted(types) + "]\n"
                        + "    senders: [" + quoted(senders) + "]\n"
                        + (when.isEmpty() ? "" : "    when: \"" + when + "\"\n"));
        return rules.list().ofMinSize(1).ofMaxSize(5).map(list -> {
            StringBuilder yaml = new StringBuilder("domain: assets\nversion: 2\nrules:\n");
            for (int i = 0; i < list.size(); i++) {
                yaml.append("  - id: rule-").append(i).append('\n').append(list.get(i));
            }
            return RuleSets.parse("generated.yaml", yaml.toString());
        });
    }

    private static String quoted(List<String> values) {
        List<String> quoted = new ArrayList<>();
        for (String value : values) {
            quoted.add("\"" + value + "\"");
        }
        return String.join(", ", quoted);
    }

    @Property
    void envelopeOfAnotherTenant_isNeverAllowed(@ForAll("deliveries") Delivery delivery,
                                                @ForAll("permissiveRuleSets") RuleSet ruleSet,
                                                @ForAll("foreignTenants") String foreign) {
        Delivery foreignEnvelope = new Delivery(foreign, delivery.topicTenant(), delivery.type(), delivery.sender(),
                delivery.senderPublishes(), delivery.consumes(), delivery.roles(), delivery.grants());
        Delivery foreignTopic = new Delivery(delivery.tenant(), foreign, delivery.type(), delivery.sender(),
                delivery.senderPublishes(), delivery.consumes(), delivery.roles(), delivery.grants());

        for (Delivery attempt : List.of(foreignEnvelope, foreignTopic)) {
            Decision decision = gate.decide(attempt.request(), ruleSet);
            assertThat(decision.allowed()).as(attempt.toString()).isFalse();
            assertThat(decision.rule()).isEqualTo("builtin:tenant");
        }
    }

    @Provide
    Arbitrary<String> foreignTenants() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
                .filter(tenant -> !tenant.equals(TENANT));
    }

    @Property
    void typeTheReceiverDoesNotConsume_isNeverAllowed(@ForAll("deliveries") Delivery delivery,
                                                      @ForAll("permissiveRuleSets") RuleSet ruleSet) {
        Set<String> consumes = new HashSet<>(delivery.consumes());
        consumes.remove(delivery.type());
        Delivery undeclared = new Delivery(TENANT, TENANT, delivery.type(), delivery.sender(),
                delivery.senderPublishes(), consumes, delivery.roles(), delivery.grants());

        Decision decision = gate.decide(undeclared.request(), ruleSet);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo("builtin:consumes");
    }

    @Property
    void typeTheSenderDidNotDeclare_isNeverAllowed(@ForAll("deliveries") Delivery delivery,
                                                   @ForAll("permissiveRuleSets") RuleSet ruleSet) {
        Set<String> publishes = new HashSet<>(delivery.senderPublishes());
        publishes.remove(delivery.type());
        Set<String> consumes = new HashSet<>(delivery.consumes());
        consumes.add(delivery.type());
        Delivery undeclared = new Delivery(TENANT, TENANT, delivery.type(), delivery.sender(), publishes, consumes,
                delivery.roles(), delivery.grants());

        Decision decision = gate.decide(undeclared.request(), ruleSet);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo("builtin:sender-declares");
    }

    @Property
    void permissiveRuleSet_allowsExactlyWhatPassesTheBuiltins(@ForAll("mostlyValidDeliveries") Delivery delivery,
                                                             @ForAll("permissiveRuleSets") RuleSet ruleSet) {
        Decision decision = gate.decide(delivery.request(), ruleSet);

        assertThat(decision.allowed()).as(delivery + " -> " + decision).isEqualTo(delivery.passesBuiltins());
    }

    @Property(tries = 300)
    void whateverTheRulesSay_builtinsHold_andAllowsNameAnAllowRule(@ForAll("deliveries") Delivery delivery,
                                                                   @ForAll("anyRuleSets") RuleSet ruleSet) {
        Decision decision = gate.decide(delivery.request(), ruleSet);

        if (!delivery.passesBuiltins()) {
            assertThat(decision.allowed()).as(delivery + " -> " + decision).isFalse();
            assertThat(decision.rule()).startsWith("builtin:");
        }
        if (decision.allowed()) {
            Rule rule = ruleSet.rules().stream().filter(r -> ("assets:" + r.id()).equals(decision.rule()))
                    .findFirst().orElseThrow();
            assertThat(rule.effect()).isEqualTo(Rule.Effect.ALLOW);
            assertThat(rule.coversType(delivery.type())).isTrue();
            assertThat(rule.senders()).containsAnyOf("*", delivery.sender());
            boolean unconditionalDenyApplies = ruleSet.rules().stream().anyMatch(r -> r.effect() == Rule.Effect.DENY
                    && r.condition().isEmpty() && r.coversType(delivery.type())
                    && (r.senders().contains("*") || r.senders().contains(delivery.sender())));
            assertThat(unconditionalDenyApplies).as("a matching deny rule must win").isFalse();
        }
    }
}
