package io.mosaic.policy;

import dev.cel.runtime.CelRuntime;
import io.mosaic.sdk.PluginManifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates the YAML tree of one {@code policy.yaml} and builds the {@link RuleSet}. */
final class RuleSetReader {
    static final Set<String> TOP_FIELDS = Set.of("domain", "version", "description", "rules");
    static final Set<String> RULE_FIELDS = Set.of("id", "effect", "types", "senders", "when", "reason");

    /** A domain, or an app id used as the domain of the app's rule set. */
    static final Pattern DOMAIN = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");
    static final Pattern TYPE_PATTERN = Pattern.compile("[a-z][a-z0-9-]*\\.\\*");
    static final Pattern SENDER = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");
    static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final String source;
    private final ProblemCollector problems;

    RuleSetReader(String source) {
        this.source = source == null || source.isBlank() ? "<policy>" : source;
        this.problems = new ProblemCollector(this.source);
    }

    RuleSet read(String yamlText) {
        YamlTree.Node root;
        try {
            root = YamlTree.parse(yamlText == null ? "" : yamlText);
        } catch (YamlTree.SyntaxError e) {
            problems.add(e.line(), e.getMessage(), "check indentation and quoting; CEL conditions are safest in quotes");
            problems.throwIfAny();
            throw new IllegalStateException("unreachable");
        }
        if (!(root instanceof YamlTree.MapNode map)) {
            problems.add(root.line(), "a rule set must be a map with domain, version and rules, was " + root.describe(),
                    "start with 'domain: <name>'");
            problems.throwIfAny();
            throw new IllegalStateException("unreachable");
        }
        problems.checkFields(map, "the rule set", TOP_FIELDS);
        Map<String, YamlTree.Entry> fields = map.firstByKey();

        String domain = readDomain(map, fields.get("domain"));
        int version = readVersion(map, fields.get("version"));
        List<RuleDraft> drafts = readRules(map, fields.get("rules"));

        problems.throwIfAny();
        List<CompiledRule> compiled = new ArrayList<>(drafts.size());
        for (RuleDraft draft : drafts) {
            compiled.add(new CompiledRule(domain, draft.rule(), draft.condition(), draft.subjectOnly()));
        }
        return new RuleSet(source, domain, version, compiled);
    }

    private String readDomain(YamlTree.MapNode map, YamlTree.Entry entry) {
        if (entry == null) {
            problems.add(map.line(), "the rule set has no 'domain'",
                    "add 'domain: <name>' (for an app: the app's plugin id)");
            return "";
        }
        String domain = problems.text(entry.value(), "domain", "e.g. 'domain: assets'");
        if (domain == null) {
            return "";
        }
        if (!DOMAIN.matcher(domain).matches()) {
            problems.add(entry.value().line(), "domain '" + domain + "' is not a domain name",
                    "lower-case words separated by '-' or '.', e.g. assets or valuation-alerts");
        } else if (domain.equals("builtin")) {
            problems.add(entry.value().line(), "domain 'builtin' is reserved for the gate's own checks",
                    "choose another name");
        }
        return domain;
    }

    private int readVersion(YamlTree.MapNode map, YamlTree.Entry entry) {
        if (entry == null) {
            problems.add(map.line(), "the rule set has no 'version'", "add 'version: 1' and raise it on every change");
            return 0;
        }
        if (entry.value() instanceof YamlTree.ScalarNode scalar && !scalar.isNull() && !scalar.isString()) {
            try {
                int version = Integer.parseInt(scalar.text());
                if (version >= 1) {
                    return version;
                }
            } catch (NumberFormatException e) {
                problems.add(scalar.line(), "version " + scalar.describe() + " is not a whole number",
                        "e.g. 'version: 3'");
                return 0;
            }
        }
        problems.add(entry.value().line(), "version must be a whole number of 1 or more, was " + entry.value().describe(),
                "e.g. 'version: 3'");
        return 0;
    }

