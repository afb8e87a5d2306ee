package io.mosaic.plugin.custody;

import java.util.List;
import java.util.Objects;

/**
 * Message {@code custody.StatementRejected} (published, not stored: nothing changed): the whole file was refused.
 *
 * @param error  every error, one per line; each names the file, the statement, the entry and the field
 * @param errors the same, as a list
 */
public record StatementRejected(String importId, String fileName, String error, List<String> errors) {
    public StatementRejected {
        Objects.requireNonNull(importId, "importId");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(error, "error");
        errors = errors == null ? List.of(error) : List.copyOf(errors);
    }

    static StatementRejected of(ImportStatement command, List<String> errors) {
        return new StatementRejected(command.importId(), command.fileName(), String.join("\n", errors), errors);
    }
}
