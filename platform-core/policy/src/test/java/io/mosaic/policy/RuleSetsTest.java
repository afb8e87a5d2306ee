package io.mosaic.policy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RuleSetsTest {

    static final String ASSETS_POLICY = """
            domain: assets
            version: 3
            description: who may change non-bankable assets
            rules:
              - id: gateway-commands
                types: [assets.RegisterAsset, assets.RecordValuation]
                senders: [platform.gateway]
                when: "envelope.subject != ''"
                reason: Clients and advisors register assets through the API
              - id: no-valuations-from-apps
                effect: deny
                types: ["assets.*"]
                senders: [valuation-alerts]
              - id: custody-events
                types: [custody.PositionChanged]
                senders: ["*"]
            """;

    @Test
    void validRuleSet_isLoadedWithDefaults() {
        RuleSet ruleSet = RuleSets.parse("assets/policy.yaml", ASSETS_POLICY);

        assertThat(ruleSet.domain()).isEqualTo("assets");
        assertThat(ruleSet.version()).isEqualTo(3);
        assertThat(ruleSet.source()).isEqualTo("assets/policy.yaml");
        assertThat(ruleSet.rules()).extracting(Rule::id)
                .containsExactly("gateway-commands", "no-valuations-from-apps", "custody-events");
        Rule first = ruleSet.rules().getFirst();
        assertThat(first.effect()).isEqualTo(Rule.Effect.ALLOW);
        assertThat(first.condition()).contains("envelope.subject != ''");
        assertThat(first.line()).isEqualTo(5);
        Rule second = ruleSet.rules().get(1);
        assertThat(second.effect()).isEqualTo(Rule.Effect.DENY);
        assertThat(second.reason()).isEqualTo("denied by rule no-valuations-from-apps");
        assertThat(second.coversType("assets.Anything")).isTrue();
        assertThat(second.coversType("custody.PositionChanged")).isFalse();
        assertThat(ruleSet.rules().get(2).condition()).isEqualTo(Optional.empty());
    }

    @Test
    void rulesAboutOtherDomainsTypes_areAllowed() {
        RuleSet ruleSet = RuleSets.parse("p.yaml", """
                domain: valuation-alerts
                version: 1
                rules:
                  - id: hear-valuations
                    types: [assets.ValuationRecorded, "market-data.*"]
                    senders: [assets]
                """);

        assertThat(ruleSet.rules().getFirst().types()).containsExactly("assets.ValuationRecorded", "market-data.*");
    }

    @Test
    void emptyRuleList_isAllowed_andDeniesEverythingLater() {
        RuleSet ruleSet = RuleSets.parse("p.yaml", "domain: assets\nversion: 1\nrules: []\n");

        assertThat(ruleSet.rules()).isEmpty();
    }

    @Test
    void unknownField_isReportedWithLineAndSuggestion() {
        PolicyException e = problemsOf("""
                domain: assets
                version: 1
                rules:
                  - id: a
                    types: [assets.RegisterAsset]
                    sender: [platform.gateway]
                """);

        assertThat(e.problems()).extracting(PolicyException.Problem::line).contains(6);
        assertThat(e.getMessage()).contains("p.yaml:6: unknown field 'sender' in rule 'a' (hint: did you mean 'senders'?");
        assertThat(e.getMessage()).contains("p.yaml:4: rule 'a' has no 'senders'");
    }

    @Test
    void unknownTopLevelField_isReported() {
        PolicyException e = problemsOf("domain: assets\nversion: 1\nrulez: []\n");

        assertThat(e.getMessage()).contains("p.yaml:3: unknown field 'rulez' in the rule set (hint: did you mean 'rules'?")
                .contains("p.yaml:1: the rule set has no 'rules'");
    }

    @Test
    void missingRuleId_isReportedAtTheRule() {
        PolicyException e = problemsOf("""
                domain: assets
                version: 1
                rules:
                  - types: [assets.RegisterAsset]
                    senders: [platform.gateway]
                """);

        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(4);
            assertThat(problem.message()).isEqualTo("the rule at line 4 has no 'id'");
        });
    }

    @Test
    void duplicateRuleId_namesBothLines() {
        PolicyException e = problemsOf("""
                domain: assets
                version: 1
                rules:
                  - id: same
                    types: [assets.RegisterAsset]
                    senders: [platform.gateway]
                  - id: same
                    types: [assets.RecordValuation]
                    senders: [platform.gateway]
                """);

        assertThat(e.problems()).singleElement().hasToString(
                "p.yaml:7: duplicate rule id 'same' (first at line 4) (hint: rule ids must be unique in the rule set)");
    }

    @Test
    void malformedTypes_areReportedEachOnItsLine() {
        PolicyException e = problemsOf("""
                domain: assets
                version: 1
                rules:
                  - id: a
                    types:
                      - RegisterAsset
                      - "*"
                      - assets.registerAsset
                      - assets.Good
                    senders: [platform.gateway]
                """);

        assertThat(e.problems()).extracting(PolicyException.Problem::line).containsExactly(6, 7, 8);
        assertThat(e.problems().get(0).message()).isEqualTo("type 'RegisterAsset' of rule 'a' is not a message type");
        assertThat(e.problems().get(1).hint()).contains("'<domain>.*'");
    }

    @Test
    void senderWithVersion_isReportedWithAHint() {
        PolicyException e = problemsOf("""
                domain: assets
                version: 1
                rules:
                  - id: a
                    types: [assets.RegisterAsset]
                    senders: [platform.gateway@1.0.0]
                """);

        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(6);
            assertThat(problem.hint()).isEqualTo("name the plugin id without version: 'platform.gateway'");
        });
    }

    @Test
    void celThatDoesNotCompile_isReportedWithTheCelError() {
        PolicyException e = problemsOf("""
                domain: assets
                version: 1
                rules:
                  - id: a
                    types: [assets.RegisterAsset]
                    senders: [platform.gateway]
                    when: "principal.id == 'x'"
                """);

        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(7);
            assertThat(problem.message()).startsWith("when of rule 'a': CEL condition does not compile:")
                    .contains("undeclared reference to 'principal'");
            assertThat(problem.hint()).contains("envelope, sender, subject, grant, receiver");
        });
    }

    @Test
    void celSyntaxError_isReported() {
        PolicyException e = problemsOf("""
                domain: assets
                version: 1
                rules:
                  - id: a
                    types: [assets.RegisterAsset]
                    senders: [platform.gateway]
                    when: "envelope.subject =="
                """);

        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(7);
            assertThat(problem.message()).contains("does not compile").contains("column 20");
        });
    }

    @Test
    void celThatDoesNotReturnBool_isReported() {
        PolicyException e = problemsOf("""
                domain: assets
                version: 1
                rules:
                  - id: a
                    types: [assets.RegisterAsset]
                    senders: [platform.gateway]
                    when: "size(grant.scopes) + 1"
                """);

        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(7);
            assertThat(problem.message()).isEqualTo("when of rule 'a': CEL condition returns int, not bool");
        });
    }

    @Test
    void unknownEffect_isReported() {
        PolicyException e = problemsOf("""
                domain: assets
                version: 1
                rules:
                  - id: a
                    effect: permit
                    types: [assets.RegisterAsset]
                    senders: [platform.gateway]
                """);

        assertThat(e.problems()).singleElement().hasToString(
                "p.yaml:5: unknown effect 'permit' of rule 'a' (hint: allow (the default) or deny)");
    }

    @Test
    void missingTopLevelFields_andBadVersion_areReported() {
        PolicyException e = problemsOf("version: zero\nrules: []\n");

        assertThat(e.problems()).extracting(PolicyException.Problem::message).containsExactly(
                "the rule set has no 'domain'",
                "version must be a whole number of 1 or more, was 'zero'");
    }

    @Test
    void invalidYaml_isReportedWithItsLine() {
        PolicyException e = problemsOf("domain: assets\nversion: 1\nrules:\n  - id: a\n    types: [assets.X\n");

        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.message()).startsWith("not valid YAML");
            assertThat(problem.line()).isGreaterThanOrEqualTo(5);
        });
    }

    @Test
    void everyProblem_isReportedAtOnce_inLineOrder() {
        PolicyException e = problemsOf("""
                domain: Assets
                version: 1
                owner: team-a
                rules:
                  - id: a
                    effect: maybe
                    types: [assets]
                    senders: ["*"]
                  - id: a
                    types: [assets.RegisterAsset]
                    senders: [platform.gateway]
                    when: "subject.roles"
                  - id: c
                    types: [assets.RegisterAsset]
                    senders: [platform.gateway]
                    when: "1 == "
                """);

        assertThat(e.problems()).extracting(PolicyException.Problem::line).containsExactly(1, 3, 6, 7, 9, 16);
        assertThat(e.getMessage()).startsWith("p.yaml: 6 problems")
                .contains("p.yaml:1: domain 'Assets' is not a domain name")
                .contains("p.yaml:3: unknown field 'owner'")
                .contains("p.yaml:6: unknown effect 'maybe'")
                .contains("p.yaml:7: type 'assets' of rule 'a' is not a message type")
                .contains("p.yaml:9: duplicate rule id 'a' (first at line 5)")
                .contains("p.yaml:16: when of rule 'c': CEL condition does not compile");
    }

    @Test
    void dynConditions_areAcceptedAtLoad() {
        RuleSet ruleSet = RuleSets.parse("p.yaml", """
                domain: assets
                version: 1
                rules:
                  - id: a
                    types: [assets.RegisterAsset]
                    senders: [platform.gateway]
                    when: subject.admin
                """);

        assertThat(ruleSet.rules().getFirst().condition()).contains("subject.admin");
    }

    @Test
    void loadingAFile_namesTheFileInProblems(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "domain: assets\nversion: 1\nrules:\n  - id: a\n");

        assertThatThrownBy(() -> RuleSets.load(file))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(file + ":4: rule 'a' has no 'types'");
    }

    @Test
    void unreadableFile_isAPolicyException(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path missing = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> RuleSets.load(missing))
                .isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("rule set " + missing + " cannot be read");
    }

    private static PolicyException problemsOf(String yaml) {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> RuleSets.parse("p.yaml", yaml));
        assertThat(e).as("expected the rule set to be rejected").isNotNull();
        return e;
    }
}