    private record RuleDraft(Rule rule, CelRuntime.Program condition, boolean subjectOnly) {
    }

    private List<RuleDraft> readRules(YamlTree.MapNode map, YamlTree.Entry entry) {
        if (entry == null) {
            problems.add(map.line(), "the rule set has no 'rules'",
                    "add 'rules:' with a list of rules (an empty list 'rules: []' denies everything)");
            return List.of();
        }
        if (entry.value() instanceof YamlTree.ScalarNode scalar && scalar.isNull()) {
            return List.of();
        }
        if (!(entry.value() instanceof YamlTree.ListNode list)) {
            problems.add(entry.value().line(), "rules must be a list, was " + entry.value().describe(),
                    "start each rule with '- id: …'");
            return List.of();
        }
        List<RuleDraft> drafts = new ArrayList<>();
        Map<String, Integer> idLines = new HashMap<>();
        for (YamlTree.Node item : list.items()) {
            RuleDraft draft = readRule(item, idLines);
            if (draft != null) {
                drafts.add(draft);
            }
        }
        return drafts;
    }

    private RuleDraft readRule(YamlTree.Node node, Map<String, Integer> idLines) {
        if (!(node instanceof YamlTree.MapNode rule)) {
            problems.add(node.line(), "a rule must be a map, was " + node.describe(),
                    "e.g. '- id: gateway-commands' followed by types, senders and reason");
            return null;
        }
        int before = problemCount();
        Map<String, YamlTree.Entry> fields = rule.firstByKey();
        String id = readRuleId(rule, fields.get("id"), idLines);
        String label = id == null ? "the rule at line " + rule.line() : "rule '" + id + "'";
        problems.checkFields(rule, label, RULE_FIELDS);
        Rule.Effect effect = readEffect(fields.get("effect"), label);
        List<String> types = readList(rule, fields.get("types"), "types", label,
                "e.g. 'types: [assets.RegisterAsset]' or 'types: [\"assets.*\"]'", this::checkType);
        List<String> senders = readList(rule, fields.get("senders"), "senders", label,
                "e.g. 'senders: [platform.gateway]' or 'senders: [\"*\"]' for any sender", this::checkSender);
        String reason = null;
        YamlTree.Entry reasonEntry = fields.get("reason");
        if (reasonEntry != null) {
            reason = problems.text(reasonEntry.value(), "reason of " + label, "say why the rule exists");
        }
        Optional<String> when = Optional.empty();
        CelRuntime.Program program = null;
        boolean subjectOnly = false;
        YamlTree.Entry whenEntry = fields.get("when");
        if (whenEntry != null) {
            String expression = whenEntry.value() instanceof YamlTree.ScalarNode scalar && !scalar.isNull()
                    ? scalar.text() : null;
            if (expression == null || expression.isBlank()) {
                problems.add(whenEntry.value().line(), "when of " + label + " must be a CEL expression, was "
                        + whenEntry.value().describe(), "e.g. when: \"'advisor' in subject.roles\", or leave 'when' out");
            } else {
                when = Optional.of(expression);
                switch (CelConditions.compile(expression)) {
                    case CelConditions.Compiled.Ok ok -> {
                        program = ok.program();
                        subjectOnly = ok.subjectOnly();
                    }
                    case CelConditions.Compiled.Failed failed ->
                            problems.add(whenEntry.value().line(), "when of " + label + ": " + failed.problem(), failed.hint());
                }
            }
        }
        if (problemCount() != before || id == null || effect == null || types.isEmpty() || senders.isEmpty()) {
            return null;
        }
        String text = reason != null ? reason
                : (effect == Rule.Effect.ALLOW ? "allowed" : "denied") + " by rule " + id;
        return new RuleDraft(new Rule(id, effect, types, senders, when, text, rule.line()), program, subjectOnly);
    }

    private int problemCount() {
        return problems.size();
    }

