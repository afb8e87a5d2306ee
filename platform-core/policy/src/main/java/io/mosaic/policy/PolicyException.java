package io.mosaic.policy;

import java.util.List;
import java.util.Objects;

/**
 * A rule set (or a test-case file) that cannot be used. Lists every problem found, not just the first, each as
 * {@code <file>:<line>: <problem> (hint: …)}.
 */
public class PolicyException extends RuntimeException {
    private final List<Problem> problems;

    public PolicyException(String message) {
        super(message);
        this.problems = List.of();
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of();
    }

    PolicyException(String source, List<Problem> problems) {
        super(render(source, problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems found, in line order; empty when the failure was not about the content (e.g. unreadable file). */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(String source, List<Problem> problems) {
        StringBuilder text = new StringBuilder(source).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (Problem problem : problems) {
            text.append(System.lineSeparator()).append("  ").append(problem);
        }
        return text.toString();
    }

    /**
     * One thing wrong in a file.
     *
     * @param source  the file (or name) it was read from
     * @param line    1-based line
     * @param message what is wrong
     * @param hint    how to fix it; may be empty
     */
    public record Problem(String source, int line, String message, String hint) {
        public Problem {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(hint, "hint");
            if (line < 1) {
                throw new IllegalArgumentException("line must be 1 or more, was " + line);
            }
        }

        @Override
        public String toString() {
            return source + ":" + line + ": " + message + (hint.isEmpty() ? "" : " (hint: " + hint + ")");
        }
    }
}
