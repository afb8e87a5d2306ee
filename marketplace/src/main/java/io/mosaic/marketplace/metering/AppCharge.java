package io.mosaic.marketplace.metering;

import java.util.Objects;

/** An app installed in the tenant during the month, at its declared price per unit of complexity. */
public record AppCharge(String app, String version, Money pricePerUnit) {
    public AppCharge {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(pricePerUnit, "pricePerUnit");
    }
}
