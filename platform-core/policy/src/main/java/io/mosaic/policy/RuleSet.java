package io.mosaic.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A domain's loaded rule set: validated, every condition compiled, rules indexed by message type. Immutable and
 * safe to share between threads. Obtain one from {@link RuleSets}.
 */
public final class RuleSet {
    /** Types outside the precomputed index are cached up to this many; beyond it they are computed per call. */
    private static final int MAX_CACHED_TYPES = 1024;

    private final String source;
    private final String domain;
    private final int version;
    private final List<Rule> rules;
    private final List<CompiledRule> compiled;
    private final Map<String, Candidates> byExactType;
    private final ConcurrentHashMap<String, Candidates> byOtherType = new ConcurrentHashMap<>();

    RuleSet(String source, String domain, int version, List<CompiledRule> compiled) {
        this.source = source;
        this.domain = domain;
        this.version = version;
        this.compiled = List.copyOf(compiled);
        this.rules = this.compiled.stream().map(CompiledRule::rule).toList();
        Map<String, Candidates> index = new HashMap<>();
        for (CompiledRule rule : this.compiled) {
            for (String type : rule.rule().types()) {
                if (!type.endsWith(".*")) {
                    index.computeIfAbsent(type, this::collect);
                }
            }
        }
        this.byExactType = Map.copyOf(index);
    }

    /** The domain (for an app: the app's id) whose deliveries this rule set guards. */
    public String domain() {
        return domain;
    }

    public int version() {
        return version;
    }

    /** Where it was read from, e.g. a file name. */
    public String source() {
        return source;
    }

    /** The rules in file order. */
    public List<Rule> rules() {
        return rules;
    }

    /** The rules about {@code type}, deny rules and allow rules apart, each in file order. */
    Candidates candidates(String type) {
        Candidates exact = byExactType.get(type);
        if (exact != null) {
            return exact;
        }
        Candidates cached = byOtherType.get(type);
        if (cached != null) {
            return cached;
        }
        Candidates computed = collect(type);
        if (byOtherType.size() < MAX_CACHED_TYPES) {
            byOtherType.putIfAbsent(type, computed);
        }
        return computed;
    }

    private Candidates collect(String type) {
        List<CompiledRule> denies = new ArrayList<>();
        List<CompiledRule> allows = new ArrayList<>();
        for (CompiledRule rule : compiled) {
            if (rule.rule().coversType(type)) {
                (rule.rule().effect() == Rule.Effect.DENY ? denies : allows).add(rule);
            }
        }
        return new Candidates(denies.toArray(CompiledRule[]::new), allows.toArray(CompiledRule[]::new));
    }

    @Override
    public String toString() {
        return "RuleSet[" + domain + " v" + version + " from " + source + ", " + rules.size() + " rules]";
    }

    /** Arrays for a tight loop on the hot path; never modified after construction. */
    record Candidates(CompiledRule[] denies, CompiledRule[] allows) {
    }
}
