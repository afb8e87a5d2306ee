package io.mosaic.plugin.valuationalerts;

import java.util.Objects;

/** Event of the app's {@code watch-index/all} aggregate: the app started watching this asset. */
public record AssetWatched(String assetId) {
    public AssetWatched {
        Objects.requireNonNull(assetId, "assetId");
    }
}
