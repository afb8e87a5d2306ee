package io.mosaic.plugin.assets;

/**
 * Kinds of non-bankable assets, and of liabilities. A liability's valuations are its outstanding balance, a
 * non-negative amount: consolidation counts it as a negative value of the owner.
 */
public enum AssetClass {
    REAL_ESTATE, ART, CLASSIC_CAR, COLLECTIBLE, PRIVATE_EQUITY, OTHER,
    /** A loan the owner owes (a Lombard loan, a private loan). */
    LOAN,
    /** A loan secured by real estate; usually linked to the property ({@code linkedAssetId}). */
    MORTGAGE;

    /** True for classes whose value is owed, not owned. */
    public boolean liability() {
        return this == LOAN || this == MORTGAGE;
    }
}
