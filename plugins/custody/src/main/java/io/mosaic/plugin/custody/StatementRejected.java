package io.mosaic.plugin.custody;

import java.util.List;
import java.util.Objects;

/**
 * Message {@code custody.StatementRejected} (published, not stored: nothing changed): the whole file was refused.
 *
 * @param ownerId whose file it was (the command's owner; the gate shows the refusal to the people who see that owner)
 * @param error   every error, one per line; each names the file, the statement, the entry and the field
 * @param errors  the same, as a list
 */
public record StatementRejected(String importId, String fileName, String ownerId, String error, List<String> errors) {
    public StatementRejected {
        Objects.requireNonNull(importId, "importId");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(error, "error");
        errors = errors == null ? List.of(error) : List.copyOf(errors);
    }

    static StatementRejected of(ImportStatement command, List<String> errors) {
        return new StatementRejected(command.importId(), command.fileName(), command.ownerId() == null ? "" : command.ownerId(),
                String.join("\n", errors), errors);
    }
}
