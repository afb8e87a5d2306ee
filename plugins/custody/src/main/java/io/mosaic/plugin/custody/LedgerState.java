package io.mosaic.plugin.custody;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * State of one owner's custody ledger, rebuilt from its events: accounts, imported statements (by key), the
 * current state of each holding, and the reconciliation differences found. Immutable; {@link #evolve} returns the
 * next state. Cash flows do not change it (they are history for consolidation, not state for decisions).
 */
public final class LedgerState {
    private static final LedgerState EMPTY = new LedgerState(Map.of(), Map.of(), Map.of(), List.of());

    private final Map<String, AccountOpened> accounts;
    private final Map<String, StatementImported> statements;
    private final Map<String, HoldingValued> holdings;
    private final List<ReconciliationDifference> differences;

    private LedgerState(Map<String, AccountOpened> accounts, Map<String, StatementImported> statements,
                        Map<String, HoldingValued> holdings, List<ReconciliationDifference> differences) {
        this.accounts = accounts;
        this.statements = statements;
        this.holdings = holdings;
        this.differences = differences;
    }

    public static LedgerState initial() {
        return EMPTY;
    }

    /** Replays events in order (one copy of the state in all, not one per event). */
    public static LedgerState replay(Collection<? extends LedgerEvent> events) {
        return EMPTY.evolveAll(events);
    }

    public LedgerState evolve(LedgerEvent event) {
        return evolveAll(List.of(event));
    }

    public LedgerState evolveAll(Collection<? extends LedgerEvent> events) {
        Map<String, AccountOpened> nextAccounts = new LinkedHashMap<>(accounts);
        Map<String, StatementImported> nextStatements = new LinkedHashMap<>(statements);
        Map<String, HoldingValued> nextHoldings = new LinkedHashMap<>(holdings);
        List<ReconciliationDifference> nextDifferences = new ArrayList<>(differences);
        for (LedgerEvent event : events) {
            switch (event) {
                case AccountOpened opened -> nextAccounts.putIfAbsent(opened.accountId(), opened);
                case StatementImported imported -> nextStatements.put(imported.statementKey(), imported);
                case HoldingValued valued -> nextHoldings.put(valued.holdingId(), valued);
                case ReconciliationDifference difference -> nextDifferences.add(difference);
                case CashFlowRecorded ignored -> {
                    // history only
                }
            }
        }
        return new LedgerState(Map.copyOf(nextAccounts), Map.copyOf(nextStatements), Map.copyOf(nextHoldings),
                List.copyOf(nextDifferences));
    }

    public Optional<AccountOpened> account(String accountId) {
        return Optional.ofNullable(accounts.get(accountId));
    }

    public List<AccountOpened> accounts() {
        return accounts.values().stream().sorted(Comparator.comparing(AccountOpened::accountId)).toList();
    }

    public Optional<StatementImported> statement(String key) {
        return Optional.ofNullable(statements.get(key));
    }

    /** The account's statements by date, then key. */
    public List<StatementImported> statements(String accountId) {
        return statements.values().stream().filter(s -> s.accountId().equals(accountId))
                .sorted(Comparator.comparing(StatementImported::statementDate)
                        .thenComparing(StatementImported::statementKey))
                .toList();
    }

    public Optional<HoldingValued> holding(String holdingId) {
        return Optional.ofNullable(holdings.get(holdingId));
    }

    /** Every holding's last state, closed ones (quantity 0) included, by account and instrument. */
    public List<HoldingValued> holdings() {
        return holdings.values().stream().sorted(Comparator.comparing(HoldingValued::accountId)
                .thenComparing(HoldingValued::instrumentId)).toList();
    }

    public List<ReconciliationDifference> differences() {
        return differences;
    }
}
