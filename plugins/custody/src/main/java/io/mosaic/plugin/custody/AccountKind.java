package io.mosaic.plugin.custody;

/** A cash account (statements of balances and entries) or a custody account (statements of holdings). */
public enum AccountKind {
    CASH, CUSTODY
}
