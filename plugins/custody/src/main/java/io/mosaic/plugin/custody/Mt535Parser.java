package io.mosaic.plugin.custody;

import com.prowidesoftware.swift.model.SwiftTagListBlock;
import com.prowidesoftware.swift.model.field.Field12C;
import com.prowidesoftware.swift.model.field.Field19A;
import com.prowidesoftware.swift.model.field.Field28E;
import com.prowidesoftware.swift.model.field.Field35B;
import com.prowidesoftware.swift.model.field.Field90A;
import com.prowidesoftware.swift.model.field.Field90B;
import com.prowidesoftware.swift.model.field.Field93B;
import com.prowidesoftware.swift.model.field.Field97A;
import com.prowidesoftware.swift.model.field.Field98A;
import com.prowidesoftware.swift.model.field.Field98C;
import com.prowidesoftware.swift.model.mt.mt5xx.MT535;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * SWIFT MT535 statements of holdings, read with Prowide Core. One message is one statement (one page of
 * {@code :28E:}); its key is the safekeeping account ({@code :97A::SAFE}), the page and the statement date
 * ({@code :98A::STAT} or {@code :98C::STAT}). Each financial instrument (sequence B1) is a holding: ISIN from
 * {@code :35B:} (check digit verified), aggregate quantity {@code :93B::AGGR}, price {@code :90A:} (percentage) or
 * {@code :90B:} (amount), value {@code :19A::HOLD}, asset class from the CFI code {@code :12C::CLAS} (or from the
 * quantity type: face amount = bond).
 */
final class Mt535Parser {
    private final Problems problems;
    private final Progress progress;
    private long holdingsRead;

    private Mt535Parser(String fileName, Progress progress) {
        this.problems = new Problems(StatementFormat.MT535, fileName);
        this.progress = progress;
    }

    static ParseResult parse(String fileName, String content, Progress progress) {
        return new Mt535Parser(fileName, progress).read(content);
    }

