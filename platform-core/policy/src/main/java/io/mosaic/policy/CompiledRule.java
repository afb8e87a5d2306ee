package io.mosaic.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.Set;

/** A rule ready for the gate: sender set, compiled condition, and its decision built once. */
final class CompiledRule {
    private final Rule rule;
    private final String name;
    private final boolean anySender;
    private final Set<String> senders;
    private final CelRuntime.Program conditionOrNull;
    private final Decision decision;
    private final boolean subjectOnly;

    CompiledRule(String domain, Rule rule, CelRuntime.Program conditionOrNull) {
        this(domain, rule, conditionOrNull, false);
    }

    /**
     * @param subjectOnly the condition reads only {@code subject}: its true/false outcome is remembered per cached
     *                    subject (see {@link SubjectValues})
     */
    CompiledRule(String domain, Rule rule, CelRuntime.Program conditionOrNull, boolean subjectOnly) {
        this.rule = rule;
        this.name = domain + ":" + rule.id();
        this.anySender = rule.senders().contains("*");
        this.senders = Set.copyOf(rule.senders());
        this.conditionOrNull = conditionOrNull;
        this.decision = rule.effect() == Rule.Effect.ALLOW
                ? Decision.allow(name, rule.reason())
                : Decision.deny(name, rule.reason());
        this.subjectOnly = subjectOnly && conditionOrNull != null;
    }

    Rule rule() {
        return rule;
    }

    String name() {
        return name;
    }

    /** The decision this rule makes when it matches. */
    Decision decision() {
        return decision;
    }

    boolean appliesToSender(String senderId) {
        return anySender || senders.contains(senderId);
    }

    boolean hasCondition() {
        return conditionOrNull != null;
    }

    /**
     * Evaluates the condition.
     *
     * @return TRUE or FALSE, or the evaluation error as a deny naming this rule
     */
    Object evaluate(Activation activation) {
        if (subjectOnly) {
            SubjectValues subject = activation.subjectValues();
            Boolean known = subject.outcome(this);
            if (known != null) {
                return known;
            }
            Object outcome = evaluateCel(activation);
            if (outcome instanceof Boolean b) {
                subject.remember(this, b);
            }
            return outcome;
        }
        return evaluateCel(activation);
    }

    private Object evaluateCel(Activation activation) {
        try {
            Object result = conditionOrNull.eval(activation);
            if (result instanceof Boolean) {
                return result;
            }
            return Decision.deny(name, "condition of rule " + name + " returned " + describe(result)
                    + " instead of true or false (treated as deny)");
        } catch (CelEvaluationException | RuntimeException e) {
            return Decision.deny(name, "condition of rule " + name + " failed to evaluate: " + e.getMessage()
                    + " (treated as deny)");
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
