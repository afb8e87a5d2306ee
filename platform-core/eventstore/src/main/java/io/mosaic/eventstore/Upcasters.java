package io.mosaic.eventstore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chain of {@link Upcaster}s per event type. {@link #upcast} applies every step from the event's version to the
 * newest one known. For encrypted events (a non-empty key reference) call it after decrypting; for plaintext
 * events {@link UpcastingJournal} does it on read.
 */
public final class Upcasters {
    private final Map<String, Map<Integer, Upcaster>> byType = new HashMap<>();

    public Upcasters(List<Upcaster> upcasters) {
        for (Upcaster upcaster : upcasters) {
            Objects.requireNonNull(upcaster, "upcaster");
            if (upcaster.fromVersion() < 1) {
                throw new IllegalArgumentException("upcaster of " + upcaster.type() + " reads version "
                        + upcaster.fromVersion() + "; versions start at 1");
            }
            Upcaster previous = byType.computeIfAbsent(upcaster.type(), t -> new HashMap<>())
                    .putIfAbsent(upcaster.fromVersion(), upcaster);
            if (previous != null) {
                throw new IllegalArgumentException("two upcasters of " + upcaster.type() + " read version "
                        + upcaster.fromVersion());
            }
        }
    }

    public static Upcasters none() {
        return new Upcasters(List.of());
    }

    /** A payload at a version. */
    public record Versioned(int schemaVersion, byte[] payload) {
    }

    /** The payload brought to the newest version the chain reaches from {@code schemaVersion}. */
    public Versioned upcast(String type, int schemaVersion, byte[] payload) {
        Map<Integer, Upcaster> steps = byType.getOrDefault(type, Map.of());
        int version = schemaVersion;
        byte[] current = payload;
        Upcaster step;
        while ((step = steps.get(version)) != null) {
            current = Objects.requireNonNull(step.upcast(current), "upcaster of " + type + " v" + version
                    + " returned null");
            version++;
        }
        return new Versioned(version, current);
    }
}
