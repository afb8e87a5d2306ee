package io.mosaic.sdk;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which fields of a message's body name the business entity it is about and the owners (parties of the structure)
 * that entity belongs to. Declared per message type in the manifest's {@code owners} section; the platform reads
 * these fields to bind a command's entity to its body and to decide who may see or change it. A plugin declares only
 * field names; it never decides who may see what.
 *
 * @param entityField the body field holding the entity id (an asset, an account, an ownership edge), if any
 * @param ownerFields the body fields holding owner ids; empty when the owner is known only through the entity
 */
public record OwnedBy(Optional<String> entityField, List<String> ownerFields) {
    /** A JSON field name as the records write it. */
    public static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public OwnedBy {
        Objects.requireNonNull(entityField, "entityField");
        ownerFields = List.copyOf(ownerFields);
        entityField.ifPresent(f -> requireField("entity", f));
        ownerFields.forEach(f -> requireField("owners", f));
        if (entityField.isEmpty() && ownerFields.isEmpty()) {
            throw new IllegalArgumentException("owners: name the entity field, the owner fields, or both");
        }
    }

    private static void requireField(String what, String field) {
        if (field == null || !FIELD.matcher(field).matches()) {
            throw new IllegalArgumentException(what + ": '" + field + "' is not a field name (letters, digits, '_')");
        }
    }
}
