package io.mosaic.plugin.assets;

import java.util.Objects;

/** Event {@code assets.AssetListed} of the {@code asset-index/all} aggregate (stored only, not published). */
public record AssetListed(String assetId) {
    public AssetListed {
        Objects.requireNonNull(assetId, "assetId");
    }
}
