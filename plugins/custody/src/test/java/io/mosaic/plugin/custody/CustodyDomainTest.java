package io.mosaic.plugin.custody;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.DomainPlugin;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.testkit.FakeEnvelope;
import io.mosaic.sdk.testkit.FakeEventStore;
import io.mosaic.sdk.testkit.FakePluginContext;
import io.mosaic.sdk.testkit.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.mosaic.plugin.custody.StatementFiles.read;
import static org.assertj.core.api.Assertions.assertThat;

/** The domain against an in-memory platform: commands in, journal and published messages out, queries. */
class CustodyDomainTest {
    private static final AggregateRef KELLER = new AggregateRef("custody-ledger", "keller-family");
    private FakeEventStore store;
    private FakePluginContext context;
    private CustodyDomain domain;

    @BeforeEach
    void start() {
        store = new FakeEventStore("custody", FakePluginContext.CLOCK);
        context = new FakePluginContext(store, Map.of());
        domain = new CustodyDomain();
        domain.start(context);
    }

    private static FakeEnvelope importing(String importId, StatementFormat format, String fileName, String content,
                                          String owner) {
        return FakeEnvelope.command("custody.ImportStatement",
                new ImportStatement(importId, fileName, format, content, owner, "Alpenbank AG"));
    }

    private static FakeEnvelope importing(String importId, StatementFormat format, String fileName) {
        return importing(importId, format, fileName, read(fileName), "keller-family");
    }

