package io.mosaic.plugin.custody;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One statement of a file, read and checked: a cash statement (balances and entries) or a statement of holdings.
 *
 * @param statementId    the statement's id or number in the file (camt {@code Stmt/Id}, MT940 {@code :28C:},
 *                       MT535 page of {@code :28E:}, CSV {@code statement_id})
 * @param date           the statement date (closing balance date; MT535 {@code :98a::STAT})
 * @param openingBalance JSON null for a statement of holdings
 * @param closingBalance JSON null for a statement of holdings
 * @param fingerprint    SHA-256 of the statement's content: the same key with another fingerprint is a conflict
 */
public record ParsedStatement(StatementFormat format, String statementId, String accountId, LocalDate date,
                              String currency, BigDecimal openingBalance, BigDecimal closingBalance,
                              List<StatementEntry> entries, List<StatementHolding> holdings, String fingerprint) {
    public ParsedStatement {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(statementId, "statementId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(currency, "currency");
        entries = List.copyOf(entries);
        holdings = List.copyOf(holdings);
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** Account + statement id/number + date: what makes importing a statement again a no-op. */
    public String key() {
        return accountId + "/" + statementId + "/" + date;
    }

    public boolean holdingsStatement() {
        return format == StatementFormat.MT535;
    }

    public Optional<BigDecimal> opening() {
        return Optional.ofNullable(openingBalance);
    }

    public Optional<BigDecimal> closing() {
        return Optional.ofNullable(closingBalance);
    }

    public long bookedEntries() {
        return entries.stream().filter(StatementEntry::booked).count();
    }
}
