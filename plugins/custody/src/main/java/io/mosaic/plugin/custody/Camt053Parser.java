package io.mosaic.plugin.custody;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ISO 20022 camt.053 (bank-to-customer statement), versions 001.02, 001.04 and 001.08, read as a stream (StAX) so
 * that a large file is never held as a tree. Pure: reads the text it is given, nothing else (no DTDs, no external
 * entities). Entry status is {@code <Sts>BOOK</Sts>} (001.02/.04) or {@code <Sts><Cd>BOOK</Cd></Sts>} (001.08);
 * either is accepted in any version.
 */
final class Camt053Parser {
    static final Map<String, String> VERSIONS = Map.of(
            "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02", "001.02",
            "urn:iso:std:iso:20022:tech:xsd:camt.053.001.04", "001.04",
            "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08", "001.08");
    private static final Set<String> STATUSES = Set.of("BOOK", "PDNG", "INFO", "FUTR");

    private final String fileName;
    private final Progress progress;
    private final Problems problems;
    private final List<ParsedStatement> statements = new ArrayList<>();
    private final List<String> path = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private long entriesRead;

    private StatementBuilder statement;
    private int statementDepth;
    private int statementCount;
    private Balance balance;
    private int balanceDepth;
    private Entry entry;
    private int entryDepth;

    private Camt053Parser(String fileName, Progress progress) {
        this.fileName = fileName;
        this.progress = progress;
        this.problems = new Problems(StatementFormat.CAMT053, fileName);
    }

    static ParseResult parse(String fileName, String content, Progress progress) {
        return new Camt053Parser(fileName, progress).read(content);
    }

