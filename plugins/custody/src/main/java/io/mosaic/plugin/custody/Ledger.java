package io.mosaic.plugin.custody;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code custody-ledger} aggregate's decision for one file: pure, from the parsed statements, the ledger's
 * state and the account index. Either every new statement of the file becomes events (appended in one batch, so
 * the file is imported whole) or the file is refused with the reason; statements already imported with the same
 * content are skipped, so importing a file again gives no events at all.
 */
public final class Ledger {
    /** What the journal accepts as an id (see {@code io.mosaic.sdk.AggregateRef}). */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    /** Differences below one hundredth of the currency unit are rounding, not differences. */
    static final BigDecimal TOLERANCE = new BigDecimal("0.01");

    private Ledger() {
    }

    /** The outcome: events to append (none when everything was imported before), or the reason for refusing. */
    public sealed interface Decision permits Accepted, Rejected {
    }

    public record Accepted(List<LedgerEvent> events) implements Decision {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    public record Rejected(List<String> errors) implements Decision {
        public Rejected {
            errors = List.copyOf(errors);
        }
    }

    /** Checks the command's own fields; empty when they are fine. */
    static List<String> checkCommand(ImportStatement command) {
        List<String> errors = new ArrayList<>();
        String file = (command.format() == null ? "statement" : command.format().label()) + " file "
                + (command.fileName().isEmpty() ? "(no name)" : command.fileName());
        if (!ID.matcher(command.importId()).matches()) {
            errors.add(file + ": importId '" + command.importId() + "' must be 1-128 letters, digits, '_', '.', ':' or '-'");
        }
        if (command.fileName().isEmpty()) {
            errors.add(file + ": fileName is empty");
        }
        if (command.format() == null) {
            errors.add(file + ": format is missing (CAMT053, MT940, MT535 or CSV)");
        }
        if (!ID.matcher(command.ownerId()).matches()) {
            errors.add(file + ": ownerId '" + command.ownerId() + "' must be 1-128 letters, digits, '_', '.', ':' or '-'");
        }
        if (command.custodian().isEmpty()) {
            errors.add(file + ": custodian is empty");
        }
        return errors;
    }

    /**
     * @param accountOwners the owner of every account known to the domain (from the account index)
     */
    public static Decision decide(ImportStatement command, List<ParsedStatement> statements, LedgerState state,
                                  Map<String, String> accountOwners) {
        String file = command.format().label() + " file " + command.fileName();
        List<String> errors = new ArrayList<>();
        List<ParsedStatement> fresh = new ArrayList<>();
        Map<String, ParsedStatement> inFile = new HashMap<>();
        for (ParsedStatement statement : statements) {
            String where = file + ", statement " + statement.statementId();
            String owner = accountOwners.get(statement.accountId());
            if (owner != null && !owner.equals(command.ownerId())) {
                errors.add(where + ": account " + statement.accountId() + " belongs to another owner, not "
                        + command.ownerId());
                continue;
            }
            Optional<StatementImported> before = state.statement(statement.key());
            if (before.isPresent()) {
                if (!before.get().fingerprint().equals(statement.fingerprint())) {
                    errors.add(where + ": statement " + statement.key() + " was imported before from file "
                            + before.get().fileName() + " (import " + before.get().importId()
                            + ") with other content" + closingChange(before.get(), statement));
                }
                continue; // imported before with the same content: nothing to do
            }
            ParsedStatement twin = inFile.putIfAbsent(statement.key(), statement);
            if (twin != null) {
                if (!twin.fingerprint().equals(statement.fingerprint())) {
                    errors.add(where + ": statement " + statement.key() + " appears twice in the file with other content");
                }
                continue;
            }
            Optional<AccountOpened> account = state.account(statement.accountId());
            if (account.isPresent() && !statement.holdingsStatement()
                    && account.get().kind() == AccountKind.CASH && !account.get().currency().equals(statement.currency())) {
                errors.add(where + ": currency " + statement.currency() + " differs from the currency "
                        + account.get().currency() + " of account " + statement.accountId());
                continue;
            }
            fresh.add(statement);
        }
        if (!errors.isEmpty()) {
            return new Rejected(errors);
        }
        fresh.sort(Comparator.comparing(ParsedStatement::date));
        List<LedgerEvent> events = new ArrayList<>();
        LedgerState working = state;
        for (ParsedStatement statement : fresh) {
            List<LedgerEvent> produced = statement.holdingsStatement()
                    ? holdings(command, statement, working)
                    : cash(command, statement, working);
            working = working.evolveAll(produced);
            events.addAll(produced);
        }
        return new Accepted(events);
    }

    private static String closingChange(StatementImported before, ParsedStatement now) {
        if (before.closingBalance() == null || now.closingBalance() == null
                || before.closingBalance().compareTo(now.closingBalance()) == 0) {
            return "";
        }
        return " (closing balance " + before.closingBalance().toPlainString() + " then, "
                + now.closingBalance().toPlainString() + " now)";
    }

