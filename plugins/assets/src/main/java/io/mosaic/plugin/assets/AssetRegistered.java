package io.mosaic.plugin.assets;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Event and message {@code assets.AssetRegistered}.
 *
 * @param linkedAssetId JSON null (or absent, in events written before it existed) unless the asset is a liability
 *                      secured on another asset; read it through {@link #linked()} in Java
 */
public record AssetRegistered(String assetId, String name, AssetClass assetClass, String owner, String currency,
                              String description, Instant registeredAt, String linkedAssetId) implements AssetEvent {
    public AssetRegistered {
        requireText(assetId, "assetId");
        requireText(name, "name");
        Objects.requireNonNull(assetClass, "assetClass");
        requireText(owner, "owner");
        if (!Money.isCurrencyCode(currency)) {
            throw new IllegalArgumentException("currency '" + currency + "' is not an ISO 4217 code");
        }
        description = description == null ? "" : description;
        Objects.requireNonNull(registeredAt, "registeredAt");
        linkedAssetId = linkedAssetId == null || linkedAssetId.isBlank() ? null : linkedAssetId;
    }

    /** A registration without a link. */
    public AssetRegistered(String assetId, String name, AssetClass assetClass, String owner, String currency,
                           String description, Instant registeredAt) {
        this(assetId, name, assetClass, owner, currency, description, registeredAt, null);
    }

    public Optional<String> linked() {
        return Optional.ofNullable(linkedAssetId);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