    private ParseResult read(String content) {
        List<ParsedStatement> statements = new ArrayList<>();
        List<String> messages = SwiftFiles.messages(content, "535");
        if (messages.isEmpty()) {
            problems.file("no MT535 message found");
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
        int before = problems.count();
        MT535 mt;
        try {
            mt = MT535.parse(text);
        } catch (RuntimeException unreadable) {
            problems.statement("#" + position, "message is not readable SWIFT FIN: " + unreadable.getMessage());
            return null;
        }
        if (mt.getSwiftMessage() == null || mt.getSwiftMessage().getBlock4() == null
                || mt.getSwiftMessage().getBlock4().isEmpty()) {
            problems.statement("#" + position, "message has no text block {4:…} with fields");
            return null;
        }
        if (!"535".equals(mt.getSwiftMessage().getType())) {
            problems.statement("#" + position, "message type is MT" + mt.getSwiftMessage().getType()
                    + ", expected MT535");
            return null;
        }
        SwiftTagListBlock general = mt.getSequenceA();
        Field28E page = general == null ? null : Field28E.get(general);
        String statementId;
        if (page == null || page.getPageNumber() == null || !page.getPageNumber().matches("[0-9]{1,5}")) {
            problems.statement("#" + position, "page number (:28E:) "
                    + Decimals.quoted(page == null ? null : page.getValue()) + " is missing or not a number (expected 1/ONLY)");
            statementId = "#" + position;
        } else {
            statementId = "ONLY".equals(page.getContinuationIndicator()) && Integer.parseInt(page.getPageNumber()) == 1
                    ? Mt535Pages.ONLY_PAGE : "page-" + Integer.parseInt(page.getPageNumber());
        }
        String label = statementId;
        String account = safekeepingAccount(mt);
        if (account == null) {
            problems.statement(label, "safekeeping account (:97A::SAFE//) is missing");
        }
        Optional<LocalDate> date = statementDate(general, label);
        List<StatementHolding> holdings = new ArrayList<>();
        Fingerprint fingerprint = new Fingerprint();
        Set<String> seen = new HashSet<>();
        List<MT535.SequenceB1> instruments = mt.getSequenceB1List();
        for (int i = 0; i < instruments.size(); i++) {
            Optional<StatementHolding> holding = holding(label, i + 1, instruments.get(i));
            holding.ifPresent(h -> {
                if (!seen.add(h.isin())) {
                    problems.entry(label, h.number(), "instrument (:35B:) " + h.isin()
                            + " appears twice in the statement");
                }
                holdings.add(h);
                fingerprint.holding(h);
            });
            if (++holdingsRead % Progress.EVERY == 0) {
                progress.entriesRead(holdingsRead);
            }
        }
        if (problems.count() > before) {
            return null;
        }
        String currency = holdings.isEmpty() ? "XXX" : holdings.getFirst().currency();
        fingerprint.add(StatementFormat.MT535).add(statementId).add(account).add(date.get());
        return new ParsedStatement(StatementFormat.MT535, statementId, account, date.get(), currency, null, null,
                List.of(), holdings, fingerprint.hex());
    }

    private static String safekeepingAccount(MT535 mt) {
        for (Field97A field : Field97A.getAll(mt.getSwiftMessage())) {
            if ("SAFE".equals(field.getQualifier()) && field.getAccountNumber() != null
                    && !field.getAccountNumber().isBlank()) {
                return field.getAccountNumber().strip();
            }
        }
        return null;
    }

    private Optional<LocalDate> statementDate(SwiftTagListBlock general, String label) {
        if (general != null) {
            for (Field98A field : Field98A.getAll(general)) {
                if ("STAT".equals(field.getQualifier())) {
                    return date(label, ":98A::STAT", field.getValue(), field.getDate());
                }
            }
            for (Field98C field : Field98C.getAll(general)) {
                if ("STAT".equals(field.getQualifier())) {
                    return date(label, ":98C::STAT", field.getValue(), field.getDate());
                }
            }
        }
        problems.statement(label, "statement date (:98A::STAT// or :98C::STAT//) is missing");
        return Optional.empty();
    }

    private Optional<LocalDate> date(String label, String field, String raw, String date) {
        Optional<LocalDate> parsed = SwiftValues.yyyymmdd(date);
        if (parsed.isEmpty()) {
            problems.statement(label, "statement date " + field + " \"" + raw + "\" is not a date YYYYMMDD");
        }
        return parsed;
    }

    private Optional<StatementHolding> holding(String label, int number, SwiftTagListBlock block) {
        int before = problems.count();
        Field35B instrument = Field35B.get(block);
        String isin = instrument == null ? null : instrument.getISIN();
        if (isin == null || !Isin.isValid(isin.strip())) {
            problems.entry(label, number, "instrument (:35B:) " + Decimals.quoted(instrument == null ? null
                    : instrument.getValue().replaceAll("\\R", " ")) + " has no valid ISIN (check digit verified)");
        }
        String name = instrument == null || instrument.getDescription() == null ? ""
                : instrument.getDescription().replaceAll("\\R", " ").strip();
        Field93B quantityField = Field93B.getAll(block).stream().filter(f -> "AGGR".equals(f.getQualifier()))
                .findFirst().orElse(null);
        Optional<BigDecimal> quantity = Optional.empty();
        if (quantityField == null) {
            problems.entry(label, number, "aggregate quantity (:93B::AGGR//) is missing");
        } else {
            quantity = Decimals.swift(quantityField.getBalance());
            if (quantity.isEmpty()) {
                problems.entry(label, number, "quantity (:93B::AGGR//) \"" + quantityField.getValue()
                        + "\": balance " + Decimals.quoted(quantityField.getBalance()) + " is not a SWIFT decimal (expected 100,)");
            } else if ("N".equals(quantityField.getSign())) {
                quantity = quantity.map(BigDecimal::negate);
            }
        }
        Field19A valueField = Field19A.getAll(block).stream().filter(f -> "HOLD".equals(f.getQualifier()))
                .findFirst().orElse(null);
        Optional<BigDecimal> value = Optional.empty();
        if (valueField == null) {
            problems.entry(label, number, "holding value (:19A::HOLD//) is missing");
        } else {
            value = Decimals.swift(valueField.getAmount());
            if (value.isEmpty()) {
                problems.entry(label, number, "holding value (:19A::HOLD//) \"" + valueField.getValue()
                        + "\": amount " + Decimals.quoted(valueField.getAmount()) + " is not a SWIFT decimal (expected 1000,00)");
            } else if ("N".equals(valueField.getSign())) {
                value = value.map(BigDecimal::negate);
            }
            if (!Currencies.isCode(valueField.getCurrencyCode())) {
                problems.entry(label, number, "holding value (:19A::HOLD//) \"" + valueField.getValue()
                        + "\": currency " + Decimals.quoted(valueField.getCurrencyCode()) + " is not an ISO 4217 code");
            }
        }
        BigDecimal price = null;
        boolean percent = false;
        String priceCurrency = "";
        Field90A percentPrice = Field90A.get(block);
        Field90B amountPrice = Field90B.get(block);
        if (percentPrice != null) {
            Optional<BigDecimal> p = Decimals.swift(percentPrice.getPrice());
            if (p.isEmpty()) {
                problems.entry(label, number, "price (:90A:) \"" + percentPrice.getValue() + "\": "
                        + Decimals.quoted(percentPrice.getPrice()) + " is not a SWIFT decimal (expected 101,25)");
            } else {
                price = p.get();
                percent = true;
            }
        } else if (amountPrice != null) {
            Optional<BigDecimal> p = Decimals.swift(amountPrice.getPrice());
            if (p.isEmpty() || !Currencies.isCode(amountPrice.getCurrencyCode())) {
                problems.entry(label, number, "price (:90B:) \"" + amountPrice.getValue()
                        + "\" is not a currency and a SWIFT decimal (expected ACTU/CHF123,45)");
            } else {
                price = p.get();
                priceCurrency = amountPrice.getCurrencyCode();
            }
        }
        if (problems.count() > before) {
            return Optional.empty();
        }
        Field12C cfi = Field12C.get(block);
        HoldingClass assetClass = cfi != null && cfi.getCFICode() != null
                ? HoldingClass.ofCfi(cfi.getCFICode())
                : classByQuantityAndName(quantityField.getQuantityTypeCode(), name);
        return Optional.of(new StatementHolding(number, isin.strip(), name, assetClass, quantity.get(), price, percent,
                priceCurrency, value.get(), valueField.getCurrencyCode()));
    }

    private static HoldingClass classByQuantityAndName(String quantityType, String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if ("FAMT".equals(quantityType) || "AMOR".equals(quantityType)) {
            return HoldingClass.BOND;
        }
        if (upper.contains("FUND") || upper.contains("ETF") || upper.contains("SICAV")) {
            return HoldingClass.FUND;
        }
        if (upper.contains("CERT") || upper.contains("NOTE") || upper.contains("STRUCT")) {
            return HoldingClass.STRUCTURED;
        }
        return HoldingClass.EQUITY;
    }
}
