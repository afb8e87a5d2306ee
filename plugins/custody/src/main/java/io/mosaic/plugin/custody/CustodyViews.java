package io.mosaic.plugin.custody;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** Answers of the custody queries: plain records, serialised to JSON by the platform. */
public final class CustodyViews {
    private CustodyViews() {
    }

    /**
     * One element of {@code accounts?owner=…}.
     *
     * @param balance        cash accounts: the closing balance of the latest statement; custody accounts: the sum
     *                       of the holdings' values when they are all in {@code currency}; JSON null otherwise
     * @param lastStatement  date of the latest statement
     */
    public record Account(String accountId, String ownerId, String custodian, AccountKind kind, String currency,
                          BigDecimal balance, LocalDate lastStatement, int statements) {
        public Account {
            Objects.requireNonNull(accountId, "accountId");
        }

        static Account of(AccountOpened opened, LedgerState state) {
            List<StatementImported> statements = state.statements(opened.accountId());
            LocalDate last = statements.isEmpty() ? null : statements.getLast().statementDate();
            BigDecimal balance;
            if (opened.kind() == AccountKind.CASH) {
                balance = state.holding(opened.accountId() + ":CASH-" + opened.currency())
                        .map(HoldingValued::marketValue).orElse(null);
            } else {
                List<HoldingValued> held = state.holdings().stream()
                        .filter(h -> h.accountId().equals(opened.accountId())).toList();
                balance = held.stream().allMatch(h -> h.currency().equals(opened.currency()))
                        ? held.stream().map(HoldingValued::marketValue).reduce(BigDecimal.ZERO, BigDecimal::add)
                        : null;
            }
            return new Account(opened.accountId(), opened.ownerId(), opened.custodian(), opened.kind(),
                    opened.currency(), balance, last, statements.size());
        }
    }

    /** One element of {@code statements?accountId=…}, in date order. */
    public record Statement(String statementKey, String statementId, String accountId, StatementFormat format,
                            LocalDate statementDate, long entries, BigDecimal openingBalance,
                            BigDecimal closingBalance, String currency, String importId, String fileName) {
        static Statement of(StatementImported imported) {
            return new Statement(imported.statementKey(), imported.statementId(), imported.accountId(),
                    imported.format(), imported.statementDate(), imported.entries(), imported.openingBalance(),
                    imported.closingBalance(), imported.currency(), imported.importId(), imported.fileName());
        }
    }
}
