package io.mosaic.plugin.custody;

import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.testkit.FakeEnvelope;
import io.mosaic.sdk.testkit.FakeEventStore;
import io.mosaic.sdk.testkit.FakePluginContext;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Generated statements, written as camt.053 or CSV files: parsing gives them back, importing twice changes nothing. */
class ImportIdempotenceTest {

    record GeneratedEntry(BigDecimal amount, int day, EntryKind kind, boolean booked) {
    }

    record GeneratedStatement(int month, BigDecimal opening, List<GeneratedEntry> entries) {
        LocalDate date() {
            return LocalDate.of(2024, month, 1).plusMonths(1).minusDays(1);
        }

        BigDecimal closing() {
            return entries.stream().filter(GeneratedEntry::booked).map(GeneratedEntry::amount)
                    .reduce(opening, BigDecimal::add);
        }
    }

    @Provide
    Arbitrary<List<GeneratedStatement>> statements() {
        Arbitrary<BigDecimal> amounts = Arbitraries.bigDecimals().between(new BigDecimal("-99999.99"),
                new BigDecimal("99999.99")).ofScale(2).filter(a -> a.signum() != 0);
        Arbitrary<GeneratedEntry> entries = Combinators.combine(amounts, Arbitraries.integers().between(1, 28),
                Arbitraries.of(EntryKind.class), Arbitraries.of(true, true, true, false)).as(GeneratedEntry::new);
        Arbitrary<GeneratedStatement> statement = Combinators.combine(Arbitraries.integers().between(1, 12),
                amounts, entries.list().ofMaxSize(15)).as(GeneratedStatement::new);
        return statement.list().ofMinSize(1).ofMaxSize(4).uniqueElements(GeneratedStatement::month);
    }

    @Property(tries = 60)
    void camt_parsesBackWhatWasWritten(@ForAll("statements") List<GeneratedStatement> generated) {
        String xml = camt(generated, "urn:iso:std:iso:20022:tech:xsd:camt.053.001.04");

        ParseResult result = StatementParsers.parse(StatementFormat.CAMT053, "gen.xml", xml, Progress.none());

        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
        List<ParsedStatement> parsed = ((ParseResult.Parsed) result).statements();
        assertThat(parsed).hasSize(generated.size());
        for (int i = 0; i < generated.size(); i++) {
            assertThat(parsed.get(i).closingBalance()).isEqualByComparingTo(generated.get(i).closing());
            assertThat(parsed.get(i).entries()).extracting(StatementEntry::amount)
                    .usingElementComparator(BigDecimal::compareTo)
                    .containsExactlyElementsOf(generated.get(i).entries().stream().map(GeneratedEntry::amount).toList());
        }
    }

    @Property(tries = 40)
    void importingTheSameFileTwice_changesNothing(@ForAll("statements") List<GeneratedStatement> generated,
                                                  @ForAll boolean asCsv) {
        FakeEventStore store = new FakeEventStore("custody", FakePluginContext.CLOCK);
        FakePluginContext context = new FakePluginContext(store, Map.of());
        CustodyDomain domain = new CustodyDomain();
        domain.start(context);
        StatementFormat format = asCsv ? StatementFormat.CSV : StatementFormat.CAMT053;
        String content = asCsv ? csv(generated) : camt(generated, "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08");
        AggregateRef ledger = new AggregateRef("custody-ledger", "owner-1");

        domain.onMessage(command("first", format, content));
        assertThat(context.published("custody.StatementRejected")).isEmpty();
        int events = store.load(ledger).size();
        int published = context.published().size();
        Object holdings = domain.query(new Query("holdings", Map.of("owner", "owner-1"), "t")).orElseThrow();

        domain.onMessage(command("second", format, content));

        assertThat(store.load(ledger)).hasSize(events);
        assertThat(context.published()).hasSize(published);
        assertThat(domain.query(new Query("holdings", Map.of("owner", "owner-1"), "t")).orElseThrow())
                .isEqualTo(holdings);
        assertThat(context.published("custody.StatementImported")).hasSize(generated.size());
    }

