package io.mosaic.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Gathers the problems of one file, and the small helpers that validating YAML trees needs. */
final class ProblemCollector {
    private final String source;
    private final List<PolicyException.Problem> problems = new ArrayList<>();

    ProblemCollector(String source) {
        this.source = source;
    }

    void add(int line, String message, String hint) {
        problems.add(new PolicyException.Problem(source, line, message, hint));
    }

    int size() {
        return problems.size();
    }

    /** Throws if anything was found, listing the problems in line order. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            List<PolicyException.Problem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparingInt(PolicyException.Problem::line));
            throw new PolicyException(source, sorted);
        }
    }

    /** Reports fields not in {@code known} and fields given twice. */
    void checkFields(YamlTree.MapNode map, String what, Set<String> known) {
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (YamlTree.Entry entry : map.entries()) {
            Integer first = seen.putIfAbsent(entry.key(), entry.keyLine());
            if (first != null) {
                add(entry.keyLine(), "field '" + entry.key() + "' of " + what + " is given twice (first at line "
                        + first + ")", "keep one");
            } else if (!known.contains(entry.key())) {
                add(entry.keyLine(), "unknown field '" + entry.key() + "' in " + what, suggest(entry.key(), known));
            }
        }
    }

    /** A non-empty text scalar, or null after reporting why not. */
    String text(YamlTree.Node node, String what, String hint) {
        if (node instanceof YamlTree.ScalarNode scalar && !scalar.isNull() && scalar.isString() && !scalar.text().isBlank()) {
            return scalar.text();
        }
        add(node.line(), what + " must be a non-empty text, was " + node.describe(), hint);
        return null;
    }

    static String suggest(String unknown, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known.stream().sorted().toList()) {
            int distance = distance(unknown.toLowerCase(java.util.Locale.ROOT), candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        String fields = "known fields: " + String.join(", ", known.stream().sorted().toList());
        return best != null && bestDistance <= 2 ? "did you mean '" + best + "'? " + fields : fields;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
