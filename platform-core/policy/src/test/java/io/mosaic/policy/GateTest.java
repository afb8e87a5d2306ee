package io.mosaic.policy;

import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.mosaic.policy.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

class GateTest {
    static final RuleSet ASSETS = RuleSets.parse("assets/policy.yaml", """
            domain: assets
            version: 4
            rules:
              - id: gateway-commands
                types: [assets.RegisterAsset, assets.RecordValuation]
                senders: [platform.gateway]
                when: "envelope.subject != ''"
                reason: Clients and advisors register assets through the API
              - id: advisors-only-valuations
                effect: deny
                types: [assets.RecordValuation]
                senders: ["*"]
                when: "!('advisor' in subject.roles)"
                reason: only advisors record valuations
              - id: blocked-importer
                effect: deny
                types: ["assets.*"]
                senders: [legacy-importer]
                reason: the legacy importer is retired
              - id: importer
                types: ["assets.*"]
                senders: [legacy-importer]
              - id: custody-events
                types: [custody.PositionChanged]
                senders: ["*"]
                when: "has(envelope.entity) && envelope.entity.startsWith('portfolio-')"
            """);

    final Gate gate = Gate.forTenant(Fixtures.TENANT);

    @Test
    void allowedByRule_namesTheRuleAndItsReason() {
        Decision decision = gate.decide(request().build(), ASSETS);

        assertThat(decision).isEqualTo(Decision.allow("assets:gateway-commands",
                "Clients and advisors register assets through the API"));
    }

    @Test
    void envelopeFromOtherTenant_isRejected() {
        Decision decision = gate.decide(request().tenant("bank-b").topicTenant("bank-b").build(), ASSETS);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo("builtin:tenant");
        assertThat(decision.reason()).contains("'bank-b'").contains("runtime of tenant 'bank-a'");
    }

    @Test
    void envelopeOnOtherTenantsTopic_isRejected() {
        Decision decision = gate.decide(request().topicTenant("bank-b").build(), ASSETS);

        assertThat(decision.rule()).isEqualTo("builtin:tenant");
        assertThat(decision.allowed()).isFalse();
    }

    @Test
    void typeTheReceiverDoesNotConsume_isRejected() {
        Decision decision = gate.decide(request().type("assets.DeleteEverything").build(), ASSETS);

        assertThat(decision).isEqualTo(Decision.deny("builtin:consumes",
                "assets@1.2.0 does not consume assets.DeleteEverything (its manifest consumes "
                        + "[assets.RegisterAsset, assets.RecordValuation, custody.PositionChanged])"));
    }

    @Test
    void typeTheSenderDidNotDeclare_isRejected() {
        Decision decision = gate.decide(request().senderPublishes("platform.Other").build(), ASSETS);

        assertThat(decision).isEqualTo(Decision.deny("builtin:sender-declares",
                "platform.gateway@1.0.0 sent assets.RegisterAsset without declaring it in its manifest's publishes"));
    }

    @Test
    void nothingMatches_isDeniedByDefault() {
        Decision decision = gate.decide(request().sender("someone-else").build(), ASSETS);

        assertThat(decision).isEqualTo(Decision.deny("builtin:default-deny",
                "no rule of assets v4 allows assets.RegisterAsset from someone-else"));
    }

    @Test
    void conditionFalse_doesNotAllow() {
        Decision decision = gate.decide(request().subject("").build(), ASSETS);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo("builtin:default-deny");
    }

    @Test
    void denyRule_winsOverAllowRule() {
        Decision decision = gate.decide(request().sender("legacy-importer").build(), ASSETS);

        assertThat(decision).isEqualTo(Decision.deny("assets:blocked-importer", "the legacy importer is retired"));
    }

