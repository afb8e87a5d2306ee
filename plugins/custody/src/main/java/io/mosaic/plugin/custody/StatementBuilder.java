package io.mosaic.plugin.custody;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates one cash statement while a parser reads it, keeping the running sum of booked entries, the
 * fingerprint and the progress count; {@link #finish} checks the balance rule and builds the statement.
 */
final class StatementBuilder {
    private final StatementFormat format;
    private final Problems problems;
    private final int position;
    private final List<StatementEntry> entries = new ArrayList<>();
    private final Fingerprint fingerprint = new Fingerprint();
    private BigDecimal bookedSum = BigDecimal.ZERO;
    private int invalidEntries;

    /** How errors name the statement when the format names it by more than its id (MT940: number, date, account). */
    String name;
    String statementId;
    String accountId;
    String currency;
    BigDecimal opening;
    BigDecimal closing;
    LocalDate date;

    StatementBuilder(StatementFormat format, Problems problems, int position) {
        this.format = format;
        this.problems = problems;
        this.position = position;
    }

    /** How errors name this statement: its id, or {@code #n} (its position in the file) while it has none. */
    String label() {
        if (name != null) {
            return name;
        }
        return statementId == null || statementId.isEmpty() ? "#" + position : statementId;
    }

    /** The number the next entry of this statement gets, from 1. */
    int nextEntryNumber() {
        return entries.size() + invalidEntries + 1;
    }

    /** An entry that could not be read: counted, so that the numbers of the following entries stay right. */
    void skipInvalidEntry() {
        invalidEntries++;
    }

    void add(StatementEntry entry) {
        entries.add(entry);
        fingerprint.entry(entry);
        if (entry.booked()) {
            bookedSum = bookedSum.add(entry.amount());
        }
    }

    int entryCount() {
        return entries.size() + invalidEntries;
    }

    /**
     * Checks what every cash statement needs (id, account, currency, both balances, date) and the balance rule:
     * opening + booked credits − booked debits = closing. Returns the statement, or null after recording errors.
     */
    ParsedStatement finish() {
        int before = problems.count();
        if (statementId == null || statementId.isBlank()) {
            problems.statement(label(), "statement id is missing");
        }
        if (accountId == null || accountId.isBlank()) {
            problems.statement(label(), accountName() + " is missing");
        }
        if (currency == null || !Currencies.isCode(currency)) {
            problems.statement(label(), "currency " + Decimals.quoted(currency) + " is not an ISO 4217 code");
        }
        if (opening == null) {
            problems.statement(label(), openingName() + " is missing");
        }
        if (closing == null) {
            problems.statement(label(), closingName() + " is missing");
        }
        if (date == null) {
            problems.statement(label(), "statement date (date of the closing balance) is missing");
        }
        if (opening != null && closing != null && invalidEntries == 0) {
            BigDecimal expected = opening.add(bookedSum);
            if (expected.compareTo(closing) != 0) {
                problems.statement(label(), "balances do not reconcile: opening balance " + opening.toPlainString()
                        + " + booked entries " + bookedSum.toPlainString() + " = " + expected.toPlainString()
                        + ", but the closing balance is " + closing.toPlainString() + " (difference "
                        + closing.subtract(expected).toPlainString() + ")");
            }
        }
        if (problems.count() > before || invalidEntries > 0) {
            return null;
        }
        fingerprint.add(format).add(statementId).add(accountId).add(date).add(currency).add(opening).add(closing);
        return new ParsedStatement(format, statementId, accountId, date, currency, opening, closing, entries,
                List.of(), fingerprint.hex());
    }

    private String accountName() {
        return switch (format) {
            case CAMT053 -> "account (Acct/Id/IBAN or Acct/Id/Othr/Id)";
            case MT940 -> "account (:25:)";
            default -> "account";
        };
    }

    private String openingName() {
        return switch (format) {
            case CAMT053 -> "opening balance (OPBD or PRCD)";
            case MT940 -> "opening balance (:60F: or :60M:)";
            default -> "opening balance";
        };
    }

    private String closingName() {
        return switch (format) {
            case CAMT053 -> "closing balance (CLBD)";
            case MT940 -> "closing balance (:62F: or :62M:)";
            default -> "closing balance";
        };
    }
}
