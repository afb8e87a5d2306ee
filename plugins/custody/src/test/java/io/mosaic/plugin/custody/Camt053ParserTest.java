package io.mosaic.plugin.custody;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static io.mosaic.plugin.custody.StatementFiles.errors;
import static io.mosaic.plugin.custody.StatementFiles.parsed;
import static io.mosaic.plugin.custody.StatementFiles.read;
import static org.assertj.core.api.Assertions.assertThat;

class Camt053ParserTest {
    private static final StatementFormat CAMT = StatementFormat.CAMT053;

    @Test
    void version02_twoStatements_balancesEntriesAndKinds() {
        List<ParsedStatement> statements = parsed(CAMT, "camt053-v02-two-statements.xml");

        assertThat(statements).hasSize(2);
        ParsedStatement chf = statements.getFirst();
        assertThat(chf.key()).isEqualTo("CH9300762011623852957/STMT-2024-03-CHF/2024-03-31");
        assertThat(chf.currency()).isEqualTo("CHF");
        assertThat(chf.openingBalance()).isEqualByComparingTo("150000.00");
        assertThat(chf.closingBalance()).isEqualByComparingTo("158412.35");
        assertThat(chf.entries()).extracting(StatementEntry::amount).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("10000.00"), new BigDecimal("1250.40"), new BigDecimal("-2800.00"),
                        new BigDecimal("-38.05"), new BigDecimal("-500.00"));
        assertThat(chf.entries()).extracting(StatementEntry::kind).containsExactly(EntryKind.TRANSFER,
                EntryKind.INCOME, EntryKind.TRANSFER, EntryKind.FEE, EntryKind.TRANSFER);
        assertThat(chf.entries()).extracting(StatementEntry::booked).containsExactly(true, true, true, true, false);
        assertThat(chf.bookedEntries()).isEqualTo(4);
        assertThat(chf.entries().getFirst().reference()).isEqualTo("ALP-240304-0001");
        assertThat(chf.entries().getFirst().description()).isEqualTo("Transfer from UBS account");

