package io.mosaic.plugin.consolidation;

import java.util.Objects;

/** Stored in {@code consolidation-index/all}: a fact stream, to find it again at start. */
public record StreamListed(String type, String id) {
    public StreamListed {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }
}