    private String readRuleId(YamlTree.MapNode rule, YamlTree.Entry entry, Map<String, Integer> idLines) {
        if (entry == null) {
            problems.add(rule.line(), "the rule at line " + rule.line() + " has no 'id'",
                    "add 'id: <name>', unique in the rule set; decisions name the rule by it");
            return null;
        }
        String id = problems.text(entry.value(), "id of the rule at line " + rule.line(), "e.g. 'id: gateway-commands'");
        if (id == null) {
            return null;
        }
        if (!RULE_ID.matcher(id).matches()) {
            problems.add(entry.value().line(), "rule id '" + id + "' is not a name",
                    "letters, digits, '-', '_' and '.', e.g. gateway-commands");
            return null;
        }
        Integer first = idLines.putIfAbsent(id, entry.value().line());
        if (first != null) {
            problems.add(entry.value().line(), "duplicate rule id '" + id + "' (first at line " + first + ")",
                    "rule ids must be unique in the rule set");
        }
        return id;
    }

    private Rule.Effect readEffect(YamlTree.Entry entry, String label) {
        if (entry == null) {
            return Rule.Effect.ALLOW;
        }
        String text = problems.text(entry.value(), "effect of " + label, "allow or deny");
        if (text == null) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "allow" -> Rule.Effect.ALLOW;
            case "deny" -> Rule.Effect.DENY;
            default -> {
                problems.add(entry.value().line(), "unknown effect '" + text + "' of " + label,
                        "allow (the default) or deny");
                yield null;
            }
        };
    }

    private interface ItemCheck {
        /** Reports the item's problem, if any; returns whether it is fine. */
        boolean check(YamlTree.ScalarNode item, String label);
    }

    private List<String> readList(YamlTree.MapNode rule, YamlTree.Entry entry, String field, String label,
                                  String hint, ItemCheck check) {
        if (entry == null) {
            problems.add(rule.line(), label + " has no '" + field + "'", hint);
            return List.of();
        }
        if (!(entry.value() instanceof YamlTree.ListNode list)) {
            problems.add(entry.value().line(), field + " of " + label + " must be a list, was "
                    + entry.value().describe(), hint);
            return List.of();
        }
        if (list.items().isEmpty()) {
            problems.add(list.line(), field + " of " + label + " is empty", hint);
            return List.of();
        }
        List<String> values = new ArrayList<>();
        boolean allFine = true;
        for (YamlTree.Node item : list.items()) {
            if (!(item instanceof YamlTree.ScalarNode scalar) || scalar.isNull()) {
                problems.add(item.line(), field + " of " + label + " must hold texts, found " + item.describe(), hint);
                allFine = false;
            } else if (check.check(scalar, label)) {
                values.add(scalar.text());
            } else {
                allFine = false;
            }
        }
        return allFine ? values : List.of();
    }

    private boolean checkType(YamlTree.ScalarNode item, String label) {
        String type = item.text();
        if (PluginManifest.MESSAGE_TYPE.matcher(type).matches() || TYPE_PATTERN.matcher(type).matches()) {
            return true;
        }
        String hint = type.equals("*")
                ? "name the domain: '<domain>.*' (a rule cannot cover every domain's types)"
                : "domain.TypeName (e.g. assets.RegisterAsset) or a whole domain as \"assets.*\"";
        problems.add(item.line(), "type '" + type + "' of " + label + " is not a message type", hint);
        return false;
    }

    private boolean checkSender(YamlTree.ScalarNode item, String label) {
        String sender = item.text();
        if (sender.equals("*") || SENDER.matcher(sender).matches()) {
            return true;
        }
        String hint = sender.contains("@")
                ? "name the plugin id without version: '" + sender.substring(0, sender.indexOf('@')) + "'"
                : "a plugin id (lower-case words separated by '-' or '.') or \"*\" for any sender";
        problems.add(item.line(), "sender '" + sender + "' of " + label + " is not a plugin id", hint);
        return false;
    }
}
