package io.mosaic.plugin.custody;

import java.util.Objects;

/** Event {@code custody.AccountListed} of the {@code custody-index/accounts} aggregate: which owner an account has. */
public record AccountListed(String accountId, String ownerId) {
    public AccountListed {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerId, "ownerId");
    }
}