    private static FakeEnvelope command(String importId, StatementFormat format, String content) {
        return FakeEnvelope.command("custody.ImportStatement", new ImportStatement(importId, "gen-file", format,
                content, "owner-1", "Testbank"));
    }

    static String camt(List<GeneratedStatement> statements, String namespace) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"")
                .append(namespace).append("\"><BkToCstmrStmt><GrpHdr><MsgId>GEN</MsgId></GrpHdr>");
        boolean v08 = namespace.endsWith("001.08");
        for (GeneratedStatement s : statements) {
            xml.append("<Stmt><Id>GEN-").append(s.month()).append("</Id>")
                    .append("<Acct><Id><IBAN>CH9300762011623852957</IBAN></Id><Ccy>CHF</Ccy></Acct>");
            balance(xml, "OPBD", s.opening(), s.date().withDayOfMonth(1).minusDays(1));
            balance(xml, "CLBD", s.closing(), s.date());
            for (GeneratedEntry e : s.entries()) {
                String status = e.booked() ? "BOOK" : "PDNG";
                xml.append("<Ntry><Amt Ccy=\"CHF\">").append(e.amount().abs().toPlainString()).append("</Amt><CdtDbtInd>")
                        .append(e.amount().signum() < 0 ? "DBIT" : "CRDT").append("</CdtDbtInd>")
                        .append(v08 ? "<Sts><Cd>" + status + "</Cd></Sts>" : "<Sts>" + status + "</Sts>")
                        .append("<BookgDt><Dt>").append(s.date().withDayOfMonth(Math.min(e.day(), s.date().getDayOfMonth())))
                        .append("</Dt></BookgDt><BkTxCd><Domn><Cd>").append(domainCode(e.kind()))
                        .append("</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>").append(subFamily(e.kind()))
                        .append("</SubFmlyCd></Fmly></Domn></BkTxCd></Ntry>");
            }
            xml.append("</Stmt>");
        }
        return xml.append("</BkToCstmrStmt></Document>").toString();
    }

    private static String domainCode(EntryKind kind) {
        return kind == EntryKind.TRADE ? "SECU" : "ACMT";
    }

    private static String subFamily(EntryKind kind) {
        return switch (kind) {
            case INCOME -> "INTR";
            case FEE -> "CHRG";
            case TRADE, TRANSFER -> "OTHR";
        };
    }

    private static void balance(StringBuilder xml, String type, BigDecimal amount, LocalDate date) {
        xml.append("<Bal><Tp><CdOrPrtry><Cd>").append(type).append("</Cd></CdOrPrtry></Tp><Amt Ccy=\"CHF\">")
                .append(amount.abs().toPlainString()).append("</Amt><CdtDbtInd>")
                .append(amount.signum() < 0 ? "DBIT" : "CRDT").append("</CdtDbtInd><Dt><Dt>").append(date)
                .append("</Dt></Dt></Bal>");
    }

    static String csv(List<GeneratedStatement> statements) {
        List<String> lines = new ArrayList<>();
        lines.add("account,statement_id,statement_date,currency,opening_balance,closing_balance,booking_date,amount,type,status");
        for (GeneratedStatement s : statements) {
            String head = "CH9300762011623852957,GEN-" + s.month() + "," + s.date() + ",CHF," + s.opening().toPlainString()
                    + "," + s.closing().toPlainString() + ",";
            if (s.entries().isEmpty()) {
                lines.add(head + ",,,");
            }
            for (GeneratedEntry e : s.entries()) {
                lines.add(head + s.date().withDayOfMonth(Math.min(e.day(), s.date().getDayOfMonth())) + ","
                        + e.amount().toPlainString() + "," + e.kind() + "," + (e.booked() ? "BOOK" : "PDNG"));
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