    @Test
    void denyRuleWithTrueCondition_denies_andFalseCondition_letsAllowRuleDecide() {
        GateRequest notAdvisor = request().type("assets.RecordValuation")
                .subjectAttributes(Map.of("roles", List.of("client"))).build();
        GateRequest advisor = request().type("assets.RecordValuation")
                .subjectAttributes(Map.of("roles", List.of("client", "advisor"))).build();

        assertThat(gate.decide(notAdvisor, ASSETS))
                .isEqualTo(Decision.deny("assets:advisors-only-valuations", "only advisors record valuations"));
        assertThat(gate.decide(advisor, ASSETS).rule()).isEqualTo("assets:gateway-commands");
        assertThat(gate.decide(advisor, ASSETS).allowed()).isTrue();
    }

    @Test
    void conditionEvaluationError_isADenyNamingTheRule() {
        GateRequest noRoles = request().type("assets.RecordValuation").build();

        Decision decision = gate.decide(noRoles, ASSETS);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo("assets:advisors-only-valuations");
        assertThat(decision.reason()).startsWith("condition of rule assets:advisors-only-valuations failed to evaluate:")
                .contains("roles").endsWith("(treated as deny)");
    }

    @Test
    void conditionReturningNonBool_atRuntime_isADeny() {
        RuleSet ruleSet = RuleSets.parse("p.yaml", """
                domain: assets
                version: 1
                rules:
                  - id: dyn
                    types: [assets.RegisterAsset]
                    senders: ["*"]
                    when: subject.level
                """);

        Decision decision = gate.decide(request().subjectAttributes(Map.of("level", 3)).build(), ruleSet);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo("assets:dyn");
        assertThat(decision.reason()).contains("returned Long 3 instead of true or false");
    }

    @Test
    void conditions_seeEveryVariable() {
        RuleSet ruleSet = RuleSets.parse("p.yaml", """
                domain: assets
                version: 1
                rules:
                  - id: all-variables
                    types: [assets.RegisterAsset]
                    senders: ["*"]
                    when: >-
                      envelope.tenant == 'bank-a' && envelope.type == 'assets.RegisterAsset'
                      && envelope.schemaVersion == 1 && envelope.entity == 'asset-7'
                      && envelope.id == '0b6f6a1e-3c1d-4f4e-9a53-6f1d2b8c9e01'
                      && sender.id == 'platform.gateway' && sender.version == '1.0.0'
                      && subject.id == 'user-1' && subject.tier == 2 && subject.roles.exists(r, r == 'advisor')
                      && 'assets:write' in grant.scopes
                      && receiver.id == 'assets' && receiver.version == '1.2.0' && receiver.domain == 'assets'
                """);
        GateRequest matching = request().entity("asset-7")
                .subjectAttributes(Map.of("roles", List.of("advisor"), "tier", 2)).build();
        GateRequest otherGrant = request().entity("asset-7").grants("assets:read")
                .subjectAttributes(Map.of("roles", List.of("advisor"), "tier", 2)).build();

        assertThat(gate.decide(matching, ruleSet).allowed()).isTrue();
        assertThat(gate.decide(otherGrant, ruleSet).rule()).isEqualTo("builtin:default-deny");
    }

    @Test
    void absentEntity_isEmptyText() {
        GateRequest withEntity = request().type("custody.PositionChanged").sender("custody").entity("portfolio-9").build();
        GateRequest withoutEntity = request().type("custody.PositionChanged").sender("custody").build();

        assertThat(gate.decide(withEntity, ASSETS).rule()).isEqualTo("assets:custody-events");
        assertThat(gate.decide(withoutEntity, ASSETS).rule()).isEqualTo("builtin:default-deny");
    }

    @Test
    void installedRuleSet_isUsedForTheReceiversDomain_andCanBeSwapped() {
        GateRequest fromImporter = request().sender("legacy-importer").build();
        RuleSet v5 = RuleSets.parse("assets/policy.yaml", """
                domain: assets
                version: 5
                rules:
                  - id: importer
                    types: ["assets.*"]
                    senders: [legacy-importer]
                """);

        assertThat(gate.decide(fromImporter).rule()).isEqualTo("builtin:no-rule-set");
        assertThat(gate.install(ASSETS)).isEmpty();
        assertThat(gate.decide(fromImporter).rule()).isEqualTo("assets:blocked-importer");
        assertThat(gate.install(v5)).contains(ASSETS);
        assertThat(gate.decide(fromImporter)).isEqualTo(Decision.allow("assets:importer", "allowed by rule importer"));
        assertThat(gate.remove("assets")).contains(v5);
        assertThat(gate.decide(fromImporter).allowed()).isFalse();
    }

