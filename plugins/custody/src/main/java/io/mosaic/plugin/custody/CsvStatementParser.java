package io.mosaic.plugin.custody;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cash statements as CSV: comma-separated, UTF-8, a header line naming the columns (any order, case-insensitive),
 * one line per entry; fields may be quoted with {@code "} (a quote inside doubled), but not span lines. The
 * statement columns repeat on every line of the statement and must agree; the lines of one statement are
 * consecutive. A line with empty {@code booking_date} and {@code amount} carries a statement without entries.
 *
 * <p>Required: {@code account, statement_id, statement_date, currency, opening_balance, closing_balance,
 * booking_date, amount}. Optional: {@code value_date, type (TRANSFER|INCOME|FEE|TRADE, default TRANSFER),
 * status (BOOK|PDNG, default BOOK), reversal (true|false), reference, description}. Amounts are signed decimals
 * with a dot ({@code -12.50}); dates ISO ({@code 2024-03-31}).
 */
final class CsvStatementParser {
    static final List<String> REQUIRED = List.of("account", "statement_id", "statement_date", "currency",
            "opening_balance", "closing_balance", "booking_date", "amount");
    static final List<String> OPTIONAL = List.of("value_date", "type", "status", "reversal", "reference", "description");

    private final Problems problems;
    private final Progress progress;
    private Map<String, Integer> columns;
    private long entriesRead;

    private CsvStatementParser(String fileName, Progress progress) {
        this.problems = new Problems(StatementFormat.CSV, fileName);
        this.progress = progress;
    }

    static ParseResult parse(String fileName, String content, Progress progress) {
        return new CsvStatementParser(fileName, progress).read(content);
    }

    private ParseResult read(String content) {
        List<ParsedStatement> statements = new ArrayList<>();
        Set<String> finished = new HashSet<>();
        StatementBuilder current = null;
        String currentKey = null;
        String[] currentHeader = null;
        int position = 0;
        int lineNumber = 0;
        int start = 0;
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            String line = end < 0 ? text.substring(start) : text.substring(start, end);
            start = end < 0 ? text.length() + 1 : end + 1;
            lineNumber++;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isBlank()) {
                continue;
            }
            Optional<List<String>> fields = split(line);
            if (fields.isEmpty()) {
                problems.line(lineNumber, "unbalanced quotes");
                continue;
            }
            if (columns == null) {
                if (!header(fields.get(), lineNumber)) {
                    return problems.result(List.of());
                }
                continue;
            }
            List<String> row = fields.get();
            if (row.size() != columns.size()) {
                problems.line(lineNumber, row.size() + " fields, but the header names " + columns.size());
                continue;
            }
            String[] header = {get(row, "account"), get(row, "statement_id"), get(row, "statement_date"),
                    get(row, "currency"), get(row, "opening_balance"), get(row, "closing_balance")};
            String key = header[0] + "\u0000" + header[1];
            if (!key.equals(currentKey)) {
                if (current != null) {
                    finish(current, statements);
                    finished.add(currentKey);
                }
                if (finished.contains(key)) {
                    problems.line(lineNumber, "statement " + header[1] + " of account " + header[0]
                            + " continues after another statement (its lines must be consecutive)");
                }
                current = start(++position, header, lineNumber);
                currentKey = key;
                currentHeader = header;
            } else {
                for (int i = 0; i < header.length; i++) {
                    if (!header[i].equals(currentHeader[i])) {
                        problems.entryAtLine(current.label(), current.nextEntryNumber(), lineNumber,
                                REQUIRED.get(i) + " \"" + header[i] + "\" differs from the statement's first line (\""
                                        + currentHeader[i] + "\")");
                    }
                }
            }
            entry(current, row, lineNumber);
        }
        if (columns == null) {
            problems.file("empty file: no header line");
        } else if (current == null) {
            problems.file("no statement lines after the header");
        } else {
            finish(current, statements);
        }
        return problems.result(statements);
    }

    private boolean header(List<String> names, int lineNumber) {
        columns = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip().toLowerCase(Locale.ROOT);
            if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                problems.line(lineNumber, "unknown column \"" + names.get(i) + "\" (columns: " + String.join(", ", REQUIRED)
                        + "; optional " + String.join(", ", OPTIONAL) + ")");
            } else if (columns.put(name, i) != null) {
                problems.line(lineNumber, "column \"" + name + "\" appears twice");
            }
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                problems.line(lineNumber, "required column \"" + required + "\" is missing");
            }
        }
        return !problems.any();
    }

    private StatementBuilder start(int position, String[] header, int lineNumber) {
        StatementBuilder statement = new StatementBuilder(StatementFormat.CSV, problems, position);
        statement.accountId = header[0].isBlank() ? null : header[0];
        statement.statementId = header[1].isBlank() ? null : header[1];
        String label = statement.label();
        statement.date = Decimals.isoDate(header[2]).orElse(null);
        if (statement.date == null && !header[2].isBlank()) {
            problems.statement(label, "statement_date \"" + header[2] + "\" (line " + lineNumber
                    + ") is not an ISO date (expected 2024-03-31)");
        }
        statement.currency = header[3].isBlank() ? null : header[3];
        statement.opening = balance(label, "opening_balance", header[4], lineNumber);
        statement.closing = balance(label, "closing_balance", header[5], lineNumber);
        return statement;
    }

    private BigDecimal balance(String label, String column, String value, int lineNumber) {
        if (value.isBlank()) {
            return null;
        }
        Optional<BigDecimal> amount = Decimals.dot(value);
        if (amount.isEmpty()) {
            problems.statement(label, column + " \"" + value + "\" (line " + lineNumber
                    + ") is not a decimal (expected 12.50)");
        }
        return amount.orElse(null);
    }

    private void entry(StatementBuilder statement, List<String> row, int lineNumber) {
        String bookingText = get(row, "booking_date");
        String amountText = get(row, "amount");
        if (bookingText.isBlank() && amountText.isBlank()) {
            return; // a statement line without an entry
        }
        String label = statement.label();
        int number = statement.nextEntryNumber();
        int before = problems.count();
        Optional<BigDecimal> amount = Decimals.dot(amountText);
        if (amount.isEmpty()) {
            problems.entryAtLine(label, number, lineNumber, "amount " + Decimals.quoted(amountText)
                    + " is not a decimal (expected 12.50)");
        }
        Optional<LocalDate> booking = Decimals.isoDate(bookingText);
        if (booking.isEmpty()) {
            problems.entryAtLine(label, number, lineNumber, "booking_date " + Decimals.quoted(bookingText)
                    + " is not an ISO date (expected 2024-03-31)");
        }
        String valueText = get(row, "value_date");
        Optional<LocalDate> value = valueText.isBlank() ? booking : Decimals.isoDate(valueText);
        if (!valueText.isBlank() && value.isEmpty()) {
            problems.entryAtLine(label, number, lineNumber, "value_date " + Decimals.quoted(valueText)
                    + " is not an ISO date (expected 2024-03-31)");
        }
        String typeText = get(row, "type").toUpperCase(Locale.ROOT);
        EntryKind kind = EntryKind.TRANSFER;
        if (!typeText.isBlank()) {
            try {
                kind = EntryKind.valueOf(typeText);
            } catch (IllegalArgumentException unknown) {
                problems.entryAtLine(label, number, lineNumber, "type \"" + get(row, "type")
                        + "\" is not TRANSFER, INCOME, FEE or TRADE");
            }
        }
        String status = get(row, "status").toUpperCase(Locale.ROOT);
        if (!status.isBlank() && !status.equals("BOOK") && !status.equals("PDNG")) {
            problems.entryAtLine(label, number, lineNumber, "status \"" + get(row, "status") + "\" is not BOOK or PDNG");
        }
        String reversal = get(row, "reversal").toLowerCase(Locale.ROOT);
        if (!reversal.isBlank() && !reversal.equals("true") && !reversal.equals("false")) {
            problems.entryAtLine(label, number, lineNumber, "reversal \"" + get(row, "reversal") + "\" is not true or false");
        }
        if (problems.count() > before) {
            statement.skipInvalidEntry();
        } else {
            statement.add(new StatementEntry(number, get(row, "reference"), booking.get(), value.get(), amount.get(),
                    !status.equals("PDNG"), reversal.equals("true"), kind, get(row, "description")));
        }
        if (++entriesRead % Progress.EVERY == 0) {
            progress.entriesRead(entriesRead);
        }
    }

    private void finish(StatementBuilder statement, List<ParsedStatement> statements) {
        ParsedStatement done = statement.finish();
        if (done != null) {
            statements.add(done);
        }
    }

    private String get(List<String> row, String column) {
        Integer index = columns.get(column);
        return index == null ? "" : row.get(index).strip();
    }

    /** Splits one line at commas outside quotes; empty when a quote is not closed. */
    static Optional<List<String>> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return Optional.empty();
        }
        fields.add(field.toString());
        return Optional.of(fields);
    }
}