    private ParseResult read(String content) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(new StringReader(content));
            while (xml.hasNext()) {
                switch (xml.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (!start(xml)) {
                            return problems.result(List.of());
                        }
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> text.append(xml.getText());
                    case XMLStreamConstants.END_ELEMENT -> end();
                    default -> {
                        // comments, processing instructions and whitespace outside elements carry nothing
                    }
                }
            }
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber()
                    + ", column " + e.getLocation().getColumnNumber();
            problems.file("not well-formed XML" + where + ": " + firstLine(e.getMessage()));
            return problems.result(List.of());
        } finally {
            close(xml);
        }
        if (statementCount == 0 && !problems.any()) {
            problems.file("no statement (Stmt) found");
        }
        return problems.result(statements);
    }

    /** Returns false when the document is not a camt.053 of a supported version (nothing more is read). */
    private boolean start(XMLStreamReader xml) {
        String name = xml.getLocalName();
        path.add(name);
        text.setLength(0);
        int depth = path.size();
        if (depth == 1) {
            String namespace = xml.getNamespaceURI() == null ? "" : xml.getNamespaceURI();
            if (!name.equals("Document") || !VERSIONS.containsKey(namespace)) {
                problems.file("not a camt.053 document of a supported version: root element " + name
                        + " in namespace \"" + namespace + "\" (expected Document in "
                        + "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02, .001.04 or .001.08)");
                return false;
            }
        } else if (name.equals("Stmt") && depth == 3 && parent(depth).equals("BkToCstmrStmt")) {
            statement = new StatementBuilder(StatementFormat.CAMT053, problems, ++statementCount);
            statementDepth = depth;
        } else if (statement != null && depth == statementDepth + 1 && name.equals("Bal")) {
            balance = new Balance();
            balanceDepth = depth;
        } else if (statement != null && depth == statementDepth + 1 && name.equals("Ntry")) {
            entry = new Entry(statement.nextEntryNumber());
            entryDepth = depth;
        }
        if (name.equals("Amt") && (entry != null && depth == entryDepth + 1 || balance != null && depth == balanceDepth + 1)) {
            String currency = xml.getAttributeValue(null, "Ccy");
            if (entry != null) {
                entry.currency = currency;
            } else {
                balance.currency = currency;
            }
        }
        return true;
    }

    private void end() {
        int depth = path.size();
        String value = text.toString().strip();
        text.setLength(0);
        if (entry != null) {
            if (depth == entryDepth) {
                finishEntry();
            } else {
                entry.set(relative(entryDepth), value);
            }
        } else if (balance != null) {
            if (depth == balanceDepth) {
                finishBalance();
            } else {
                balance.set(relative(balanceDepth), value);
            }
        } else if (statement != null) {
            if (depth == statementDepth) {
                ParsedStatement done = statement.finish();
                if (done != null) {
                    statements.add(done);
                }
                statement = null;
            } else {
                statementField(relative(statementDepth), value);
            }
        }
        path.removeLast();
    }

    private void statementField(String field, String value) {
        switch (field) {
            case "Id" -> statement.statementId = value;
            case "Acct/Id/IBAN", "Acct/Id/Othr/Id" -> statement.accountId = value;
            case "Acct/Ccy" -> statement.currency = value;
            default -> {
                // other statement fields (creation time, sequence numbers, servicer) are not needed
            }
        }
    }

    private void finishBalance() {
        Balance bal = balance;
        balance = null;
        String label = statement.label();
        if (!bal.type.equals("OPBD") && !bal.type.equals("PRCD") && !bal.type.equals("CLBD")) {
            return; // interim and available balances are not part of the balance rule
        }
        Optional<BigDecimal> amount = Decimals.dot(bal.amount);
        boolean valid = true;
        if (amount.isEmpty() || amount.get().signum() < 0) {
            problems.statement(label, "balance " + bal.type + ": amount " + Decimals.quoted(bal.amount)
                    + " is not a decimal (expected 12.50)");
            valid = false;
        }
        if (!Currencies.isCode(bal.currency)) {
            problems.statement(label, "balance " + bal.type + ": currency (Ccy) " + Decimals.quoted(bal.currency)
                    + " is not an ISO 4217 code");
            valid = false;
        } else if (statement.currency == null) {
            statement.currency = bal.currency;
        } else if (!statement.currency.equals(bal.currency)) {
            problems.statement(label, "balance " + bal.type + ": currency " + bal.currency
                    + " differs from the account currency " + statement.currency);
            valid = false;
        }
        if (!bal.indicator.equals("CRDT") && !bal.indicator.equals("DBIT")) {
            problems.statement(label, "balance " + bal.type + ": credit/debit indicator (CdtDbtInd) "
                    + Decimals.quoted(bal.indicator) + " is not CRDT or DBIT");
            valid = false;
        }
        Optional<LocalDate> date = Decimals.isoDate(bal.date);
        if (date.isEmpty()) {
            problems.statement(label, "balance " + bal.type + ": date " + Decimals.quoted(bal.date)
                    + " is not an ISO date (expected 2024-03-31)");
            valid = false;
        }
        if (!valid) {
            return;
        }
        BigDecimal signed = bal.indicator.equals("DBIT") ? amount.get().negate() : amount.get();
        if (bal.type.equals("CLBD")) {
            statement.closing = signed;
            statement.date = date.get();
        } else if (statement.opening == null || bal.type.equals("OPBD")) {
            statement.opening = signed;
        }
    }

    private void finishEntry() {
        Entry e = entry;
        entry = null;
        String label = statement.label();
        int before = problems.count();
        Optional<BigDecimal> amount = Decimals.dot(e.amount);
        if (amount.isEmpty() || amount.get().signum() < 0) {
            problems.entry(label, e.number, "amount (Amt) " + Decimals.quoted(e.amount)
                    + " is not a decimal (expected 12.50)");
        }
        if (!Currencies.isCode(e.currency)) {
            problems.entry(label, e.number, "currency (Amt/@Ccy) " + Decimals.quoted(e.currency)
                    + " is not an ISO 4217 code");
        } else if (statement.currency != null && !statement.currency.equals(e.currency)) {
            problems.entry(label, e.number, "currency (Amt/@Ccy) " + e.currency
                    + " differs from the account currency " + statement.currency);
        }
        if (!"CRDT".equals(e.indicator) && !"DBIT".equals(e.indicator)) {
            problems.entry(label, e.number, "credit/debit indicator (CdtDbtInd) " + Decimals.quoted(e.indicator)
                    + " is not CRDT or DBIT");
        }
        if (e.status == null || !STATUSES.contains(e.status)) {
            problems.entry(label, e.number, "status (Sts) " + Decimals.quoted(e.status)
                    + " is not BOOK, PDNG, INFO or FUTR");
        }
        if (e.reversal != null && !e.reversal.equals("true") && !e.reversal.equals("false")) {
            problems.entry(label, e.number, "reversal indicator (RvslInd) " + Decimals.quoted(e.reversal)
                    + " is not true or false");
        }
        Optional<LocalDate> booking = Optional.ofNullable(e.bookingDate).flatMap(Decimals::isoDate);
        Optional<LocalDate> value = Optional.ofNullable(e.valueDate).flatMap(Decimals::isoDate);
        if (e.bookingDate != null && booking.isEmpty()) {
            problems.entry(label, e.number, "booking date (BookgDt) " + Decimals.quoted(e.bookingDate)
                    + " is not an ISO date (expected 2024-03-31)");
        }
        if (e.valueDate != null && value.isEmpty()) {
            problems.entry(label, e.number, "value date (ValDt) " + Decimals.quoted(e.valueDate)
                    + " is not an ISO date (expected 2024-03-31)");
        }
        if (booking.isEmpty() && value.isEmpty() && e.bookingDate == null && e.valueDate == null) {
            problems.entry(label, e.number, "booking date (BookgDt) is missing");
        }
        if (problems.count() > before) {
            statement.skipInvalidEntry();
        } else {
            BigDecimal signed = e.indicator.equals("DBIT") ? amount.get().negate() : amount.get();
            LocalDate bookingDate = booking.orElseGet(value::get);
            statement.add(new StatementEntry(e.number, e.reference(), bookingDate, value.orElse(bookingDate), signed,
                    e.status.equals("BOOK"), "true".equals(e.reversal),
                    e.proprietaryCode != null && e.domain == null ? EntryKind.ofSwiftCode(e.proprietaryCode)
                            : EntryKind.ofBankTransactionCode(e.domain, e.family, e.subFamily),
                    e.info));
        }
        if (++entriesRead % Progress.EVERY == 0) {
            progress.entriesRead(entriesRead);
        }
    }

    private String relative(int containerDepth) {
        int depth = path.size();
        if (depth == containerDepth + 1) {
            return path.get(depth - 1);
        }
        StringBuilder relative = new StringBuilder(path.get(containerDepth));
        for (int i = containerDepth + 1; i < depth; i++) {
            relative.append('/').append(path.get(i));
        }
        return relative.toString();
    }

    private String parent(int depth) {
        return path.get(depth - 2);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no detail)";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(newline + 1);
        return line.strip();
    }

    private static void close(XMLStreamReader xml) {
        if (xml == null) {
            return;
        }
        try {
            xml.close();
        } catch (XMLStreamException e) {
            throw new CustodyException("closing the XML reader of a string failed", e);
        }
    }

    /** A balance while it is read. */
    private static final class Balance {
        String type = "";
        String amount;
        String currency;
        String indicator = "";
        String date;

        void set(String field, String value) {
            switch (field) {
                case "Tp/CdOrPrtry/Cd" -> type = value;
                case "Amt" -> amount = value;
                case "CdtDbtInd" -> indicator = value;
                case "Dt/Dt", "Dt/DtTm" -> date = value;
                default -> {
                    // sub-types and availability are not needed
                }
            }
        }
    }

    /** An entry while it is read. */
    private static final class Entry {
        final int number;
        String entryRef;
        String servicerRef;
        String amount;
        String currency;
        String indicator;
        String status;
        String reversal;
        String bookingDate;
        String valueDate;
        String domain;
        String family;
        String subFamily;
        String proprietaryCode;
        String info;

        Entry(int number) {
            this.number = number;
        }

        String reference() {
            return servicerRef != null ? servicerRef : entryRef == null ? "" : entryRef;
        }

        void set(String field, String value) {
            switch (field) {
                case "NtryRef" -> entryRef = value;
                case "AcctSvcrRef" -> servicerRef = value;
                case "Amt" -> amount = value;
                case "CdtDbtInd" -> indicator = value;
                case "RvslInd" -> reversal = value;
                case "Sts" -> {
                    if (!value.isEmpty()) {
                        status = value; // 001.02 and 001.04: the code is the element's text
                    }
                }
                case "Sts/Cd" -> status = value; // 001.08
                case "BookgDt/Dt", "BookgDt/DtTm" -> bookingDate = value;
                case "ValDt/Dt", "ValDt/DtTm" -> valueDate = value;
                case "BkTxCd/Domn/Cd" -> domain = value;
                case "BkTxCd/Domn/Fmly/Cd" -> family = value;
                case "BkTxCd/Domn/Fmly/SubFmlyCd" -> subFamily = value;
                case "BkTxCd/Prtry/Cd" -> proprietaryCode = value;
                case "AddtlNtryInf" -> info = value;
                default -> {
                    // transaction details, charges and the like are not needed for the balance and flows
                }
            }
        }
    }
}
