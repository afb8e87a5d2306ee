package io.mosaic.plugin.assets;

import java.time.Instant;
import java.util.Objects;

/** Event and message {@code assets.AssetRegistered}. */
public record AssetRegistered(String assetId, String name, AssetClass assetClass, String owner, String currency,
                              String description, Instant registeredAt) implements AssetEvent {
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
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}
