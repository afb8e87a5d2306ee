package io.mosaic.plugin.custody;

import com.prowidesoftware.swift.model.SwiftBlock4;
import com.prowidesoftware.swift.model.Tag;
import com.prowidesoftware.swift.model.field.Field28C;
import com.prowidesoftware.swift.model.field.Field60F;
import com.prowidesoftware.swift.model.field.Field60M;
import com.prowidesoftware.swift.model.field.Field61;
import com.prowidesoftware.swift.model.field.Field62F;
import com.prowidesoftware.swift.model.field.Field62M;
import com.prowidesoftware.swift.model.mt.mt9xx.MT940;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SWIFT MT940 customer statements, read with Prowide Core: one statement per message; a file holds one or more
 * messages. Prowide splits the message into fields and components; this class checks every component it uses
 * (Prowide is lenient and returns what it can), so that a malformed field is an error naming the field.
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
        List<String> messages = SwiftFiles.messages(content, "940");
        if (messages.isEmpty()) {
            problems.file("no MT940 message found");
        }
        for (int i = 0; i < messages.size(); i++) {
            ParsedStatement statement = statement(i + 1, messages.get(i));
            if (statement != null) {
                statements.add(statement);
            }
        }
        return problems.result(statements);
    }

    private ParsedStatement statement(int position, String text) {
        MT940 mt;
        try {
            mt = MT940.parse(text);
        } catch (RuntimeException unreadable) {
            problems.statement("#" + position, "message is not readable SWIFT FIN: " + unreadable.getMessage());
            return null;
        }
        SwiftBlock4 block4 = mt.getSwiftMessage() == null ? null : mt.getSwiftMessage().getBlock4();
        if (block4 == null || block4.isEmpty()) {
            problems.statement("#" + position, "message has no text block {4:…} with fields");
            return null;
        }
        if (!"940".equals(mt.getSwiftMessage().getType())) {
            problems.statement("#" + position, "message type is MT" + mt.getSwiftMessage().getType()
                    + ", expected MT940");
            return null;
        }
        StatementBuilder statement = new StatementBuilder(StatementFormat.MT940, problems, position);
        Field28C number = mt.getField28C();
        if (number != null && number.getStatementNumber() != null && number.getStatementNumber().matches("[0-9]{1,5}")) {
            statement.statementId = number.getStatementNumber()
                    + (number.getSequenceNumber() == null || number.getSequenceNumber().isEmpty() ? "" : "/" + number.getSequenceNumber());
        } else {
            problems.statement("#" + position, "statement number (:28C:) "
                    + Decimals.quoted(number == null ? null : number.getValue()) + " is missing or not a number (expected 42/1)");
        }
        if (mt.getField25() != null && !mt.getField25().getValue().isBlank()) {
            statement.accountId = mt.getField25().getValue().strip();
        }
        Field60F firstOpening = mt.getField60F();
        Field60M interimOpening = mt.getField60M();
        if (firstOpening != null) {
            balance(statement, ":60F:", firstOpening.getValue(), firstOpening.getDCMark(), firstOpening.getDate(),
                    firstOpening.getCurrency(), firstOpening.getAmount(), false);
        } else if (interimOpening != null) {
            balance(statement, ":60M:", interimOpening.getValue(), interimOpening.getDCMark(), interimOpening.getDate(),
                    interimOpening.getCurrency(), interimOpening.getAmount(), false);
        }
        Field62F finalClosing = mt.getField62F();
        Field62M interimClosing = mt.getField62M();
        if (finalClosing != null) {
            balance(statement, ":62F:", finalClosing.getValue(), finalClosing.getDCMark(), finalClosing.getDate(),
                    finalClosing.getCurrency(), finalClosing.getAmount(), true);
        } else if (interimClosing != null) {
            balance(statement, ":62M:", interimClosing.getValue(), interimClosing.getDCMark(), interimClosing.getDate(),
                    interimClosing.getCurrency(), interimClosing.getAmount(), true);
        }
        entries(statement, block4.getTags());
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
    private void entries(StatementBuilder statement, List<Tag> tags) {
        for (int i = 0; i < tags.size(); i++) {
            Tag tag = tags.get(i);
            if (!"61".equals(tag.getName())) {
                continue;
            }
            String information = i + 1 < tags.size() && "86".equals(tags.get(i + 1).getName())
                    ? tags.get(i + 1).getValue().replaceAll("\\R", " ").strip() : "";
            entry(statement, new Field61(tag.getValue()), tag.getValue(), information);
        }
    }

    private void entry(StatementBuilder statement, Field61 field, String raw, String information) {
        String label = statement.label();
        int number = statement.nextEntryNumber();
        String shown = ":61: \"" + raw.replaceAll("\\R", " ") + "\"";
        int before = problems.count();
        Optional<LocalDate> value = SwiftValues.yymmdd(field.getValueDate());
        if (value.isEmpty()) {
            problems.entry(label, number, "value date in " + shown + " is not a date YYMMDD");
        }
        Optional<LocalDate> booking = Optional.empty();
        if (value.isPresent() && field.getEntryDate() != null && !field.getEntryDate().isEmpty()) {
            booking = SwiftValues.monthDayNear(field.getEntryDate(), value.get());
            if (booking.isEmpty()) {
                problems.entry(label, number, "entry date in " + shown + " is not a date MMDD");
            }
        }
        String mark = field.getDebitCreditMark();
        if (mark == null || !List.of("C", "D", "RC", "RD").contains(mark)) {
            problems.entry(label, number, "debit/credit mark in " + shown + " is " + Decimals.quoted(mark)
                    + ", not C, D, RC or RD");
        }
        Optional<BigDecimal> amount = Decimals.swift(field.getAmount());
        if (amount.isEmpty()) {
            problems.entry(label, number, "amount in " + shown + " is " + Decimals.quoted(field.getAmount())
                    + ", not a SWIFT decimal (expected 12,50)");
        }
        String type = (field.getTransactionType() == null ? "" : field.getTransactionType())
                + (field.getIdentificationCode() == null ? "" : field.getIdentificationCode());
        if (!type.matches("[NSF][A-Z0-9]{3}")) {
            problems.entry(label, number, "transaction type in " + shown + " is " + Decimals.quoted(type)
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
