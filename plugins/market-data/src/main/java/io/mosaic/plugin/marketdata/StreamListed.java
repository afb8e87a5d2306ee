package io.mosaic.plugin.marketdata;

import java.util.Objects;

/** Stored in {@code market-data-index/all}: a stream of this domain, to find it again at start. */
public record StreamListed(String type, String id) {
    public StreamListed {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }
}
