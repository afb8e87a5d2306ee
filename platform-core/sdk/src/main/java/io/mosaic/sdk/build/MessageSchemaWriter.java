package io.mosaic.sdk.build;

import io.mosaic.sdk.Omittable;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Derives the JSON Schema (draft 2020-12) of a plugin's messages from its records, at the plugin's build:
 * {@code java io.mosaic.sdk.build.MessageSchemaWriter <classes folder>} reads {@code mosaic-plugin.yaml} in that
 * folder and, when the manifest names a {@code schemas} file, writes it there.
 * <p>
 * Each message type {@code domain.Name} the plugin consumes in its own domain (its commands) or publishes (its events)
 * is the record {@code Name} in the package of the entry class. The schema has one definition per type under
 * {@code $defs}, keyed by the type, and one per nested record, keyed {@code domain.Name} as well. Commands are strict,
 * as the gateway checks them before sending: every field is required unless the record marks it {@link Omittable},
 * a required text is not empty, and no other field is accepted. Events describe what the domain writes: their fields
 * may be null.
 * <p>
 * Mapping: text {@code string}; {@link BigDecimal} a decimal as text ({@code "1234.50"}) or a JSON number, both read
 * exactly, never through a binary float; whole numbers {@code integer}; {@link LocalDate} {@code date};
 * {@link Instant} {@code date-time}; enums their constant names; lists and sets arrays; maps with text keys objects.
 * Any other field type fails the build, naming the record and the field.
 */
public final class MessageSchemaWriter {
    /** A decimal as text: optional sign, digits, optional fraction. */
    static final String DECIMAL_PATTERN = "^[+-]?[0-9]+(\\.[0-9]+)?$";

    private final String domain;
    private final Map<String, Object> defs = new LinkedHashMap<>();

    private MessageSchemaWriter(String domain) {
        this.domain = domain;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: MessageSchemaWriter <classes folder holding mosaic-plugin.yaml>");
        }
        Path classes = Path.of(args[0]);
        Path manifestFile = classes.resolve("mosaic-plugin.yaml");
        Manifest manifest = Manifest.parse(Files.readString(manifestFile, StandardCharsets.UTF_8));
        if (manifest.schemas().isEmpty()) {
            System.out.println("[mosaic] " + manifestFile + " names no schemas file; none written");
            return;
        }
        String text = write(manifest, Thread.currentThread().getContextClassLoader());
        Path out = classes.resolve(manifest.schemas().get()).normalize();
        if (!out.startsWith(classes.normalize())) {
            throw new IllegalArgumentException("schemas: '" + manifest.schemas().get() + "' leaves the jar");
        }
        Files.createDirectories(out.getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
        System.out.println("[mosaic] wrote the schema of " + (manifest.commands().size() + manifest.events().size())
                + " message types of domain " + manifest.domain() + " to " + out);
    }

    /** The schema document of a manifest's messages, their records loaded by {@code loader}. */
    public static String write(Manifest manifest, ClassLoader loader) {
        MessageSchemaWriter writer = new MessageSchemaWriter(manifest.domain());
        String pkg = manifest.entryClass().substring(0, Math.max(0, manifest.entryClass().lastIndexOf('.')));
        for (String type : manifest.commands()) {
            writer.message(type, load(loader, pkg, type), true);
        }
        for (String type : manifest.events()) {
            writer.message(type, load(loader, pkg, type), false);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "urn:mosaic:messages:" + manifest.domain());
        root.put("title", "Messages of domain " + manifest.domain());
        root.put("commands", manifest.commands());
        root.put("events", manifest.events());
        root.put("$defs", writer.defs);
        StringBuilder out = new StringBuilder();
        Json.write(root, out, "");
        return out.append('\n').toString();
    }

    private static Class<?> load(ClassLoader loader, String pkg, String type) {
        String simple = type.substring(type.indexOf('.') + 1);
        String name = pkg.isEmpty() ? simple : pkg + "." + simple;
        try {
            Class<?> c = Class.forName(name, false, loader);
            if (!c.isRecord()) {
                throw new IllegalArgumentException(type + ": " + name + " is not a record");
            }
            return c;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(type + ": no record " + name + " (a message type Name of the domain is"
                    + " the record Name in the entry class's package)", e);
        }
    }