    private static List<LedgerEvent> cash(ImportStatement command, ParsedStatement statement, LedgerState state) {
        String owner = command.ownerId();
        String account = statement.accountId();
        String currency = statement.currency();
        String key = statement.key();
        List<LedgerEvent> events = new ArrayList<>();
        if (state.account(account).isEmpty()) {
            events.add(new AccountOpened(account, owner, command.custodian(), AccountKind.CASH, currency));
        }
        List<StatementImported> earlier = state.statements(account);
        earlier.stream().filter(s -> s.statementDate().isBefore(statement.date()) && s.closingBalance() != null)
                .reduce((first, second) -> second)
                .filter(previous -> previous.closingBalance().compareTo(statement.openingBalance()) != 0)
                .ifPresent(previous -> events.add(new ReconciliationDifference(account, key,
                        previous.closingBalance(), statement.openingBalance(), currency,
                        "opening balance " + statement.openingBalance().toPlainString() + " of statement "
                                + statement.statementId() + " (" + statement.date() + ") differs from closing balance "
                                + previous.closingBalance().toPlainString() + " of statement " + previous.statementId()
                                + " (" + previous.statementDate() + "): entries between them are missing or differ",
                        owner)));
        earlier.stream().filter(s -> s.statementDate().isAfter(statement.date()) && s.openingBalance() != null)
                .findFirst()
                .filter(next -> next.openingBalance().compareTo(statement.closingBalance()) != 0)
                .ifPresent(next -> events.add(new ReconciliationDifference(account, key,
                        statement.closingBalance(), next.openingBalance(), currency,
                        "closing balance " + statement.closingBalance().toPlainString() + " of statement "
                                + statement.statementId() + " (" + statement.date() + ") differs from opening balance "
                                + next.openingBalance().toPlainString() + " of the later statement " + next.statementId()
                                + " (" + next.statementDate() + ")", owner)));
        events.add(new StatementImported(command.importId(), key, account, owner, command.custodian(),
                statement.format(), statement.bookedEntries(), statement.openingBalance(), statement.closingBalance(),
                currency, statement.statementId(), statement.date(), command.fileName(), statement.fingerprint()));
        for (StatementEntry entry : statement.entries()) {
            if (entry.booked() && entry.kind().flow()) {
                events.add(new CashFlowRecorded(key + "#" + entry.number(), account, owner, entry.amount(), currency,
                        entry.bookingDate(), entry.kind().external(), entry.kind(), key));
            }
        }
        String instrument = "CASH-" + currency;
        String holdingId = account + ":" + instrument;
        if (isCurrent(state.holding(holdingId), statement.date())) {
            events.add(new HoldingValued(holdingId, account, owner, command.custodian(), instrument, "Cash " + currency,
                    HoldingClass.CASH, Isin.cashRegion(currency), statement.closingBalance(), currency,
                    statement.closingBalance(), statement.date()));
        }
        return events;
    }

    private static List<LedgerEvent> holdings(ImportStatement command, ParsedStatement statement, LedgerState state) {
        String owner = command.ownerId();
        String account = statement.accountId();
        String key = statement.key();
        List<LedgerEvent> events = new ArrayList<>();
        if (state.account(account).isEmpty()) {
            events.add(new AccountOpened(account, owner, command.custodian(), AccountKind.CUSTODY, statement.currency()));
        }
        events.add(new StatementImported(command.importId(), key, account, owner, command.custodian(),
                statement.format(), statement.holdings().size(), null, null, statement.currency(),
                statement.statementId(), statement.date(), command.fileName(), statement.fingerprint()));
        Set<String> present = new HashSet<>();
        for (StatementHolding holding : statement.holdings()) {
            String holdingId = account + ":" + holding.isin();
            present.add(holdingId);
            holding.computedValue()
                    .filter(computed -> computed.subtract(holding.marketValue()).abs().compareTo(TOLERANCE) > 0)
                    .ifPresent(computed -> events.add(new ReconciliationDifference(account, key, computed,
                            holding.marketValue(), holding.currency(), "holding " + holding.isin() + ": quantity "
                            + holding.quantity().toPlainString() + " × price " + holding.price().toPlainString()
                            + (holding.pricePercent() ? " %" : " " + holding.priceCurrency()) + " = "
                            + computed.toPlainString() + ", but the custodian reports a value of "
                            + holding.marketValue().toPlainString(), owner)));
            if (isCurrent(state.holding(holdingId), statement.date())) {
                events.add(new HoldingValued(holdingId, account, owner, command.custodian(), holding.isin(),
                        holding.name(), holding.assetClass(), Isin.region(holding.isin()), holding.quantity(),
                        holding.currency(), holding.marketValue(), statement.date()));
            }
        }
        if (statement.statementId().equals(Mt535Pages.ONLY_PAGE)) {
            for (HoldingValued held : state.holdings()) {
                if (held.accountId().equals(account) && held.assetClass() != HoldingClass.CASH
                        && !present.contains(held.holdingId()) && held.quantity().signum() != 0
                        && !held.asOf().isAfter(statement.date())) {
                    events.add(new HoldingValued(held.holdingId(), account, owner, command.custodian(),
                            held.instrumentId(), held.instrumentName(), held.assetClass(), held.region(),
                            BigDecimal.ZERO, held.currency(), BigDecimal.ZERO, statement.date()));
                }
            }
        }
        return events;
    }

    /** A statement updates a holding unless the holding already has a later state. */
    private static boolean isCurrent(Optional<HoldingValued> holding, LocalDate date) {
        return holding.map(h -> !h.asOf().isAfter(date)).orElse(true);
    }
}
