package io.mosaic.plugin.assets;

import io.mosaic.sdk.Omittable;

import java.util.Objects;

/**
 * Message {@code assets.RegisterAsset}: register a non-bankable asset or a liability.
 *
 * @param linkedAssetId optional (JSON null or absent): the asset a liability is secured on, e.g. the property of a
 *                      mortgage. Only liabilities link, and only to a registered asset that is not a liability.
 */
public record RegisterAsset(String assetId, String name, AssetClass assetClass, String owner, String currency,
                            @Omittable String description, @Omittable String linkedAssetId) implements AssetCommand {
    public RegisterAsset {
        Objects.requireNonNull(assetId, "assetId");
        name = name == null ? "" : name.strip();
        owner = owner == null ? "" : owner.strip();
        currency = currency == null ? "" : currency.strip();
        description = description == null ? "" : description.strip();
        linkedAssetId = linkedAssetId == null || linkedAssetId.isBlank() ? null : linkedAssetId.strip();
    }

    /** An asset without a link (the form of version 1 of this message). */
    public RegisterAsset(String assetId, String name, AssetClass assetClass, String owner, String currency,
                         String description) {
        this(assetId, name, assetClass, owner, currency, description, null);
    }
}