        ParsedStatement eur = statements.get(1);
        assertThat(eur.openingBalance()).as("PRCD, debit").isEqualByComparingTo("-200.00");
        assertThat(eur.closingBalance()).isEqualByComparingTo("4800.00");
        assertThat(eur.date()).isEqualTo(LocalDate.of(2024, 3, 31));
    }

    @Test
    void version04_reversalIsBookedInItsDirection_andMarked() {
        ParsedStatement statement = parsed(CAMT, "camt053-v04-reversal.xml").getFirst();

        assertThat(statement.accountId()).as("Othr/Id").isEqualTo("0412-778899-01");
        assertThat(statement.entries()).extracting(StatementEntry::reversal).containsExactly(false, true, false);
        assertThat(statement.entries().get(1).amount()).isEqualByComparingTo("3000.00");
        assertThat(statement.entries().get(2).kind()).as("proprietary NCHG").isEqualTo(EntryKind.FEE);
        assertThat(statement.closingBalance()).isEqualByComparingTo("24875.50");
    }

    @Test
    void version08_statusAsCode_dateTimes_andInformationEntriesLeftOut() {
        ParsedStatement statement = parsed(CAMT, "camt053-v08-sts-code.xml").getFirst();

        assertThat(statement.date()).as("closing balance DtTm").isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(statement.entries()).extracting(StatementEntry::booked).containsExactly(true, false);
        assertThat(statement.entries().getFirst().bookingDate()).isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(statement.entries().getFirst().kind()).isEqualTo(EntryKind.INCOME);
        assertThat(statement.entries().get(1).kind()).isEqualTo(EntryKind.TRADE);
    }

    @Test
    void commaDecimal_isRejectedWithFileStatementEntryAndField() {
        assertThat(errors(CAMT, "camt053-malformed-amount.xml")).containsExactly(
                "camt.053 file camt053-malformed-amount.xml, statement STMT-2024-03-CHF, entry 3: amount (Amt) "
                        + "\"2800,00\" is not a decimal (expected 12.50)");
    }

    @Test
    void closingBalanceThatDoesNotReconcile_isRejectedWithTheNumbers() {
        assertThat(errors(CAMT, "camt053-unbalanced.xml")).containsExactly(
                "camt.053 file camt053-unbalanced.xml, statement STMT-2024-03-CHF: balances do not reconcile: "
                        + "opening balance 150000.00 + booked entries 8412.35 = 158412.35, but the closing balance "
                        + "is 158422.35 (difference 10.00)");
    }

    @Test
    void unknownVersion_isRejected() {
        assertThat(errors(CAMT, "camt053-unknown-version.xml")).singleElement().asString()
                .contains("camt053-unknown-version.xml", "camt.053.001.99", "001.02, .001.04 or .001.08");
    }

    @Test
    void notWellFormed_isRejectedWithTheLine() {
        assertThat(errors(CAMT, "camt053-not-well-formed.xml")).singleElement().asString()
                .startsWith("camt.053 file camt053-not-well-formed.xml: not well-formed XML at line ");
    }

    @Test
    void everyErrorOfTheFileIsListed_andStatementsOtherwiseValidAreNotReturned() {
        String content = read("camt053-v02-two-statements.xml")
                .replace("<CdtDbtInd>DBIT</CdtDbtInd>\n        <Sts>BOOK</Sts>\n        <BookgDt><Dt>2024-03-31</Dt>",
                        "<CdtDbtInd>DEBIT</CdtDbtInd>\n        <Sts>BOOK</Sts>\n        <BookgDt><Dt>2024-03-32</Dt>")
                .replace("<Amt Ccy=\"EUR\">5000.00</Amt>", "<Amt Ccy=\"CHF\">5000.00</Amt>");

        assertThat(errors(CAMT, "f.xml", content)).containsExactly(
                "camt.053 file f.xml, statement STMT-2024-03-CHF, entry 4: credit/debit indicator (CdtDbtInd) \"DEBIT\" is not CRDT or DBIT",
                "camt.053 file f.xml, statement STMT-2024-03-CHF, entry 4: booking date (BookgDt) \"2024-03-32\" is not an ISO date (expected 2024-03-31)",
                "camt.053 file f.xml, statement STMT-2024-03-EUR, entry 1: currency (Amt/@Ccy) CHF differs from the account currency EUR");
    }

    @Test
    void missingClosingBalance_isRejected() {
        String content = read("camt053-v08-sts-code.xml").replace("<Cd>CLBD</Cd>", "<Cd>CLAV</Cd>");
        assertThat(errors(CAMT, "f.xml", content)).containsExactly(
                "camt.053 file f.xml, statement LKB-2024-06-USD: closing balance (CLBD) is missing",
                "camt.053 file f.xml, statement LKB-2024-06-USD: statement date (date of the closing balance) is missing");
    }

    @Test
    void externalEntities_areNotResolved() {
        String content = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + read("camt053-v08-sts-code.xml").substring(read("camt053-v08-sts-code.xml").indexOf("<Document"))
                .replace("Interest June", "&x;");
        assertThat(errors(CAMT, "xxe.xml", content)).singleElement().asString().contains("xxe.xml");
    }

    @Test
    void progress_isReportedEvery10000Entries() {
        StringBuilder xml = new StringBuilder("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"
                + "<BkToCstmrStmt><Stmt><Id>S</Id><Acct><Id><IBAN>CH9300762011623852957</IBAN></Id><Ccy>CHF</Ccy></Acct>"
                + "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"CHF\">0</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-01</Dt></Dt></Bal>"
                + "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"CHF\">25000</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-31</Dt></Dt></Bal>");
        for (int i = 0; i < 25_000; i++) {
            xml.append("<Ntry><Amt Ccy=\"CHF\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
                    + "<BookgDt><Dt>2024-01-15</Dt></BookgDt></Ntry>");
        }
        xml.append("</Stmt></BkToCstmrStmt></Document>");
        List<Long> reported = new ArrayList<>();

        ParseResult result = StatementParsers.parse(CAMT, "big.xml", xml.toString(), reported::add);

        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        assertThat(reported).containsExactly(10_000L, 20_000L);
        assertThat(((ParseResult.Parsed) result).statements().getFirst().entries()).hasSize(25_000);
    }
}
