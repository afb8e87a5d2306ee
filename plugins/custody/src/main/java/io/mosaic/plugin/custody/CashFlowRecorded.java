package io.mosaic.plugin.custody;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Event and message {@code custody.CashFlowRecorded}: one booked cash entry that is a flow (trades are not).
 *
 * @param flowId   {@code <statementKey>#<entry number>}
 * @param amount   signed: positive flows into the account
 * @param date     booking date
 * @param external true for deposits and withdrawals (they split performance periods), false for income and fees
 * @param kind     TRANSFER, INCOME or FEE
 */
public record CashFlowRecorded(String flowId, String accountId, String ownerId, BigDecimal amount, String currency,
                               LocalDate date, boolean external, EntryKind kind, String statementKey)
        implements LedgerEvent {
    public CashFlowRecorded {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(kind, "kind");
        statementKey = statementKey == null ? "" : statementKey;
    }
}