    private void message(String type, Class<?> record, boolean command) {
        Map<String, Object> schema = object(record, command);
        Map<String, Object> titled = new LinkedHashMap<>();
        titled.put("title", type);
        titled.put("x-mosaic-kind", command ? "command" : "event");
        titled.putAll(schema);
        defs.put(type, titled);
    }

    private Map<String, Object> object(Class<?> record, boolean command) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            boolean omittable = c.isAnnotationPresent(Omittable.class) || c.getType() == Optional.class;
            String where = record.getSimpleName() + "." + c.getName();
            Map<String, Object> field = type(c.getGenericType(), command, where);
            if (command && !omittable && c.getType() == String.class) {
                field.put("minLength", 1);
            }
            properties.put(c.getName(), omittable || !command ? nullable(field) : field);
            if (command && !omittable) {
                required.add(c.getName());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        if (command) {
            schema.put("additionalProperties", false);
        }
        return schema;
    }

    private Map<String, Object> type(Type generic, boolean command, String where) {
        Class<?> raw = raw(generic, where);
        Map<String, Object> s = new LinkedHashMap<>();
        if (raw == String.class || raw == char.class || raw == Character.class) {
            s.put("type", "string");
        } else if (raw == BigDecimal.class) {
            s.put("type", List.of("string", "number"));
            s.put("pattern", DECIMAL_PATTERN);
            s.put("description", "a decimal, best as text (\"1234.50\"); read exactly, never through a binary float");
        } else if (raw == BigInteger.class || raw == int.class || raw == Integer.class || raw == long.class
                || raw == Long.class || raw == short.class || raw == Short.class) {
            s.put("type", "integer");
        } else if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            s.put("type", "number");
        } else if (raw == boolean.class || raw == Boolean.class) {
            s.put("type", "boolean");
        } else if (raw == LocalDate.class) {
            s.put("type", "string");
            s.put("format", "date");
        } else if (raw == Instant.class || raw == OffsetDateTime.class) {
            s.put("type", "string");
            s.put("format", "date-time");
        } else if (raw == LocalDateTime.class) {
            s.put("type", "string");
            s.put("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?$");
        } else if (raw == UUID.class) {
            s.put("type", "string");
            s.put("format", "uuid");
        } else if (raw == byte[].class) {
            s.put("type", "string");
            s.put("contentEncoding", "base64");
        } else if (raw.isEnum()) {
            List<Object> names = new ArrayList<>();
            for (Object constant : raw.getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            s.put("type", "string");
            s.put("enum", names);
        } else if (raw == Optional.class) {
            return type(argument(generic, 0, where), command, where);
        } else if (Collection.class.isAssignableFrom(raw)) {
            s.put("type", "array");
            s.put("items", type(argument(generic, 0, where), command, where + "[]"));
        } else if (Map.class.isAssignableFrom(raw)) {
            if (raw(argument(generic, 0, where), where) != String.class) {
                throw new IllegalArgumentException(where + ": a map's keys must be text");
            }
            s.put("type", "object");
            s.put("additionalProperties", type(argument(generic, 1, where), command, where + "{}"));
        } else if (raw.isRecord()) {
            String key = domain + "." + raw.getSimpleName();
            if (!defs.containsKey(key)) {
                defs.put(key, Map.of()); // placeholder: a record that holds itself ends here
                defs.put(key, object(raw, command));
            }
            s.put("$ref", "#/$defs/" + key);
        } else {
            throw new IllegalArgumentException(where + ": type " + generic.getTypeName()
                    + " has no JSON Schema form (use text, BigDecimal, a whole number, LocalDate, Instant, an enum,"
                    + " a list, a map with text keys or a record)");
        }
        return s;
    }

    private static Map<String, Object> nullable(Map<String, Object> field) {
        Map<String, Object> s = new LinkedHashMap<>(field);
        s.remove("minLength");
        if (s.containsKey("$ref")) {
            Map<String, Object> nullType = Map.of("type", "null");
            Map<String, Object> either = new LinkedHashMap<>();
            either.put("anyOf", List.of(Map.of("$ref", s.get("$ref")), nullType));
            return either;
        }
        Object type = s.get("type");
        List<Object> types = new ArrayList<>(type instanceof List<?> l ? l : List.of(type));
        types.add("null");
        s.put("type", types);
        if (s.get("enum") instanceof List<?> names) {
            List<Object> withNull = new ArrayList<>(names);
            withNull.add(null);
            s.put("enum", withNull);
        }
        return s;
    }

