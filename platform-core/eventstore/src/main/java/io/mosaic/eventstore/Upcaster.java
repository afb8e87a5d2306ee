package io.mosaic.eventstore;

/**
 * Turns the payload of one event type from schema version {@link #fromVersion()} into version
 * {@code fromVersion() + 1} (events are versioned records, old versions are upcast on read: docs/journal.md).
 * Upcasters are pure functions of the plaintext payload; chain them (v1→v2, v2→v3) in {@link Upcasters}.
 */
public interface Upcaster {

    /** The event type, e.g. {@code custody.PositionChanged}. */
    String type();

    /** The version this upcaster reads; it produces {@code fromVersion() + 1}. */
    int fromVersion();

    /** The payload at {@code fromVersion() + 1}. */
    byte[] upcast(byte[] payload);
}
