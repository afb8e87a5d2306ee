package io.mosaic.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mosaic.sdk.OwnedBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a message body says about the entity it is about and that entity's owners, read through the owner declaration
 * of its type ({@link OwnedBy}, the manifest's {@code owners} section). The platform reads it; plugins do not decide.
 *
 * @param entity the entity the body names, if the declaration has an entity field
 * @param owners the owner ids the body names (empty when the owner is known only through the entity)
 */
record OwnerFields(Optional<String> entity, List<String> owners) {
    private static final ObjectMapper JSON = new ObjectMapper();

    OwnerFields {
        owners = List.copyOf(owners);
    }

    /**
     * Reads the declared fields of a body.
     *
     * @throws MalformedOwnerFields when a declared field is missing, blank or not a text
     */
    static OwnerFields read(String type, OwnedBy declaration, byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new MalformedOwnerFields(type + ": the body is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedOwnerFields(type + ": the body must be a JSON object");
        }
        Optional<String> entity = declaration.entityField().map(field -> text(type, node, field, "entity"));
        List<String> owners = new ArrayList<>();
        for (String field : declaration.ownerFields()) {
            String owner = text(type, node, field, "owner");
            if (!owners.contains(owner)) {
                owners.add(owner);
            }
        }
        return new OwnerFields(entity, owners);
    }

    private static String text(String type, JsonNode body, String field, String what) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new MalformedOwnerFields(type + ": field '" + field + "' must name the " + what + " (a non-empty text), found "
                    + (value == null ? "nothing" : value.toString()));
        }
        return value.asText().strip();
    }

    /** A body whose declared entity or owner fields are missing or malformed. */
    static final class MalformedOwnerFields extends PlatformException {
        MalformedOwnerFields(String message) {
            super(message);
        }
    }
}
