package io.mosaic.plugin.assets;

import java.util.Objects;

/** Message {@code assets.RegisterAsset}: register a non-bankable asset. */
public record RegisterAsset(String assetId, String name, AssetClass assetClass, String owner, String currency,
                            String description) implements AssetCommand {
    public RegisterAsset {
        Objects.requireNonNull(assetId, "assetId");
        name = name == null ? "" : name.strip();
        owner = owner == null ? "" : owner.strip();
        currency = currency == null ? "" : currency.strip();
        description = description == null ? "" : description.strip();
    }
}
