package io.mosaic.plugin.assets;

/** Kinds of non-bankable assets. */
public enum AssetClass {
    REAL_ESTATE, ART, CLASSIC_CAR, COLLECTIBLE, PRIVATE_EQUITY, OTHER
}
