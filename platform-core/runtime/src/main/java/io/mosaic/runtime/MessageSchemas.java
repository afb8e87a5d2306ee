package io.mosaic.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON Schema of a plugin's messages, as its jar ships it (the manifest's {@code schemas} file, derived from the
 * plugin's records at its build): one definition per message type under {@code $defs}. The gateway checks each
 * command's body against its type's definition before the command is signed and sent.
 */
public final class MessageSchemas {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(com.networknt.schema.SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true).locale(java.util.Locale.ENGLISH).build()));
    /** At most this many problems are reported for one body. */
    static final int MAX_PROBLEMS = 20;

    private final JsonNode document;
    private final Map<String, Schema> byType = new HashMap<>();

    private MessageSchemas(JsonNode document, Map<String, Schema> byType) {
        this.document = document;
        this.byType.putAll(byType);
    }

    /** No schemas: every body of the right JSON kind passes (a plugin that ships none). */
    public static MessageSchemas none() {
        return new MessageSchemas(MAPPER.createObjectNode(), Map.of());
    }

    /**
     * Reads a plugin's schema document.
     *
     * @param source names the file in errors, e.g. {@code assets-0.1.0.jar!/schemas/messages.schema.json}
     * @param types  the message types the plugin declares: each definition must be one of them
     */
    public static MessageSchemas parse(String source, String text, Set<String> types) {
        JsonNode doc;
        try {
            doc = MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PlatformException(source + ": not JSON: " + e.getOriginalMessage());
        }
        if (!(doc instanceof ObjectNode root) || !(root.get("$defs") instanceof ObjectNode defs)) {
            throw new PlatformException(source + ": a JSON Schema with one definition per message type under $defs");
        }
        Map<String, Schema> byType = new HashMap<>();
        for (String type : types) {
            if (!defs.has(type)) {
                continue;
            }
            ObjectNode wrapper = root.deepCopy();
            wrapper.remove(List.of("$id", "commands", "events")); // annotations of the document, not for checking
            wrapper.path("$defs").forEach(def -> ((ObjectNode) def).remove("x-mosaic-kind"));
            wrapper.put("$ref", "#/$defs/" + type);
            try {
                byType.put(type, REGISTRY.getSchema(SchemaLocation.of("urn:mosaic:schema:" + type), wrapper));
            } catch (RuntimeException e) {
                throw new PlatformException(source + ": the schema of " + type + " is not valid: " + e.getMessage(), e);
            }
        }
        return new MessageSchemas(doc, byType);
    }

    /** The schema document as shipped (for the API description). */
    public JsonNode document() {
        return document;
    }

    /** The types that have a schema. */
    public Set<String> types() {
        return new TreeSet<>(byType.keySet());
    }

    public Optional<Schema> of(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /**
     * Checks a command's body.
     *
     * @throws CommandMalformed naming each problem with its JSON path, when the body does not have the type's form
     */
    public void check(String type, JsonNode body) {
        Schema schema = byType.get(type);
        if (schema == null) {
            return;
        }
        List<Error> errors = schema.validate(body);
        if (errors.isEmpty()) {
            return;
        }
        List<CommandMalformed.Problem> problems = new ArrayList<>();
        for (Error e : errors) {
            if (problems.size() == MAX_PROBLEMS) {
                break;
            }
            problems.add(new CommandMalformed.Problem(path(e), message(e)));
        }
        throw new CommandMalformed(type, problems);
    }

    /** The problem's place as a JSON path ({@code $.lines[2].date}); for a missing or extra field, that field's. */
    private static String path(Error e) {
        StringBuilder out = new StringBuilder("$");
        var at = e.getInstanceLocation();
        if (at != null) {
            for (int i = 0; i < at.getNameCount(); i++) {
                append(out, at.getElement(i));
            }
        }
        if (("required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword())) && e.getProperty() != null) {
            append(out, e.getProperty());
        }
        return out.toString();
    }

    private static void append(StringBuilder out, Object element) {
        if (element instanceof Integer index) {
            out.append('[').append(index).append(']');
        } else if (String.valueOf(element).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            out.append('.').append(element);
        } else {
            out.append("['").append(String.valueOf(element).replace("\\", "\\\\").replace("'", "\\'")).append("']");
        }
    }

    /** The validator's message without the location it starts with (the path says it). */
    private static String message(Error e) {
        String m = e.getMessage();
        String at = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        if (m.startsWith(at + ": ")) {
            m = m.substring(at.length() + 2);
        } else if (m.startsWith(": ")) {
            m = m.substring(2);
        }
        return m;
    }
}
