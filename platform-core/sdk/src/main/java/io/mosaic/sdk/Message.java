package io.mosaic.sdk;

import java.util.Objects;
import java.util.Optional;

/**
 * A message a plugin asks the platform to publish. The platform signs it with the plugin's key and encrypts the
 * body under the entity's key when an entity is named.
 */
public final class Message {
    private final String type;
    private final Object body;
    private final String entity;
    private final Envelope cause;

    private Message(String type, Object body, String entity, Envelope cause) {
        this.type = Objects.requireNonNull(type, "type");
        this.body = Objects.requireNonNull(body, "body");
        this.entity = entity;
        this.cause = cause;
    }

    public static Message of(String type, Object body) {
        return new Message(type, body, null, null);
    }

    /** Encrypts the body under this entity's data key. */
    public Message entity(String entityId) {
        return new Message(type, body, Objects.requireNonNull(entityId, "entityId"), cause);
    }

    /** Links the message to the one that caused it (correlation and causation ids). */
    public Message causedBy(Envelope envelope) {
        return new Message(type, body, entity, Objects.requireNonNull(envelope, "envelope"));
    }

    public String type() {
        return type;
    }

    public Object body() {
        return body;
    }

    public Optional<String> entity() {
        return Optional.ofNullable(entity);
    }

    public Optional<Envelope> cause() {
        return Optional.ofNullable(cause);
    }
}
