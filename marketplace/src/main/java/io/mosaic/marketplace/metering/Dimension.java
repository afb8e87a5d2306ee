package io.mosaic.marketplace.metering;

/** What makes a client's structure complex; each is counted as distinct items ({@link ComplexityFact#item}). */
public enum Dimension {
    /** Companies, trusts, foundations, partnerships the client owns or controls (structures domain). */
    LEGAL_ENTITY,
    /** Ownership edges between persons and entities (structures domain). */
    OWNERSHIP_EDGE,
    /** Banks the client has a relationship with (custody domain). */
    BANK_RELATIONSHIP,
    /** Custody and cash accounts (custody domain). */
    ACCOUNT,
    /** Real estate, art, private equity, loans... (assets domain). */
    NON_BANKABLE_ASSET,
    /** Distinct currencies of accounts, positions and assets. */
    CURRENCY,
    /** Distinct jurisdictions of entities, accounts and assets. */
    JURISDICTION
}
