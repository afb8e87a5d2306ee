package io.mosaic.tenant;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** A YAML document as a tree that remembers the line of every node, so that problems can name it. */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

    int line();

    String describe();

    /** {@code text} is null for a YAML null ({@code ~}, or nothing after the colon). */
    record Scalar(String text, int line) implements YamlNode {
        @Override
        public String describe() {
            return text == null ? "empty" : "'" + text + "'";
        }
    }

    record Entry(String key, int line, YamlNode value) {
    }

    record Mapping(Map<String, Entry> entries, int line) implements YamlNode {
        @Override
        public String describe() {
            return "a map";
        }
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    YAMLFactory FACTORY = new YAMLFactory();

    /**
     * Reads the first document; a key given twice is reported to {@code duplicateKey} (line, key path).
     *
     * @return null for an empty document
     * @throws IOException including Jackson's {@code StreamReadException} for YAML syntax errors
     */
    static YamlNode parse(Reader reader, BiConsumer<Integer, String> duplicateKey) throws IOException {
        try (JsonParser parser = FACTORY.createParser(reader)) {
            if (parser.nextToken() == null) {
                return null;
            }
            return read(parser, 1, "", duplicateKey);
        }
    }

    private static YamlNode read(JsonParser parser, int anchorLine, String path, BiConsumer<Integer, String> duplicateKey)
            throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = parser.currentTokenLocation().getLineNr();
                    String keyPath = path.isEmpty() ? key : path + "." + key;
                    parser.nextToken();
                    YamlNode value = read(parser, keyLine, keyPath, duplicateKey);
                    if (entries.containsKey(key)) {
                        duplicateKey.accept(keyLine, keyPath);
                    } else {
                        entries.put(key, new Entry(key, keyLine, value));
                    }
                }
                return new Mapping(entries, anchorLine);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser, parser.currentTokenLocation().getLineNr(), path + "[" + items.size() + "]",
                            duplicateKey));
                }
                return new Sequence(items, anchorLine);
            }
            case VALUE_NULL -> {
                return new Scalar(null, anchorLine);
            }
            default -> {
                return new Scalar(parser.getText(), anchorLine);
            }
        }
    }
}
