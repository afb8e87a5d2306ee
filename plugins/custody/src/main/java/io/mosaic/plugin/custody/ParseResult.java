package io.mosaic.plugin.custody;

import java.util.List;

/** What reading a statement file gives: all of its statements, or every error found (and nothing else). */
public sealed interface ParseResult permits ParseResult.Parsed, ParseResult.Failed {

    record Parsed(List<ParsedStatement> statements) implements ParseResult {
        public Parsed {
            statements = List.copyOf(statements);
        }
    }

    /** @param errors each names the file, the statement, the entry and the field */
    record Failed(List<String> errors) implements ParseResult {
        public Failed {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("a failed parse names at least one error");
            }
        }
    }
}
