package io.mosaic.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a small tree whose nodes remember their line, so validation can point at the line of each
 * problem. Built with Jackson's streaming YAML parser (the data binder forgets locations).
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private YamlTree() {
    }

    sealed interface Node permits MapNode, ListNode, ScalarNode {
        int line();

        /** What the node is, for messages: "a map", "a list", "the text 'x'". */
        String describe();
    }

    record Entry(String key, int keyLine, Node value) {
    }

    /** A mapping; keys in document order, with a repeated key kept as an extra entry so it can be reported. */
    record MapNode(int line, List<Entry> entries) implements Node {
        Map<String, Entry> firstByKey() {
            Map<String, Entry> byKey = new LinkedHashMap<>();
            for (Entry entry : entries) {
                byKey.putIfAbsent(entry.key(), entry);
            }
            return byKey;
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    record ListNode(int line, List<Node> items) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar; {@code isNull} for {@code ~}, {@code null} or an empty value; {@code isString} when YAML typed it as text. */
    record ScalarNode(int line, String text, boolean isNull, boolean isString) implements Node {
        @Override
        public String describe() {
            return isNull ? "empty" : "'" + text + "'";
        }
    }

    /** A syntax error of the document, with its line. */
    static final class SyntaxError extends Exception {
        private final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    /** Parses one YAML document; an empty document is an empty map at line 1. */
    static Node parse(String text) throws SyntaxError {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new MapNode(1, List.of());
            }
            Node root = read(parser);
            if (parser.nextToken() != null) {
                throw new SyntaxError(line(parser), "more than one YAML document (expected exactly one)");
            }
            return root;
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            int line = 1;
            if (e instanceof com.fasterxml.jackson.core.JacksonException je && je.getLocation() != null
                    && je.getLocation().getLineNr() > 0) {
                line = je.getLocation().getLineNr();
            }
            int cut = message.indexOf("\n at [Source");
            throw new SyntaxError(line, "not valid YAML: " + (cut > 0 ? message.substring(0, cut) : message).strip());
        }
    }

    private static Node read(JsonParser parser) throws IOException {
        int line = line(parser);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                List<Entry> entries = new ArrayList<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = line(parser);
                    parser.nextToken();
                    entries.add(new Entry(key, keyLine, read(parser)));
                }
                return new MapNode(line, List.copyOf(entries));
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser));
                }
                return new ListNode(line, List.copyOf(items));
            }
            case VALUE_NULL -> {
                return new ScalarNode(line, "", true, false);
            }
            case VALUE_STRING -> {
                return new ScalarNode(line, parser.getText(), false, true);
            }
            default -> {
                return new ScalarNode(line, parser.getText(), false, false);
            }
        }
    }

    private static int line(JsonParser parser) {
        return Math.max(1, parser.currentTokenLocation().getLineNr());
    }
}
