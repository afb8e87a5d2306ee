package io.mosaic.plugin.custody;

import com.prowidesoftware.swift.model.field.Field60F;
import com.prowidesoftware.swift.model.field.Field60M;
import com.prowidesoftware.swift.model.field.Field61;
import com.prowidesoftware.swift.model.field.Field62F;
import com.prowidesoftware.swift.model.field.Field62M;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SWIFT MT940 customer statements. {@link Mt940Splitter} cuts the file into statements and fields (with their
 * lines); Prowide Core splits each field into components; this class checks every component it uses (Prowide is
 * lenient and returns what it can), so that a malformed field is an error naming the field.
 */
final class Mt940Parser {
    private final String fileName;
    private final Progress progress;
    private final Problems problems;
    private long entriesRead;

    private Mt940Parser(String fileName, Progress progress) {
        this.fileName = fileName;
        this.progress = progress;
        this.problems = new Problems(StatementFormat.MT940, fileName);
    }

    static ParseResult parse(String fileName, String content, Progress progress) {
        return new Mt940Parser(fileName, progress).read(content);
    }

    private ParseResult read(String content) {
        List<ParsedStatement> statements = new ArrayList<>();
        List<Mt940Splitter.Statement> parts = Mt940Splitter.split(content, problems);
        if (parts.isEmpty() && !problems.any()) {
            problems.file("no MT940 message found");
        }
        for (int i = 0; i < parts.size(); i++) {
            ParsedStatement statement = statement(i + 1, parts.get(i));
            if (statement != null) {
                statements.add(statement);
            }
        }
        return problems.result(statements);
    }

    private ParsedStatement statement(int position, Mt940Splitter.Statement part) {
        if (part.messageType() != null && !"940".equals(part.messageType())) {
            problems.statement("#" + position, "message type is MT" + part.messageType() + ", expected MT940");
            return null;
        }
        StatementBuilder statement = new StatementBuilder(StatementFormat.MT940, problems, position);
        Mt940Splitter.Field number = part.first("28C");
        Mt940Splitter.Field oldNumber = part.first("28");
        String id = number != null ? Mt940Splitter.statementNumber(number.value(), false)
                : oldNumber != null ? Mt940Splitter.statementNumber(oldNumber.value(), true) : null;
        Mt940Splitter.Field account = part.first("25");
        String accountId = account == null || account.value().isBlank() ? null : account.value().strip();
        statement.name = Mt940Splitter.label(id == null ? "#" + position : id, part.openingDate(), accountId);
        if (id == null) {
            problems.statement(statement.name, "statement number (:28C: or :28:) "
                    + Decimals.quoted(number != null ? number.value() : oldNumber == null ? null : oldNumber.value())
                    + " is missing or not a number (expected 42/1)");
        }
        statement.statementId = id;
        statement.accountId = accountId;
        Mt940Splitter.Field opening = part.first("60F") != null ? part.first("60F") : part.first("60M");
        if (opening != null) {
            String tag = ":" + opening.tag() + ":";
            if (opening.tag().equals("60F")) {
                Field60F f = new Field60F(opening.value());
                balance(statement, tag, opening.value(), f.getDCMark(), f.getDate(), f.getCurrency(), f.getAmount(), false);
            } else {
                Field60M f = new Field60M(opening.value());
                balance(statement, tag, opening.value(), f.getDCMark(), f.getDate(), f.getCurrency(), f.getAmount(), false);
            }
        }
        Mt940Splitter.Field closing = part.first("62F") != null ? part.first("62F") : part.first("62M");
        if (closing != null) {
            String tag = ":" + closing.tag() + ":";
            if (closing.tag().equals("62F")) {
                Field62F f = new Field62F(closing.value());
                balance(statement, tag, closing.value(), f.getDCMark(), f.getDate(), f.getCurrency(), f.getAmount(), true);
            } else {
                Field62M f = new Field62M(closing.value());
                balance(statement, tag, closing.value(), f.getDCMark(), f.getDate(), f.getCurrency(), f.getAmount(), true);
            }
        }
        entries(statement, part.fields());
        return statement.finish();
    }

