package io.mosaic.plugin.custody;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the errors of one file, each prefixed with where it is: {@code camt.053 file x.xml, statement S-1,
 * entry 17: amount "12,50" is not a decimal (expected 12.50)}. Keeps the first {@value #LIMIT}; the count of the
 * rest is added at the end, so a broken 100,000-entry file does not produce a 100,000-line answer.
 */
final class Problems {
    static final int LIMIT = 50;

    private final String file;
    private final List<String> errors = new ArrayList<>();
    private int dropped;

    Problems(StatementFormat format, String fileName) {
        this.file = format.label() + " file " + fileName;
    }

    /** An error about the whole file. */
    void file(String what) {
        add(file + ": " + what);
    }

    /** An error about one statement (its id, or its position when it has none yet). */
    void statement(String statement, String what) {
        add(file + ", statement " + statement + ": " + what);
    }

    /** An error about one entry of a statement. */
    void entry(String statement, int entry, String what) {
        add(file + ", statement " + statement + ", entry " + entry + ": " + what);
    }

    /** An error about one entry, with the line of the file it is on. */
    void entryAtLine(String statement, int entry, int line, String what) {
        add(file + ", statement " + statement + ", entry " + entry + " (line " + line + "): " + what);
    }

    /** An error about one line of a file whose statement is not known yet. */
    void line(int line, String what) {
        add(file + ", line " + line + ": " + what);
    }

    private void add(String raw) {
        String error = oneLine(raw);
        if (errors.size() < LIMIT) {
            errors.add(error);
        } else {
            dropped++;
        }
    }

    /** An error is one line: line breaks inside a value are written as the escapes {@code \\r} and {@code \\n}. */
    static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\u2028", " ").replace("\u2029", " ")
                .replace("\u0085", " ");
    }

    boolean any() {
        return !errors.isEmpty();
    }

    int count() {
        return errors.size() + dropped;
    }

    List<String> errors() {
        if (dropped == 0) {
            return List.copyOf(errors);
        }
        List<String> all = new ArrayList<>(errors);
        all.add(file + ": " + dropped + " more errors not listed");
        return all;
    }

    ParseResult result(List<ParsedStatement> statements) {
        return any() ? new ParseResult.Failed(errors()) : new ParseResult.Parsed(statements);
    }
}
