package io.mosaic.plugin.custody;

import java.util.Objects;

/** Event {@code custody.AccountOpened} (stored only): the first statement of an account for this owner. */
public record AccountOpened(String accountId, String ownerId, String custodian, AccountKind kind, String currency)
        implements LedgerEvent {
    public AccountOpened {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(custodian, "custodian");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(currency, "currency");
    }
}