    private void balance(StatementBuilder statement, String tag, String raw, String mark, String date, String currency,
                         String amount, boolean closing) {
        String label = statement.label();
        boolean valid = true;
        if (!"C".equals(mark) && !"D".equals(mark)) {
            problems.statement(label, "balance " + tag + " \"" + raw + "\": debit/credit mark " + Decimals.quoted(mark)
                    + " is not C or D");
            valid = false;
        }
        Optional<LocalDate> day = SwiftValues.yymmdd(date);
        if (day.isEmpty()) {
            problems.statement(label, "balance " + tag + " \"" + raw + "\": date " + Decimals.quoted(date)
                    + " is not a date YYMMDD");
            valid = false;
        }
        if (!Currencies.isCode(currency)) {
            problems.statement(label, "balance " + tag + " \"" + raw + "\": currency " + Decimals.quoted(currency)
                    + " is not an ISO 4217 code");
            valid = false;
        } else if (statement.currency != null && !statement.currency.equals(currency)) {
            problems.statement(label, "balance " + tag + ": currency " + currency
                    + " differs from the opening balance's " + statement.currency);
            valid = false;
        }
        Optional<BigDecimal> value = Decimals.swift(amount);
        if (value.isEmpty()) {
            problems.statement(label, "balance " + tag + " \"" + raw + "\": amount " + Decimals.quoted(amount)
                    + " is not a SWIFT decimal (expected 1000,00)");
            valid = false;
        }
        if (!valid) {
            return;
        }
        statement.currency = currency;
        BigDecimal signed = "D".equals(mark) ? value.get().negate() : value.get();
        if (closing) {
            statement.closing = signed;
            statement.date = day.get();
        } else {
            statement.opening = signed;
        }
    }

    /** Walks the fields in order: each :61: is an entry, an :86: right after it is its information. */
    private void entries(StatementBuilder statement, List<Mt940Splitter.Field> fields) {
        for (int i = 0; i < fields.size(); i++) {
            Mt940Splitter.Field field = fields.get(i);
            if (!"61".equals(field.tag())) {
                continue;
            }
            String information = i + 1 < fields.size() && "86".equals(fields.get(i + 1).tag())
                    ? fields.get(i + 1).value().replaceAll("\\R", " ").strip() : "";
            entry(statement, new Field61(field.value()), field.value(), information, field.line());
        }
    }

    private void entry(StatementBuilder statement, Field61 field, String raw, String information, int line) {
        String label = statement.label();
        int number = statement.nextEntryNumber();
        String shown = ":61: \"" + raw.replaceAll("\\R", " ") + "\"";
        int before = problems.count();
        Optional<LocalDate> value = SwiftValues.yymmdd(field.getValueDate());
        if (value.isEmpty()) {
            problems.entryAtLine(label, number, line, "value date in " + shown + " is not a date YYMMDD");
        }
        Optional<LocalDate> booking = Optional.empty();
        if (value.isPresent() && field.getEntryDate() != null && !field.getEntryDate().isEmpty()) {
            booking = SwiftValues.monthDayNear(field.getEntryDate(), value.get());
            if (booking.isEmpty()) {
                problems.entryAtLine(label, number, line, "entry date in " + shown + " is not a date MMDD");
            }
        }
        String mark = field.getDebitCreditMark();
        if (mark == null || !List.of("C", "D", "RC", "RD").contains(mark)) {
            problems.entryAtLine(label, number, line, "debit/credit mark in " + shown + " is " + Decimals.quoted(mark)
                    + ", not C, D, RC or RD");
        }
        Optional<BigDecimal> amount = Decimals.swift(field.getAmount());
        if (amount.isEmpty()) {
            problems.entryAtLine(label, number, line, "amount in " + shown + " is " + Decimals.quoted(field.getAmount())
                    + ", not a SWIFT decimal (expected 12,50)");
        }
        String type = (field.getTransactionType() == null ? "" : field.getTransactionType())
                + (field.getIdentificationCode() == null ? "" : field.getIdentificationCode());
        if (!type.matches("[NSF][A-Z0-9]{3}")) {
            problems.entryAtLine(label, number, line, "transaction type in " + shown + " is " + Decimals.quoted(type)
                    + ", not a SWIFT type code (expected e.g. NTRF)");
        }
        if (problems.count() > before) {
            statement.skipInvalidEntry();
        } else {
            boolean debit = mark.equals("D") || mark.equals("RC");
            BigDecimal signed = debit ? amount.get().negate() : amount.get();
            String reference = field.getReferenceOfTheAccountServicingInstitution() != null
                    && !field.getReferenceOfTheAccountServicingInstitution().isEmpty()
                    ? field.getReferenceOfTheAccountServicingInstitution() : field.getReferenceForTheAccountOwner();
            statement.add(new StatementEntry(number, reference, booking.orElse(value.get()), value.get(), signed, true,
                    mark.startsWith("R"), EntryKind.ofSwiftCode(type), information));
        }
        if (++entriesRead % Progress.EVERY == 0) {
            progress.entriesRead(entriesRead);
        }
    }
}
