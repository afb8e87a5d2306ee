package io.mosaic.policy;

import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs a rule set against a file of test cases and prints each decision with the rule that made it:
 * {@code java io.mosaic.policy.PolicyTestTool policy.yaml cases.yaml}. Exit code 0 when every case decides as
 * expected, 1 when any does not, 2 when the rule set or the cases cannot be read.
 *
 * <p>Cases are a YAML list; per case: {@code name}, {@code type}, {@code sender} ({@code id} or {@code id@version}),
 * {@code expect} ({@code allow}|{@code deny}) are required; optional are {@code senderPublishes} (default: the
 * type), {@code subject} (an id, or a map with {@code id} and further attributes such as {@code roles}),
 * {@code tenant} (default {@code test-tenant}), {@code topicTenant} and {@code runtimeTenant} (default: the tenant),
 * {@code receiver} (plugin id, default: the rule set's domain), {@code receiverConsumes} (default: the type),
 * {@code grants}, {@code entity}, {@code owners} (the owners the message or read touches, {@code envelope.owners}),
 * {@code schemaVersion} and {@code rule} (the rule expected to decide). A subject's {@code roles}, {@code owners},
 * {@code clients} and {@code shared} default to empty lists, as the subject directory gives them for a person it does
 * not know.
 */
public final class PolicyTestTool {
    static final Set<String> CASE_FIELDS = Set.of("name", "type", "sender", "senderPublishes", "subject", "tenant",
            "topicTenant", "runtimeTenant", "receiver", "receiverConsumes", "grants", "entity", "owners",
            "schemaVersion", "expect", "rule");
    /** The subject directory's bindings, empty unless a case names them. */
    private static final List<String> BINDINGS = List.of("roles", "owners", "clients", "shared");

    private PolicyTestTool() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out);
        System.out.flush();
        System.exit(code);
    }

    /** The tool without {@code System.exit}: returns the exit code. */
    static int run(String[] args, PrintStream out) {
        if (args.length != 2) {
            out.println("usage: PolicyTestTool <policy.yaml> <cases.yaml>");
            return 2;
        }
        try {
            RuleSet ruleSet = RuleSets.load(Path.of(args[0]));
            List<TestCase> cases = readCases(Path.of(args[1]), ruleSet);
            return runCases(ruleSet, cases, out);
        } catch (PolicyException e) {
            out.println(e.getMessage());
            return 2;
        }
    }

    private record TestCase(String name, int line, String runtimeTenant, GateRequest request, boolean expectAllow,
                            String expectedRuleOrNull) {
    }

    private static int runCases(RuleSet ruleSet, List<TestCase> cases, PrintStream out) {
        int failed = 0;
        for (TestCase testCase : cases) {
            Gate gate = Gate.forTenant(testCase.runtimeTenant());
            Decision decision = gate.decide(testCase.request(), ruleSet);
            boolean asExpected = decision.allowed() == testCase.expectAllow()
                    && (testCase.expectedRuleOrNull() == null || testCase.expectedRuleOrNull().equals(decision.rule()));
            if (!asExpected) {
                failed++;
            }
            String verdict = (decision.allowed() ? "allow" : "deny") + " by " + decision.rule() + " (" + decision.reason() + ")";
            if (asExpected) {
                out.println("PASS " + testCase.name() + ": " + verdict);
            } else {
                out.println("FAIL " + testCase.name() + " (line " + testCase.line() + "): expected "
                        + (testCase.expectAllow() ? "allow" : "deny")
                        + (testCase.expectedRuleOrNull() == null ? "" : " by " + testCase.expectedRuleOrNull())
                        + ", got " + verdict);
            }
        }
        out.println(cases.size() + " cases, " + (cases.size() - failed) + " passed, " + failed + " failed ("
                + ruleSet.domain() + " v" + ruleSet.version() + ")");
        return failed == 0 ? 0 : 1;
    }

    private static List<TestCase> readCases(Path file, RuleSet ruleSet) {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyException("test cases " + file + " cannot be read: " + e.getMessage(), e);
        }
        ProblemCollector problems = new ProblemCollector(source);
        YamlTree.Node root;
        try {
            root = YamlTree.parse(text);
        } catch (YamlTree.SyntaxError e) {
            problems.add(e.line(), e.getMessage(), "check indentation and quoting");
            problems.throwIfAny();
            return List.of();
        }
        if (!(root instanceof YamlTree.ListNode list)) {
            problems.add(root.line(), "test cases must be a list, was " + root.describe(), "start each case with '- name: …'");
            problems.throwIfAny();
            return List.of();
        }
        List<TestCase> cases = new ArrayList<>();
        for (YamlTree.Node item : list.items()) {
            int before = problems.size();
            TestCase testCase = readCase(item, ruleSet, problems);
            if (testCase != null && problems.size() == before) {
                cases.add(testCase);
            }
        }
        problems.throwIfAny();
        return cases;
    }

    private static TestCase readCase(YamlTree.Node node, RuleSet ruleSet, ProblemCollector problems) {
        if (!(node instanceof YamlTree.MapNode map)) {
            problems.add(node.line(), "a test case must be a map, was " + node.describe(), "e.g. '- name: …'");
            return null;
        }
        problems.checkFields(map, "the case at line " + map.line(), CASE_FIELDS);
        Map<String, YamlTree.Entry> fields = map.firstByKey();
        String name = required(map, fields, "name", problems);
        String type = required(map, fields, "type", problems);
        String senderText = required(map, fields, "sender", problems);
        String expect = required(map, fields, "expect", problems);
        String tenant = optional(fields, "tenant", "test-tenant", problems);
        String topicTenant = optional(fields, "topicTenant", tenant, problems);
        String runtimeTenant = optional(fields, "runtimeTenant", tenant, problems);
        String receiverId = optional(fields, "receiver", ruleSet.domain(), problems);
        String entity = optional(fields, "entity", null, problems);
        String expectedRule = optional(fields, "rule", null, problems);
        String schemaText = optional(fields, "schemaVersion", "1", problems);
        if (name == null || type == null || senderText == null || expect == null) {
            return null;
        }
        String defaultList = type;
        List<String> senderPublishes = stringList(fields, "senderPublishes", List.of(defaultList), problems);
        List<String> consumes = stringList(fields, "receiverConsumes", List.of(defaultList), problems);
        List<String> grants = stringList(fields, "grants", List.of(), problems);

        boolean expectAllow;
        switch (expect.toLowerCase(Locale.ROOT)) {
            case "allow" -> expectAllow = true;
            case "deny" -> expectAllow = false;
            default -> {
                problems.add(fields.get("expect").value().line(), "expect of case '" + name + "' is '" + expect
                        + "'", "allow or deny");
                return null;
            }
        }
        int schemaVersion;
        try {
            schemaVersion = Integer.parseInt(schemaText);
        } catch (NumberFormatException e) {
            problems.add(fields.get("schemaVersion").value().line(), "schemaVersion of case '" + name
                    + "' is not a whole number: '" + schemaText + "'", "e.g. 1");
            return null;
        }
        String subjectId = "test-subject";
        List<String> owners = stringList(fields, "owners", List.of(), problems);
        Map<String, Object> subjectAttributes = new HashMap<>();
        BINDINGS.forEach(key -> subjectAttributes.put(key, List.of()));
        YamlTree.Entry subjectEntry = fields.get("subject");
        if (subjectEntry != null) {
            Object subject = plain(subjectEntry.value());
            if (subject instanceof Map<?, ?> subjectMap) {
                Map<String, Object> rest = new HashMap<>();
                subjectMap.forEach((key, value) -> rest.put(String.valueOf(key), value));
                Object id = rest.remove("id");
                if (id != null) {
                    subjectId = String.valueOf(id);
                }
                subjectAttributes.putAll(rest);
            } else if (subject instanceof String text && !text.isBlank()) {
                subjectId = text;
            } else {
                problems.add(subjectEntry.value().line(), "subject of case '" + name + "' must be an id or a map, was "
                        + subjectEntry.value().describe(), "e.g. 'subject: {id: u-1, roles: [advisor]}'");
                return null;
            }
        }
        Map<String, Object> attributes = Map.of("subject", subjectAttributes, "owners", owners);
        try {
            PluginId sender = senderText.contains("@") ? PluginId.parse(senderText) : new PluginId(senderText, "1.0.0");
            PluginManifest receiver = new PluginManifest(new PluginId(receiverId, "1.0.0"), "policy-test-tool",
                    PluginKind.DOMAIN, ruleSet.domain(), "policy.test.Receiver", consumes, List.of(), List.of(), Map.of());
            GateRequest request = new GateRequest(UUID.randomUUID(), tenant, topicTenant, type, schemaVersion, sender,
                    subjectId, entity, new LinkedHashSet<>(senderPublishes), receiver, new LinkedHashSet<>(grants),
                    attributes);
            return new TestCase(name, map.line(), runtimeTenant, request, expectAllow, expectedRule);
        } catch (IllegalArgumentException e) {
            problems.add(map.line(), "case '" + name + "' cannot be built: " + e.getMessage(), "");
            return null;
        }
    }

    private static String required(YamlTree.MapNode map, Map<String, YamlTree.Entry> fields, String field,
                                   ProblemCollector problems) {
        YamlTree.Entry entry = fields.get(field);
        if (entry == null) {
            problems.add(map.line(), "the case at line " + map.line() + " has no '" + field + "'", "");
            return null;
        }
        return scalar(entry, problems);
    }

    private static String optional(Map<String, YamlTree.Entry> fields, String field, String fallback,
                                   ProblemCollector problems) {
        YamlTree.Entry entry = fields.get(field);
        return entry == null ? fallback : scalar(entry, problems);
    }

    private static String scalar(YamlTree.Entry entry, ProblemCollector problems) {
        if (entry.value() instanceof YamlTree.ScalarNode scalar && !scalar.isNull() && !scalar.text().isBlank()) {
            return scalar.text();
        }
        problems.add(entry.value().line(), "'" + entry.key() + "' must be a value, was " + entry.value().describe(), "");
        return null;
    }

    private static List<String> stringList(Map<String, YamlTree.Entry> fields, String field, List<String> fallback,
                                           ProblemCollector problems) {
        YamlTree.Entry entry = fields.get(field);
        if (entry == null) {
            return fallback;
        }
        if (entry.value() instanceof YamlTree.ListNode list) {
            List<String> values = new ArrayList<>();
            for (YamlTree.Node item : list.items()) {
                if (item instanceof YamlTree.ScalarNode scalar && !scalar.isNull()) {
                    values.add(scalar.text());
                } else {
                    problems.add(item.line(), "'" + field + "' must list texts, found " + item.describe(), "");
                }
            }
            return values;
        }
        problems.add(entry.value().line(), "'" + field + "' must be a list, was " + entry.value().describe(),
                "e.g. [assets.RegisterAsset]");
        return fallback;
    }

    /** A YAML node as plain Java values (text scalars, whole numbers as long, booleans, lists, maps). */
    private static Object plain(YamlTree.Node node) {
        return switch (node) {
            case YamlTree.ScalarNode scalar when scalar.isNull() -> "";
            case YamlTree.ScalarNode scalar when scalar.isString() -> scalar.text();
            case YamlTree.ScalarNode scalar -> scalarValue(scalar.text());
            case YamlTree.ListNode list -> list.items().stream().map(PolicyTestTool::plain).toList();
            case YamlTree.MapNode map -> {
                Map<String, Object> values = new HashMap<>();
                for (YamlTree.Entry entry : map.entries()) {
                    values.put(entry.key(), plain(entry.value()));
                }
                yield values;
            }
        };
    }

    private static Object scalarValue(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notWhole) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException notDecimal) {
                return text;
            }
        }
    }
}
