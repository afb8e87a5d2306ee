package io.mosaic.runtime.host;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;
import io.mosaic.sdk.ScopeRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a plugin's {@code mosaic-plugin.yaml} from the root of its jar into a {@link PluginManifest}, and other text
 * files (such as {@code policy.yaml}) from the same jar.
 * <p>
 * The manifest is checked strictly: required fields, no unknown fields, the right shape for each field, and the SDK's
 * own rules for ids, versions, message types and scopes. All problems found are reported together in one
 * {@link ManifestException}, each naming the jar, the manifest file, the line, the field and what is wrong.
 * <p>
 * Jars are opened with {@link ZipFile} and closed before returning (never through {@code jar:} URLs, whose cache keeps
 * files open; compare pf4j #334).
 */
public final class ManifestReader {

    /** The manifest's name at the root of a plugin jar. */
    public static final String MANIFEST_FILE = "mosaic-plugin.yaml";

    static final int MAX_FILE_BYTES = 1 << 20;

    private static final List<String> REQUIRED = List.of("id", "version", "publisher", "kind", "domain", "entry-class");
    private static final Set<String> OPTIONAL = Set.of("consumes", "publishes", "scopes", "config", "owners", "app-scopes", "schemas");
    private static final Set<String> OWNER_FIELDS = Set.of("entity", "owners");
    private static final Set<String> SCOPE_FIELDS = Set.of("scope", "reason");
    private static final Pattern DOMAIN = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern CLASS_NAME =
            Pattern.compile("([\\p{L}_$][\\p{L}\\p{N}_$]*\\.)*[\\p{L}_$][\\p{L}\\p{N}_$]*");

    private final YAMLFactory yaml = YAMLFactory.builder().build();

    /** Reads and checks the manifest of a plugin jar. */
    public PluginManifest read(Path jar) {
        String source = jar.getFileName() + "!/" + MANIFEST_FILE;
        Optional<String> text;
        try {
            text = readEntry(jar, MANIFEST_FILE);
        } catch (IOException e) {
            throw new ManifestException(unreadable(jar, e), e);
        }
        return parse(source, text.orElseThrow(() -> new ManifestException(List.of(
                jar.getFileName() + ": no " + MANIFEST_FILE + " at the root of the jar (every plugin jar needs one)"))));
    }

    /**
     * Parses manifest text. {@code source} names where the text comes from in messages, for example
     * {@code valuation-alerts-1.0.jar!/mosaic-plugin.yaml}.
     */
    public PluginManifest parse(String source, String text) {
        Problems problems = new Problems(source);
        Node root;
        try (JsonParser parser = yaml.createParser(text)) {
            root = readDocument(parser, problems);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ManifestException(List.of(problems.at(line) + ": not valid YAML: " + yamlProblem(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ManifestException(source + ": cannot be read: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new ManifestException(List.of(source + ": the manifest is empty"));
        }
        if (!(root instanceof Mapping document)) {
            throw new ManifestException(List.of(problems.at(root.line())
                    + ": the manifest must be a mapping of fields (id, version, publisher, ...), found " + root.describe()));
        }
        PluginManifest manifest = toManifest(document, problems);
        problems.throwIfAny();
        return manifest;
    }

    /**
     * A UTF-8 text file from a jar, for example {@code policy.yaml}; empty when the jar has no such file.
     *
     * @throws PluginHostException when the jar cannot be read, the file is larger than 1 MiB or is not UTF-8
     */
    public Optional<String> readResource(Path jar, String name) {
        try {
            return readEntry(jar, name);
        } catch (IOException e) {
            throw new PluginHostException(unreadable(jar, e), e);
        }
    }

    /** The main attributes of the jar's {@code META-INF/MANIFEST.MF}; empty attributes when it has none. */
    static Attributes jarAttributes(Path jar) {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            return manifest == null ? new Attributes() : manifest.getMainAttributes();
        } catch (IOException e) {
            throw new PluginHostException(unreadable(jar, e), e);
        }
    }

    private static Optional<String> readEntry(Path jar, String name) throws IOException {
        String entryName = name.startsWith("/") ? name.substring(1) : name;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null || entry.isDirectory()) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(entry)) {
                byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
                if (bytes.length > MAX_FILE_BYTES) {
                    throw new IOException(entryName + " is larger than " + MAX_FILE_BYTES + " bytes");
                }
                try {
                    return Optional.of(StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(bytes)).toString());
                } catch (CharacterCodingException e) {
                    throw new IOException(entryName + " is not UTF-8 text", e);
                }
            }
        }
    }

    private static String unreadable(Path jar, IOException e) {
        if (e instanceof NoSuchFileException) {
            return jar.getFileName() + ": no such file (" + jar + ")";
        }
        return jar.getFileName() + ": not a readable jar: " + e.getMessage();
    }

    // ---- from the YAML tree to the manifest ----

    private PluginManifest toManifest(Mapping document, Problems problems) {
        for (Field field : document.fields().values()) {
            if (!REQUIRED.contains(field.name()) && !OPTIONAL.contains(field.name())) {
                problems.add(field.line(), field.name(), "unknown field (known fields: "
                        + String.join(", ", REQUIRED) + ", " + String.join(", ", OPTIONAL.stream().sorted().toList()) + ")");
            }
        }
        for (String name : REQUIRED) {
            if (!document.fields().containsKey(name)) {
                problems.add(0, name, "missing (a required field)");
            }
        }

        Optional<String> id = text(document, "id", problems);
        id.ifPresent(value -> sdkCheck(problems, document.line("id"), "id", () -> new PluginId(value, "0")));
        Optional<String> version = text(document, "version", problems);
        version.ifPresent(value -> sdkCheck(problems, document.line("version"), "version", () -> new PluginId("x", value)));
        Optional<String> publisher = text(document, "publisher", problems);
        Optional<PluginKind> kind = text(document, "kind", problems).flatMap(value -> kind(value, document.line("kind"), problems));
        Optional<String> domain = text(document, "domain", problems).filter(value -> {
            boolean valid = DOMAIN.matcher(value).matches();
            if (!valid) {
                problems.add(document.line("domain"), "domain", "'" + value
                        + "' is not a domain name (lower-case letters, digits and '-', starting with a letter)");
            }
            return valid;
        });
        Optional<String> entryClass = text(document, "entry-class", problems).filter(value -> {
            boolean valid = CLASS_NAME.matcher(value).matches();
            if (!valid) {
                problems.add(document.line("entry-class"), "entry-class", "'" + value + "' is not a Java class name");
            }
            return valid;
        });
        List<String> consumes = messageTypes(document, "consumes", problems);
        List<String> publishes = messageTypes(document, "publishes", problems);
        List<ScopeRequest> scopes = scopes(document, problems);
        Map<String, String> config = config(document, problems);
        Map<String, io.mosaic.sdk.OwnedBy> owners = owners(document, problems);
        Map<String, String> appScopes = textMap(document, "app-scopes", problems);
        String schemas = document.fields().containsKey("schemas") ? text(document, "schemas", problems).orElse("") : "";

        if (problems.any()) {
            return null;
        }
        try {
            return new PluginManifest(new PluginId(id.orElseThrow(), version.orElseThrow()), publisher.orElseThrow(),
                    kind.orElseThrow(), domain.orElseThrow(), entryClass.orElseThrow(), consumes, publishes, scopes, config, owners, appScopes,
                    schemas);
        } catch (IllegalArgumentException | NullPointerException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(": ");
            String field = colon > 0 ? yamlName(message.substring(0, colon)) : "";
            if (document.fields().containsKey(field)) {
                problems.add(document.line(field), field, message.substring(colon + 2));
            } else {
                problems.add(0, "?", message);
            }
            return null;
        }
    }

    private static String yamlName(String component) {
        return component.equals("entryClass") ? "entry-class" : component;
    }

    private static void sdkCheck(Problems problems, int line, String field, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            problems.add(line, field, e.getMessage());
        }
    }

    private static Optional<String> text(Mapping document, String name, Problems problems) {
        Field field = document.fields().get(name);
        if (field == null) {
            return Optional.empty();
        }
        if (field.value() instanceof Scalar scalar) {
            if (scalar.text().isBlank()) {
                problems.add(field.line(), name, "is empty");
                return Optional.empty();
            }
            return Optional.of(scalar.text().strip());
        }
        problems.add(field.line(), name, "expected a text value, found " + field.value().describe());
        return Optional.empty();
    }

    private static Optional<PluginKind> kind(String value, int line, Problems problems) {
        return switch (value) {
            case "domain" -> Optional.of(PluginKind.DOMAIN);
            case "app" -> Optional.of(PluginKind.APP);
            default -> {
                problems.add(line, "kind", "'" + value + "' is not one of domain, app");
                yield Optional.empty();
            }
        };
    }

    private static List<String> messageTypes(Mapping document, String name, Problems problems) {
        List<String> types = new ArrayList<>();
        for (Node item : sequence(document, name, problems)) {
            if (item instanceof Scalar scalar) {
                if (PluginManifest.MESSAGE_TYPE.matcher(scalar.text()).matches()) {
                    types.add(scalar.text());
                } else {
                    problems.add(item.line(), name, "'" + scalar.text()
                            + "' is not a message type (expected domain.TypeName, e.g. assets.ValuationRecorded)");
                }
            } else {
                problems.add(item.line(), name, "expected a message type, found " + item.describe());
            }
        }
        return types;
    }

    private static List<ScopeRequest> scopes(Mapping document, Problems problems) {
        List<ScopeRequest> scopes = new ArrayList<>();
        List<Node> items = sequence(document, "scopes", problems);
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String field = "scopes[" + i + "]";
            if (!(item instanceof Mapping request)) {
                problems.add(item.line(), field, "expected a mapping with 'scope' and 'reason', found " + item.describe());
                continue;
            }
            for (Field unknown : request.fields().values()) {
                if (!SCOPE_FIELDS.contains(unknown.name())) {
                    problems.add(unknown.line(), field + "." + unknown.name(), "unknown field (a scope has 'scope' and 'reason')");
                }
            }
            Optional<String> scope = scopeText(request, "scope", field, problems);
            Optional<String> reason = scopeText(request, "reason", field, problems);
            if (scope.isPresent() && reason.isPresent()) {
                try {
                    scopes.add(new ScopeRequest(scope.get(), reason.get()));
                } catch (IllegalArgumentException e) {
                    problems.add(item.line(), field, e.getMessage());
                }
            }
        }
        return scopes;
    }

    private static Optional<String> scopeText(Mapping request, String name, String field, Problems problems) {
        Field value = request.fields().get(name);
        if (value == null) {
            problems.add(request.line(), field + "." + name, "missing (every scope needs a "
                    + (name.equals("reason") ? "reason shown to the tenant administrator" : "name") + ")");
            return Optional.empty();
        }
        if (value.value() instanceof Scalar scalar && !scalar.text().isBlank()) {
            return Optional.of(scalar.text().strip());
        }
        problems.add(value.line(), field + "." + name, "expected a non-blank text, found " + value.value().describe());
        return Optional.empty();
    }

    /**
     * {@code owners}: per message type, the body fields naming its entity and its owners, e.g.
     * {@code assets.RegisterAsset: {entity: assetId, owners: [owner]}}.
     */
    private static Map<String, io.mosaic.sdk.OwnedBy> owners(Mapping document, Problems problems) {
        Field field = document.fields().get("owners");
        Map<String, io.mosaic.sdk.OwnedBy> owners = new LinkedHashMap<>();
        if (field == null || field.value() instanceof Null) {
            return owners;
        }
        if (!(field.value() instanceof Mapping entries)) {
            problems.add(field.line(), "owners", "expected a mapping of message types to {entity, owners}, found "
                    + field.value().describe());
            return owners;
        }
        for (Field entry : entries.fields().values()) {
            String name = "owners." + entry.name();
            if (!(entry.value() instanceof Mapping declaration)) {
                problems.add(entry.line(), name, "expected a mapping with 'entity' and/or 'owners', found "
                        + entry.value().describe());
                continue;
            }
            Optional<String> entity = Optional.empty();
            List<String> ownerFields = new ArrayList<>();
            for (Field f : declaration.fields().values()) {
                if (!OWNER_FIELDS.contains(f.name())) {
                    problems.add(f.line(), name + "." + f.name(), "unknown field (a declaration has 'entity' and 'owners')");
                } else if (f.name().equals("entity") && f.value() instanceof Scalar scalar) {
                    entity = Optional.of(scalar.text().strip());
                } else if (f.name().equals("owners") && f.value() instanceof Sequence list) {
                    for (Node item : list.items()) {
                        if (item instanceof Scalar scalar) {
                            ownerFields.add(scalar.text().strip());
                        } else {
                            problems.add(item.line(), name + ".owners", "expected a field name, found " + item.describe());
                        }
                    }
                } else {
                    problems.add(f.line(), name + "." + f.name(), "expected " + (f.name().equals("entity")
                            ? "a field name" : "a list of field names") + ", found " + f.value().describe());
                }
            }
            try {
                owners.put(entry.name(), new io.mosaic.sdk.OwnedBy(entity, ownerFields));
            } catch (IllegalArgumentException e) {
                problems.add(entry.line(), name, e.getMessage());
            }
        }
        return owners;
    }

    private static Map<String, String> config(Mapping document, Problems problems) {
        return textMap(document, "config", problems);
    }

    /** A mapping of names to text values ({@code config}, {@code app-scopes}). */
    private static Map<String, String> textMap(Mapping document, String name, Problems problems) {
        Field field = document.fields().get(name);
        Map<String, String> config = new LinkedHashMap<>();
        if (field == null || field.value() instanceof Null) {
            return config;
        }
        if (!(field.value() instanceof Mapping entries)) {
            problems.add(field.line(), name, "expected a mapping of keys to values, found " + field.value().describe());
            return config;
        }
        for (Field entry : entries.fields().values()) {
            if (entry.value() instanceof Scalar scalar) {
                config.put(entry.name(), scalar.text());
            } else {
                problems.add(entry.line(), name + "." + entry.name(), "expected a text value, found " + entry.value().describe());
            }
        }
        return config;
    }

    private static List<Node> sequence(Mapping document, String name, Problems problems) {
        Field field = document.fields().get(name);
        if (field == null || field.value() instanceof Null) {
            return List.of();
        }
        if (field.value() instanceof Sequence sequence) {
            return sequence.items();
        }
        problems.add(field.line(), name, "expected a list, found " + field.value().describe());
        return List.of();
    }

    // ---- a YAML tree that remembers lines ----

    private static Node readDocument(JsonParser parser, Problems problems) throws IOException {
        JsonToken token = parser.nextToken();
        return token == null ? null : readNode(parser, problems);
    }

    private static Node readNode(JsonParser parser, Problems problems) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Field> fields = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    int fieldLine = parser.currentTokenLocation().getLineNr();
                    parser.nextToken();
                    Node value = readNode(parser, problems);
                    Field previous = fields.putIfAbsent(name, new Field(name, fieldLine, value));
                    if (previous != null) {
                        problems.add(fieldLine, name, "appears twice (first at line " + previous.line() + ")");
                    }
                }
                return new Mapping(fields, line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readNode(parser, problems));
                }
                return new Sequence(items, line);
            }
            case VALUE_NULL -> {
                return new Null(line);
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(parser.getText(), line);
            }
            default -> throw new JsonProcessingException("unexpected " + token, parser.currentTokenLocation()) {
            };
        }
    }

    /** SnakeYAML's message without its source excerpts: "while parsing a flow sequence, expected ',' or ']', but got :". */
    private static String yamlProblem(String message) {
        return String.join(", ", String.valueOf(message).lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .map(String::strip)
                .toList());
    }

    private sealed interface Node permits Scalar, Null, Sequence, Mapping {
        int line();

        String describe();
    }

    private record Scalar(String text, int line) implements Node {
        @Override
        public String describe() {
            return "'" + text + "'";
        }
    }

    private record Null(int line) implements Node {
        @Override
        public String describe() {
            return "nothing";
        }
    }

    private record Sequence(List<Node> items, int line) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }

    private record Mapping(Map<String, Field> fields, int line) implements Node {
        @Override
        public String describe() {
            return "a mapping";
        }

        int line(String field) {
            Field value = fields.get(field);
            return value == null ? 0 : value.line();
        }
    }

    private record Field(String name, int line, Node value) {
    }

    /** Problems found so far, formatted as {@code <source> line <n>: field '<name>': <what is wrong>}. */
    private static final class Problems {
        private final String source;
        private final List<String> found = new ArrayList<>();

        Problems(String source) {
            this.source = source;
        }

        String at(int line) {
            return line > 0 ? source + " line " + line : source;
        }

        void add(int line, String field, String what) {
            found.add(at(line) + ": field '" + field + "': " + what);
        }

        boolean any() {
            return !found.isEmpty();
        }

        void throwIfAny() {
            if (any()) {
                throw new ManifestException(found);
            }
        }
    }
}
