package io.mosaic.plugin.custody;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Event and message {@code custody.ReconciliationDifference}: positions and transactions disagree. Reported, never
 * hidden or corrected: a statement's opening balance differs from the previous statement's closing balance
 * (entries are missing between them), or a holding's value differs from its quantity × price.
 *
 * @param expected what the other statements (or quantity × price) say
 * @param actual   what this statement says
 */
public record ReconciliationDifference(String accountId, String statementKey, BigDecimal expected, BigDecimal actual,
                                       String currency, String detail, String ownerId) implements LedgerEvent {
    public ReconciliationDifference {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(statementKey, "statementKey");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(ownerId, "ownerId");
    }
}