    private List<String> rejections() {
        return context.published("custody.StatementRejected").stream()
                .map(p -> p.as(StatementRejected.class).error()).toList();
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> query(String name, String key, String value) {
        return (List<T>) domain.query(new Query(name, Map.of(key, value), "advisor-3")).orElseThrow();
    }

    @Test
    void camtImport_publishesStatementsFlowsAndHoldings_withOwnerAsEntity() {
        FakeEnvelope command = importing("imp-1", StatementFormat.CAMT053, "camt053-v02-two-statements.xml");
        domain.onMessage(command);

        assertThat(rejections()).isEmpty();
        assertThat(context.published("custody.StatementImported")).hasSize(2);
        List<CashFlowRecorded> flows = context.published("custody.CashFlowRecorded").stream()
                .map(p -> p.as(CashFlowRecorded.class)).toList();
        assertThat(flows).extracting(CashFlowRecorded::kind).containsExactly(EntryKind.TRANSFER, EntryKind.INCOME,
                EntryKind.TRANSFER, EntryKind.FEE, EntryKind.TRANSFER);
        assertThat(flows).extracting(CashFlowRecorded::external).containsExactly(true, false, true, false, true);
        assertThat(flows.getFirst().flowId()).isEqualTo("CH9300762011623852957/STMT-2024-03-CHF/2024-03-31#1");
        assertThat(flows.get(2).amount()).isEqualByComparingTo("-2800.00");
        assertThat(context.published()).allSatisfy(p -> {
            assertThat(p.entity()).contains("keller-family");
            assertThat(p.cause().orElseThrow().id()).isEqualTo(command.id());
        });

        HoldingValued cash = context.published("custody.HoldingValued").getFirst().as(HoldingValued.class);
        assertThat(cash.holdingId()).isEqualTo("CH9300762011623852957:CASH-CHF");
        assertThat(cash.assetClass()).isEqualTo(HoldingClass.CASH);
        assertThat(cash.region()).isEqualTo("CH");
        assertThat(cash.marketValue()).isEqualByComparingTo("158412.35");
        assertThat(cash.asOf()).isEqualTo(LocalDate.of(2024, 3, 31));

        JsonNode json = Json.read(context.published("custody.StatementImported").getFirst().json(), JsonNode.class);
        assertThat(json.get("openingBalance").isTextual()).as("BigDecimal as a JSON string").isTrue();
        assertThat(json.get("statementKey").asText()).isEqualTo("CH9300762011623852957/STMT-2024-03-CHF/2024-03-31");
        assertThat(json.get("format").asText()).isEqualTo("CAMT053");
        assertThat(json.get("entries").asInt()).isEqualTo(4);
    }

    @Test
    void importingTheSameFileTwice_changesNothing() {
        domain.onMessage(importing("imp-1", StatementFormat.MT940, "mt940-two-messages.sta"));
        int events = store.load(KELLER).size();
        int published = context.published().size();

        domain.onMessage(importing("imp-2", StatementFormat.MT940, "mt940-two-messages.sta"));

        assertThat(store.load(KELLER)).hasSize(events);
        assertThat(context.published()).hasSize(published);
        assertThat(rejections()).isEmpty();
    }

    @Test
    void aFileWithOneBadStatement_isRejectedWhole_andNothingIsStored() {
        domain.onMessage(importing("imp-1", StatementFormat.CAMT053, "camt053-malformed-amount.xml"));

        assertThat(rejections()).singleElement().asString()
                .contains("camt053-malformed-amount.xml", "statement STMT-2024-03-CHF", "entry 3", "\"2800,00\"");
        StatementRejected rejected = context.published("custody.StatementRejected").getFirst().as(StatementRejected.class);
        assertThat(rejected.importId()).isEqualTo("imp-1");
        assertThat(rejected.fileName()).isEqualTo("camt053-malformed-amount.xml");
        assertThat(store.load(KELLER)).isEmpty();
        assertThat(store.load(CustodyDomain.INDEX)).isEmpty();
        assertThat(context.published()).hasSize(1);
        assertThat(query("accounts", "owner", "keller-family")).isEmpty();
    }

    @Test
    void aFileTooLargeForOneAtomicAppend_isRejectedWhole_sayingWhatToDo() {
        store.limitAppendsTo(6); // as a Cassandra journal with a small partition: far fewer rows than this file needs

        domain.onMessage(importing("imp-big", StatementFormat.CAMT053, "camt053-v02-two-statements.xml"));

        assertThat(rejections()).singleElement().asString()
                .contains("too large to import in one piece", "2 statement(s)", "at most about 6", "Split the file",
                        "nothing of this file was imported");
        assertThat(store.load(KELLER)).isEmpty();
        assertThat(context.published()).hasSize(1);
        assertThat(query("holdings", "owner", "keller-family")).isEmpty();
    }

    @Test
    void unbalancedStatement_isRejectedWithTheNumbers() {
        domain.onMessage(importing("imp-1", StatementFormat.CAMT053, "camt053-unbalanced.xml"));

        assertThat(rejections()).singleElement().asString().contains("158412.35", "158422.35", "difference 10.00");
        assertThat(store.load(KELLER)).isEmpty();
    }

    @Test
    void sameStatementKeyWithOtherContent_rejectsTheFile() {
        domain.onMessage(importing("imp-1", StatementFormat.MT940, "mt940-text-block-only.sta"));
        String changed = read("mt940-text-block-only.sta").replace("C2500,", "C2600,")
                .replace("EUR2387,50", "EUR2487,50");

        domain.onMessage(importing("imp-2", StatementFormat.MT940, "corrected.sta", changed, "keller-family"));

        assertThat(rejections()).containsExactly("MT940 file corrected.sta, statement 7: statement "
                + "ZKBKCHZZ80A/1100-1234.567/7/2024-06-30 was imported before from file mt940-text-block-only.sta "
                + "(import imp-1) with other content (closing balance 2387.50 then, 2487.50 now)");
        assertThat(query("statements", "accountId", "ZKBKCHZZ80A/1100-1234.567")).hasSize(1);
    }

    @Test
    void accountOfAnotherOwner_rejectsTheFile() {
        domain.onMessage(importing("imp-1", StatementFormat.MT940, "mt940-text-block-only.sta"));
        domain.onMessage(importing("imp-2", StatementFormat.MT940, "other.sta",
                read("mt940-text-block-only.sta").replace(":28C:7", ":28C:8"), "someone-else"));

        assertThat(rejections()).singleElement().asString()
                .contains("account ZKBKCHZZ80A/1100-1234.567 belongs to another owner, not someone-else");
        assertThat(store.load(new AggregateRef("custody-ledger", "someone-else"))).isEmpty();
    }

    @Test
    void gapBetweenStatements_isReportedAsReconciliationDifference_notHidden() {
        domain.onMessage(importing("imp-1", StatementFormat.CSV, "csv-two-statements.csv"));
        String april = """
                account,statement_id,statement_date,currency,opening_balance,closing_balance,booking_date,amount,type
                CH4431999123000889012,2024-04,2024-04-30,CHF,6000.25,6100.25,2024-04-10,100.00,TRANSFER
                """;

        domain.onMessage(importing("imp-2", StatementFormat.CSV, "april.csv", april, "keller-family"));

        assertThat(rejections()).isEmpty();
        List<ReconciliationDifference> differences = context.published("custody.ReconciliationDifference").stream()
                .map(p -> p.as(ReconciliationDifference.class)).toList();
        assertThat(differences).singleElement().satisfies(d -> {
            assertThat(d.statementKey()).isEqualTo("CH4431999123000889012/2024-04/2024-04-30");
            assertThat(d.expected()).isEqualByComparingTo("5980.25");
            assertThat(d.actual()).isEqualByComparingTo("6000.25");
            assertThat(d.currency()).isEqualTo("CHF");
            assertThat(d.detail()).contains("statement 2024-03 (2024-03-31)");
        });
        assertThat(query("differences", "owner", "keller-family")).hasSize(1);
        assertThat(query("statements", "accountId", "CH4431999123000889012")).hasSize(4);
    }

    @Test
    void holdingsImport_valuesPositions_reportsValueDifferences_andClosesAbsentPositions() {
        domain.onMessage(importing("imp-1", StatementFormat.MT535, "mt535-holdings.txt"));
        List<HoldingValued> holdings = query("holdings", "owner", "keller-family");
        assertThat(holdings).extracting(HoldingValued::instrumentId).containsExactly(
                "CH0038863350", "IE00B4L5Y983", "US0378331005", "XS2176783319");
        assertThat(holdings).extracting(HoldingValued::region).containsExactly("CH", "EU", "US", "GLOBAL");
        assertThat(context.published("custody.ReconciliationDifference")).isEmpty();

        String april = read("mt535-holdings.txt").replace("20240331", "20240430")
                .replace(":19A::HOLD//CHF96500,", ":19A::HOLD//CHF99000,")
                .replace(":16R:FIN\n:35B:ISIN US0378331005\nAPPLE INC\n:90B::MRKT//ACTU/USD171,48\n:93B::AGGR//UNIT/250,\n:19A::HOLD//USD42870,\n:16S:FIN\n", "");
        domain.onMessage(importing("imp-2", StatementFormat.MT535, "april.txt", april, "keller-family"));

        assertThat(rejections()).isEmpty();
        ReconciliationDifference difference = context.published("custody.ReconciliationDifference").getFirst()
                .as(ReconciliationDifference.class);
        assertThat(difference.expected()).isEqualByComparingTo("96500");
        assertThat(difference.actual()).isEqualByComparingTo("99000");
        assertThat(difference.detail()).contains("CH0038863350", "1000 × price 96.5 CHF");
        assertThat(query("holdings", "owner", "keller-family")).extracting(h -> ((HoldingValued) h).instrumentId())
                .containsExactly("CH0038863350", "IE00B4L5Y983", "XS2176783319");
        HoldingValued closed = context.published("custody.HoldingValued").stream().map(p -> p.as(HoldingValued.class))
                .filter(h -> h.instrumentId().equals("US0378331005")).toList().getLast();
        assertThat(closed.quantity()).isEqualByComparingTo("0");
        assertThat(closed.asOf()).isEqualTo(LocalDate.of(2024, 4, 30));
    }

    @Test
    void anOlderStatementImportedLater_doesNotOverwriteTheCurrentBalance() {
        domain.onMessage(importing("imp-1", StatementFormat.MT940, "mt940-two-messages.sta"));
        String marchOnly = read("mt940-two-messages.sta");
        marchOnly = marchOnly.substring(0, marchOnly.indexOf("$"));
        int before = context.published("custody.HoldingValued").size();

        domain.onMessage(importing("imp-2", StatementFormat.MT940, "march.sta", marchOnly, "keller-family"));

        assertThat(context.published("custody.HoldingValued")).hasSize(before);
        List<CustodyViews.Account> accounts = query("accounts", "owner", "keller-family");
        assertThat(accounts).singleElement().satisfies(a -> {
            assertThat(a.balance()).isEqualByComparingTo("98412.35");
            assertThat(a.lastStatement()).isEqualTo(LocalDate.of(2024, 4, 30));
            assertThat(a.statements()).isEqualTo(2);
            assertThat(a.kind()).isEqualTo(AccountKind.CASH);
            assertThat(a.custodian()).isEqualTo("Alpenbank AG");
        });
    }

    @Test
    void queries_answerAccountsHoldingsAndStatements() {
        domain.onMessage(importing("imp-1", StatementFormat.CAMT053, "camt053-v02-two-statements.xml"));
        domain.onMessage(importing("imp-2", StatementFormat.MT535, "mt535-holdings.txt"));

        List<CustodyViews.Account> accounts = query("accounts", "owner", "keller-family");
        assertThat(accounts).extracting(CustodyViews.Account::accountId)
                .containsExactly("123456-01", "CH5604835012345678009", "CH9300762011623852957");
        assertThat(accounts.getFirst().kind()).isEqualTo(AccountKind.CUSTODY);
        assertThat(accounts.get(1).balance()).isEqualByComparingTo("4800.00");
        List<HoldingValued> holdings = query("holdings", "owner", "keller-family");
        assertThat(holdings).hasSize(6);
        List<CustodyViews.Statement> statements = query("statements", "accountId", "CH9300762011623852957");
        assertThat(statements).singleElement().satisfies(s -> {
            assertThat(s.entries()).isEqualTo(4);
            assertThat(s.closingBalance()).isEqualByComparingTo(new BigDecimal("158412.35"));
            assertThat(s.fileName()).isEqualTo("camt053-v02-two-statements.xml");
        });
        assertThat(query("statements", "accountId", "unknown")).isEmpty();
        assertThat(domain.query(new Query("accounts", Map.of(), "advisor-3"))).isEmpty();
        assertThat(domain.query(new Query("portfolio", Map.of(), "advisor-3"))).isEmpty();
    }

    @Test
    void stateIsRebuiltFromTheJournal_afterARestart() {
        domain.onMessage(importing("imp-1", StatementFormat.CAMT053, "camt053-v04-reversal.xml"));
        domain.stop();
        CustodyDomain restarted = new CustodyDomain();
        FakePluginContext again = new FakePluginContext(store, Map.of());
        restarted.start(again);

        restarted.onMessage(importing("imp-2", StatementFormat.CAMT053, "camt053-v04-reversal.xml"));

        assertThat(again.published()).isEmpty();
        assertThat(restarted.query(new Query("holdings", Map.of("owner", "keller-family"), "x")).orElseThrow())
                .asList().hasSize(1);
    }

    @Test
    void invalidCommand_isRejected_withoutReadingTheFile() {
        domain.onMessage(importing("imp 1", StatementFormat.CSV, "", "x", "keller family"));

        assertThat(rejections()).singleElement().asString().contains("importId 'imp 1'", "fileName is empty",
                "ownerId 'keller family'");
    }

    @Test
    void concurrentImportForTheSameOwner_isRetriedOnTheNewState() {
        CustodyDomain rival = new CustodyDomain();
        FakePluginContext rivalContext = new FakePluginContext(store, Map.of());
        rival.start(rivalContext);
        store.beforeNextAppend(() -> rival.onMessage(importing("imp-r", StatementFormat.MT940, "mt940-text-block-only.sta")));

        domain.onMessage(importing("imp-1", StatementFormat.MT940, "mt940-two-messages.sta"));

        assertThat(store.conflicts()).isGreaterThanOrEqualTo(1);
        assertThat(query("accounts", "owner", "keller-family")).hasSize(2);
        assertThat(context.published("custody.StatementImported")).hasSize(2);
        assertThat(rivalContext.published("custody.StatementImported")).hasSize(1);
    }

    @Test
    void manifest_isAValidDomainManifest_andNamesThisEntryClass() throws Exception {
        JsonNode yaml = FakePluginContext.manifest();
        PluginManifest manifest = new PluginManifest(new PluginId(yaml.get("id").asText(), yaml.get("version").asText()),
                yaml.get("publisher").asText(), PluginKind.valueOf(yaml.get("kind").asText().toUpperCase()),
                yaml.get("domain").asText(), yaml.get("entry-class").asText(), texts(yaml.get("consumes")),
                texts(yaml.get("publishes")), List.of(), Map.of());

        assertThat(manifest.consumes()).containsExactly("custody.ImportStatement");
        assertThat(manifest.publishes()).containsExactlyInAnyOrder("custody.StatementImported",
                "custody.HoldingValued", "custody.CashFlowRecorded", "custody.ReconciliationDifference",
                "custody.StatementRejected");
        assertThat(Class.forName(manifest.entryClass()).getConstructor().newInstance()).isInstanceOf(DomainPlugin.class);
        assertThat(getClass().getResource("/policy.yaml")).isNotNull();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
