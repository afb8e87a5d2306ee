package io.mosaic.plugin.custody;

import java.util.Objects;

/**
 * Reads a statement file of any supported format. Pure: no I/O, no clock; the same text always gives the same
 * result. Every statement of the file is read and checked (fields, ISINs, the balance rule) before the result is
 * given: either all statements, or all errors found (at most {@value Problems#LIMIT} listed).
 */
public final class StatementParsers {
    private StatementParsers() {
    }

    public static ParseResult parse(StatementFormat format, String fileName, String content, Progress progress) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(progress, "progress");
        if (content.isBlank()) {
            return new ParseResult.Failed(java.util.List.of(format.label() + " file " + fileName + ": the file is empty"));
        }
        return switch (format) {
            case CAMT053 -> Camt053Parser.parse(fileName, content, progress);
            case MT940 -> Mt940Parser.parse(fileName, content, progress);
            case MT535 -> Mt535Parser.parse(fileName, content, progress);
            case CSV -> CsvStatementParser.parse(fileName, content, progress);
        };
    }
}
