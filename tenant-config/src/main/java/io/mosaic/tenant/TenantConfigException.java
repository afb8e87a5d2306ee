package io.mosaic.tenant;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Tenant descriptors that cannot be used; lists every problem found, each with file, line and field. */
public class TenantConfigException extends RuntimeException {

    /**
     * One problem in one file.
     *
     * @param line  1-based line, 0 when the problem concerns the whole file
     * @param field dotted path of the field, e.g. {@code branding.primaryColor} or {@code loginFactors[1]};
     *              empty when the problem concerns the whole file
     */
    public record Problem(Path file, int line, String field, String message) {
        public Problem {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return file + (line > 0 ? ", line " + line : "") + (field.isEmpty() ? "" : ", field " + field) + ": "
                    + message;
        }
    }

    private final List<Problem> problems;

    public TenantConfigException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a TenantConfigException needs at least one problem");
        }
        return problems.size() == 1 ? problems.getFirst().toString()
                : problems.size() + " problems in tenant descriptors:\n  "
                        + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  "));
    }
}
