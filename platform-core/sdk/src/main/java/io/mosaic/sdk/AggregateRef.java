package io.mosaic.sdk;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One aggregate of a plugin, e.g. {@code asset / 5f1c…}. The id is also the business entity whose data key
 * encrypts the aggregate's events.
 */
public record AggregateRef(String type, String id) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    public AggregateRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (!NAME.matcher(type).matches()) {
            throw new IllegalArgumentException("aggregate type '" + type + "' must be 1-128 letters, digits, '_', '.', ':' or '-'");
        }
        if (!NAME.matcher(id).matches()) {
            throw new IllegalArgumentException("aggregate id '" + id + "' must be 1-128 letters, digits, '_', '.', ':' or '-'");
        }
    }

    /** The journal's persistence id. */
    public String persistenceId() {
        return type + "|" + id;
    }
}
