package io.mosaic.plugin.custody;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Event and message {@code custody.StatementImported}.
 *
 * @param statementKey   account + statement id/number + date, e.g. {@code CH93…/42/1/2024-03-31}
 * @param entries        number of booked entries (cash statements) or of holdings (statements of holdings)
 * @param openingBalance JSON null for a statement of holdings
 * @param closingBalance JSON null for a statement of holdings
 * @param currency       the account's currency; for a statement of holdings, the currency of its first holding
 *                       ({@code XXX} when it has none)
 * @param fingerprint    SHA-256 of the statement's content; the same key with another fingerprint is refused
 */
public record StatementImported(String importId, String statementKey, String accountId, String ownerId,
                                String custodian, StatementFormat format, long entries, BigDecimal openingBalance,
                                BigDecimal closingBalance, String currency, String statementId,
                                LocalDate statementDate, String fileName, String fingerprint) implements LedgerEvent {
    public StatementImported {
        Objects.requireNonNull(importId, "importId");
        Objects.requireNonNull(statementKey, "statementKey");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(custodian, "custodian");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(statementId, "statementId");
        Objects.requireNonNull(statementDate, "statementDate");
        fileName = fileName == null ? "" : fileName;
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
