package io.mosaic.plugin.custody;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The test statement files under {@code src/test/resources/statements}, and parsing helpers. */
final class StatementFiles {
    private StatementFiles() {
    }

    static String read(String name) {
        try (InputStream in = StatementFiles.class.getResourceAsStream("/statements/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test statement file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ParsedStatement> parsed(StatementFormat format, String name) {
        ParseResult result = StatementParsers.parse(format, name, read(name), Progress.none());
        if (result instanceof ParseResult.Failed failed) {
            throw new AssertionError("expected " + name + " to parse, but: " + failed.errors());
        }
        return ((ParseResult.Parsed) result).statements();
    }

    static List<String> errors(StatementFormat format, String name, String content) {
        ParseResult result = StatementParsers.parse(format, name, content, Progress.none());
        assertThat(result).as("parse of " + name).isInstanceOf(ParseResult.Failed.class);
        return ((ParseResult.Failed) result).errors();
    }

    static List<String> errors(StatementFormat format, String name) {
        return errors(format, name, read(name));
    }
}