    private static Class<?> raw(Type t, String where) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        throw new IllegalArgumentException(where + ": type " + t.getTypeName() + " is not a concrete type");
    }

    private static Type argument(Type t, int index, String where) {
        if (t instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        throw new IllegalArgumentException(where + ": " + t.getTypeName() + " needs its type arguments");
    }

    /**
     * What the writer needs of {@code mosaic-plugin.yaml}: the domain, the entry class, the types and the schemas
     * file. The platform reads the manifest strictly at install; this reader takes the top-level fields only.
     *
     * @param commands the consumed types of the plugin's own domain
     * @param events   the published types
     */
    public record Manifest(String domain, String entryClass, List<String> commands, List<String> events,
                           Optional<String> schemas) {
        public static Manifest parse(String yaml) {
            Map<String, String> scalars = new LinkedHashMap<>();
            Map<String, List<String>> lists = new LinkedHashMap<>();
            String[] lines = yaml.split("\r?\n");
            for (int i = 0; i < lines.length; i++) {
                String line = stripComment(lines[i]);
                if (line.isBlank() || Character.isWhitespace(line.charAt(0)) || !line.contains(":")) {
                    continue;
                }
                String key = line.substring(0, line.indexOf(':')).strip();
                String value = line.substring(line.indexOf(':') + 1).strip();
                if (value.startsWith("[")) {
                    StringBuilder flow = new StringBuilder(value);
                    while (!flow.toString().contains("]") && i + 1 < lines.length) {
                        flow.append(' ').append(stripComment(lines[++i]).strip());
                    }
                    String inner = flow.substring(1, flow.indexOf("]"));
                    List<String> items = new ArrayList<>();
                    for (String item : inner.split(",")) {
                        if (!item.isBlank()) {
                            items.add(unquote(item.strip()));
                        }
                    }
                    lists.put(key, items);
                } else if (value.isEmpty()) {
                    List<String> items = new ArrayList<>();
                    while (i + 1 < lines.length && stripComment(lines[i + 1]).strip().startsWith("- ")) {
                        items.add(unquote(stripComment(lines[++i]).strip().substring(2).strip()));
                    }
                    lists.put(key, items);
                } else {
                    scalars.put(key, unquote(value));
                }
            }
            String domain = require(scalars, "domain");
            List<String> commands = lists.getOrDefault("consumes", List.of()).stream()
                    .filter(t -> t.startsWith(domain + ".")).toList();
            return new Manifest(domain, require(scalars, "entry-class"), commands,
                    List.copyOf(lists.getOrDefault("publishes", List.of())),
                    Optional.ofNullable(scalars.get("schemas")));
        }

        private static String require(Map<String, String> scalars, String key) {
            String value = scalars.get(key);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("mosaic-plugin.yaml: '" + key + "' is missing");
            }
            return value;
        }

        private static String stripComment(String line) {
            int hash = line.indexOf(" #");
            return hash >= 0 ? line.substring(0, hash) : line.startsWith("#") ? "" : line;
        }

        private static String unquote(String s) {
            return s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))
                    ? s.substring(1, s.length() - 1) : s;
        }
    }

    /** Just enough JSON writing for the schema: maps, lists, text, numbers, booleans, null; two-space indents. */
    static final class Json {
        private Json() {
        }

        static void write(Object value, StringBuilder out, String indent) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof String s) {
                string(s, out);
            } else if (value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else if (value instanceof Map<?, ?> map) {
                if (map.isEmpty()) {
                    out.append("{}");
                    return;
                }
                out.append("{\n");
                int i = 0;
                for (var e : map.entrySet()) {
                    out.append(indent).append("  ");
                    string(String.valueOf(e.getKey()), out);
                    out.append(": ");
                    write(e.getValue(), out, indent + "  ");
                    out.append(++i < map.size() ? ",\n" : "\n");
                }
                out.append(indent).append('}');
            } else if (value instanceof List<?> list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(", ");
                    }
                    write(list.get(i), out, indent);
                }
                out.append(']');
            } else {
                throw new IllegalArgumentException("no JSON form for " + value.getClass());
            }
        }

        private static void string(String s, StringBuilder out) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
