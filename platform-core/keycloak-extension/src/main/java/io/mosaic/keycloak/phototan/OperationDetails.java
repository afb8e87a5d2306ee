package io.mosaic.keycloak.phototan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.regex.Pattern;

/**
 * What a photoTAN confirms: an operation and its fields, in a fixed order. The device shows exactly these lines, and
 * the TAN is an HMAC over their {@link #canonical() canonical text}, so a TAN for one operation (or for changed
 * fields) never confirms another.
 *
 * @param operation e.g. {@code login}, {@code marketplace.install}, {@code advisor.grant}, {@code keys.destroy}
 * @param fields    ordered name/value pairs shown to the user; names {@code [a-z][a-z0-9.-]*}, values one line
 */
public record OperationDetails(String operation, SequencedMap<String, String> fields) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9.-]{0,63}");
    private static final int MAX_VALUE = 200;

    public OperationDetails {
        Objects.requireNonNull(fields, "fields");
        if (operation == null || !NAME.matcher(operation).matches()) {
            throw new IllegalArgumentException("operation '" + operation + "' is not [a-z][a-z0-9.-]*");
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!NAME.matcher(field.getKey()).matches()) {
                throw new IllegalArgumentException("field name '" + field.getKey() + "' is not [a-z][a-z0-9.-]*");
            }
            String value = Objects.requireNonNull(field.getValue(), "value of " + field.getKey());
            if (value.length() > MAX_VALUE || value.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("field " + field.getKey() + ": value must be one line of at most "
                        + MAX_VALUE + " characters");
            }
            copy.put(field.getKey(), value);
        }
        fields = java.util.Collections.unmodifiableSequencedMap(copy);
    }

    /** Details of an operation with fields given as name, value, name, value, … */
    public static OperationDetails of(String operation, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields of " + operation + " must come in name/value pairs");
        }
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (fields.put(namesAndValues[i], namesAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("field " + namesAndValues[i] + " of " + operation + " is given twice");
            }
        }
        return new OperationDetails(operation, fields);
    }

    /** A login to a tenant's realm. */
    public static OperationDetails login(String realm, String username) {
        return of("login", "tenant", realm, "user", username);
    }

    /** Installing a marketplace app with the scopes shown to the tenant administrator. */
    public static OperationDetails installApp(String tenant, String appId, String version, List<String> scopes) {
        return of("marketplace.install", "tenant", tenant, "app", appId, "version", version,
                "scopes", String.join(", ", scopes.stream().sorted().toList()));
    }

    /**
     * Installing a marketplace app with the scopes shown to the tenant administrator and where it runs: {@code true}
     * in a process of its own (the default), {@code false} inside the tenant's runtime (trusted code).
     */
    public static OperationDetails installApp(String tenant, String appId, String version, List<String> scopes,
                                              boolean ownProcess) {
        return of("marketplace.install", "tenant", tenant, "app", appId, "version", version,
                "scopes", String.join(", ", scopes.stream().sorted().toList()),
                "runs", ownProcess ? "in a process of its own" : "inside the bank's runtime");
    }

    /** Granting an advisor access to a client's data. */
    public static OperationDetails grantAdvisorAccess(String tenant, String advisor, String client, String access) {
        return of("advisor.grant", "tenant", tenant, "advisor", advisor, "client", client, "access", access);
    }

    /** Destroying an entity's keys (crypto-shredding: irreversible). */
    public static OperationDetails destroyKeys(String tenant, String entity) {
        return of("keys.destroy", "tenant", tenant, "entity", entity, "irreversible", "yes");
    }

    /** One line per field, after a first line naming the operation: what the HMAC covers and the device shows. */
    public String canonical() {
        StringBuilder text = new StringBuilder("operation=").append(operation).append('\n');
        fields.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return text.toString();
    }

    byte[] canonicalBytes() {
        return canonical().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses {@link #canonical()}. */
    public static OperationDetails parse(String canonical) {
        List<String> lines = new ArrayList<>(canonical.lines().toList());
        if (lines.isEmpty() || !lines.getFirst().startsWith("operation=")) {
            throw new PhotoTanException("operation details do not start with operation=");
        }
        String operation = lines.removeFirst().substring("operation=".length());
        LinkedHashMap<String, String> fields = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw new PhotoTanException("operation details line '" + line + "' is not name=value");
            }
            fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
        try {
            return new OperationDetails(operation, fields);
        } catch (IllegalArgumentException invalid) {
            throw new PhotoTanException("operation details are invalid: " + invalid.getMessage(), invalid);
        }
    }

    /** What a device displays: {@code operation} then {@code name: value} lines. */
    public List<String> displayLines() {
        List<String> lines = new ArrayList<>();
        lines.add("Confirm: " + operation);
        fields.forEach((name, value) -> lines.add("  " + name + ": " + value));
        return lines;
    }
}
