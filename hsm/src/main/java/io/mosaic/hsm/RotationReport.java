package io.mosaic.hsm;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a rotation did.
 *
 * @param tenant    the tenant
 * @param from      the key version that was replaced as current (empty when there was none)
 * @param to        the new current version
 * @param rewrapped keys re-protected under {@code to} (tenant key rotation; 0 for a data key rotation)
 * @param skipped   keys changed concurrently (destroyed, retired, or already re-wrapped by another node)
 * @param took      wall-clock duration
 */
public record RotationReport(String tenant, Optional<KeyRef> from, KeyRef to, long rewrapped, long skipped,
                             Duration took) {
    public RotationReport {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(took, "took");
    }

    @Override
    public String toString() {
        return "rotation of " + tenant + ": " + from.map(KeyRef::toString).orElse("(none)") + " -> " + to + ", "
                + rewrapped + " keys re-wrapped, " + skipped + " skipped, in " + took.toMillis() + " ms";
    }
}