    @Test
    void appRuleSet_isFoundByTheAppsId() {
        PluginManifest app = new PluginManifest(new PluginId("valuation-alerts", "2.0.0"), "Acme", PluginKind.APP,
                "alerts", "com.acme.Alerts", List.of("assets.ValuationRecorded"), List.of(), List.of(), Map.of());
        gate.install(RuleSets.parse("valuation-alerts/policy.yaml", """
                domain: valuation-alerts
                version: 1
                rules:
                  - id: hear-valuations
                    types: [assets.ValuationRecorded]
                    senders: [assets]
                """));

        Decision decision = gate.decide(request().receiver(app).type("assets.ValuationRecorded").sender("assets").build());

        assertThat(decision.rule()).isEqualTo("valuation-alerts:hear-valuations");
        assertThat(decision.allowed()).isTrue();
    }

    @Test
    void ruleSetOfAnotherDomain_isNotApplied() {
        RuleSet custody = RuleSets.parse("custody/policy.yaml", """
                domain: custody
                version: 1
                rules:
                  - id: everything
                    types: ["assets.*"]
                    senders: ["*"]
                """);

        Decision decision = gate.decide(request().build(), custody);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo("builtin:no-rule-set");
    }

    @Test
    void publish_ofDeclaredType_isAllowed_andOfUndeclaredType_isDenied() {
        PluginManifest sender = new PluginManifest(new PluginId("assets", "1.0.0"), "Mosaic", PluginKind.DOMAIN,
                "assets", "io.mosaic.Assets", List.of(), List.of("assets.ValuationRecorded"), List.of(), Map.of());

        assertThat(gate.checkPublish(sender, "assets.ValuationRecorded").allowed()).isTrue();
        assertThat(gate.checkPublish(sender, "assets.AssetDeleted")).isEqualTo(Decision.deny("builtin:sender-declares",
                "assets@1.0.0 may not publish assets.AssetDeleted: its manifest does not declare it in publishes "
                        + "[assets.ValuationRecorded]"));
    }

    @Test
    void gateNeedsATenant() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Gate.forTenant(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void conditionThatIteratesWithoutBound_isCutOff_andDenies() {
        RuleSet costly = RuleSets.parse("assets/policy.yaml", """
                domain: assets
                version: 1
                rules:
                  - id: every-pair
                    types: [assets.RegisterAsset]
                    senders: ["*"]
                    when: "subject.roles.all(a, subject.roles.all(b, a != '' && b != ''))"
                """);
        java.util.List<String> many = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "role-" + i).toList();
        long began = System.nanoTime();
        Decision decision = gate.decide(request().subjectAttributes(java.util.Map.of("roles", many)).build(), costly);
        assertThat(decision.allowed()).as("40,000 iterations are more than a condition may take").isFalse();
        assertThat(decision.reason()).contains("failed to evaluate");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - began)).isLessThan(java.time.Duration.ofSeconds(2));
        assertThat(gate.decide(request().subjectAttributes(java.util.Map.of("roles", many.subList(0, 20))).build(), costly).allowed()).as("400 iterations are fine").isTrue();
    }

    @Test
    void conditionLongerThanTheLimit_isRefusedWhenLoaded() {
        String huge = "envelope.subject != ''" + " && envelope.subject != 'x'".repeat(200);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleSets.parse("assets/policy.yaml", """
                domain: assets
                version: 1
                rules:
                  - id: huge
                    types: [assets.RegisterAsset]
                    senders: ["*"]
                    when: "%s"
                """.formatted(huge))).isInstanceOf(PolicyException.class).hasMessageContaining("huge");
    }
}
