package io.mosaic.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps docs/policy.md honest: its example loads and decides as described, its schema names the loader's fields. */
class PolicyDocTest {

    private static String doc() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/policy.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docs/policy.md above " + Path.of("").toAbsolutePath()).isNotNull();
        return Files.readString(dir.resolve("docs/policy.md"));
    }

    private static String block(String doc, String fence) {
        int start = doc.indexOf(fence + "\n");
        assertThat(start).as("block " + fence).isNotNegative();
        int from = start + fence.length() + 1;
        return doc.substring(from, doc.indexOf("```", from));
    }

    @Test
    void exampleRuleSet_loads_andDecidesAsDocumented() throws Exception {
        RuleSet example = RuleSets.parse("docs/policy.md", block(doc(), "```yaml policy"));
        Gate gate = Gate.forTenant(Fixtures.TENANT);

        assertThat(example.domain()).isEqualTo("assets");
        assertThat(example.rules()).extracting(Rule::id)
                .containsExactly("gateway-commands", "valuations-by-advisors-only", "custody-positions");
        GateRequest advisor = Fixtures.request().type("assets.RecordValuation")
                .subjectAttributes(Map.of("roles", List.of("advisor"))).build();
        GateRequest client = Fixtures.request().type("assets.RecordValuation").build();
        assertThat(gate.decide(advisor, example).rule()).isEqualTo("assets:gateway-commands");
        assertThat(gate.decide(client, example))
                .isEqualTo(Decision.deny("assets:valuations-by-advisors-only", "Only advisors record valuations"));
    }

    @Test
    void jsonSchema_describesExactlyTheFieldsTheLoaderKnows() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(block(doc(), "```json"));
        JsonNode rule = schema.at("/properties/rules/items");

        assertThat(names(schema.get("properties"))).isEqualTo(RuleSetReader.TOP_FIELDS);
        assertThat(names(rule.get("properties"))).isEqualTo(RuleSetReader.RULE_FIELDS);
        assertThat(schema.at("/properties/domain/pattern").asText()).isEqualTo("^" + RuleSetReader.DOMAIN.pattern() + "$");
        assertThat(rule.at("/properties/id/pattern").asText()).isEqualTo("^" + RuleSetReader.RULE_ID.pattern() + "$");
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
