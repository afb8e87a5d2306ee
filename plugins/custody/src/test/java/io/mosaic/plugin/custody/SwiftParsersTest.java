package io.mosaic.plugin.custody;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static io.mosaic.plugin.custody.StatementFiles.errors;
import static io.mosaic.plugin.custody.StatementFiles.parsed;
import static io.mosaic.plugin.custody.StatementFiles.read;
import static org.assertj.core.api.Assertions.assertThat;

/** MT940 and MT535 through Prowide. */
class SwiftParsersTest {

    @Test
    void mt940_twoMessagesInAnRjeFile_areTwoStatements() {
        List<ParsedStatement> statements = parsed(StatementFormat.MT940, "mt940-two-messages.sta");

        assertThat(statements).extracting(ParsedStatement::key).containsExactly(
                "CH9300762011623852957/42/1/2024-03-31", "CH9300762011623852957/43/1/2024-04-30");
        ParsedStatement march = statements.getFirst();
        assertThat(march.openingBalance()).isEqualByComparingTo("150000.00");
        assertThat(march.closingBalance()).isEqualByComparingTo("158412.35");
        assertThat(march.entries()).extracting(StatementEntry::kind).containsExactly(EntryKind.TRANSFER,
                EntryKind.INCOME, EntryKind.TRANSFER, EntryKind.FEE);
        assertThat(march.entries().get(1).description()).isEqualTo("Dividend Nestle SA");
        assertThat(march.entries().get(1).reference()).isEqualTo("ALP-240315-0007");

        ParsedStatement april = statements.get(1);
        assertThat(april.entries().getFirst().kind()).isEqualTo(EntryKind.TRADE);
        StatementEntry reversal = april.entries().get(1);
        assertThat(reversal.reversal()).isTrue();
        assertThat(reversal.amount()).as("RC: reversal of a credit debits").isEqualByComparingTo("-10000.00");
    }

    @Test
    void mt940_textBlockOnly_isReadToo_withDebitOpeningAndShortAmounts() {
        ParsedStatement statement = parsed(StatementFormat.MT940, "mt940-text-block-only.sta").getFirst();

        assertThat(statement.accountId()).isEqualTo("ZKBKCHZZ80A/1100-1234.567");
        assertThat(statement.statementId()).isEqualTo("7");
        assertThat(statement.currency()).isEqualTo("EUR");
        assertThat(statement.openingBalance()).isEqualByComparingTo("-100.00");
        assertThat(statement.entries()).extracting(StatementEntry::amount).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("2500"), new BigDecimal("-12.5"));
        assertThat(statement.entries().getFirst().bookingDate()).as("no entry date: the value date")
                .isEqualTo(LocalDate.of(2024, 6, 3));
    }

    @Test
    void mt940_malformedEntries_areRejectedWithTheField() {
        assertThat(errors(StatementFormat.MT940, "mt940-malformed.sta")).containsExactly(
                "MT940 file mt940-malformed.sta, statement 42/1 of 2024-02-29, account CH9300762011623852957, entry 2 (line 7): amount in :61: \"2403150315C1250.40NDIVNONREF//ALP-240315-0007\" is \"1250\", not a SWIFT decimal (expected 12,50)",
                "MT940 file mt940-malformed.sta, statement 42/1 of 2024-02-29, account CH9300762011623852957, entry 2 (line 7): transaction type in :61: \"2403150315C1250.40NDIVNONREF//ALP-240315-0007\" is \".40N\", not a SWIFT type code (expected e.g. NTRF)",
                "MT940 file mt940-malformed.sta, statement 42/1 of 2024-02-29, account CH9300762011623852957, entry 3 (line 8): value date in :61: \"2413200320D2800,00NTRFNONREF\" is not a date YYMMDD");
    }

    @Test
    void mt940_closingThatDoesNotReconcile_isRejected() {
        String content = read("mt940-text-block-only.sta").replace(":62F:C240630EUR2387,50", ":62F:C240630EUR2378,50");
        assertThat(errors(StatementFormat.MT940, "x.sta", content)).containsExactly(
                "MT940 file x.sta, statement 7 of 2024-05-31, account ZKBKCHZZ80A/1100-1234.567: balances do not reconcile: opening balance -100.00 + booked entries "
                        + "2487.5 = 2387.50, but the closing balance is 2378.50 (difference -9.00)");
    }

    @Test
    void mt940_missingAccountAndClosing_areNamed() {
        String content = read("mt940-text-block-only.sta").replace(":25:ZKBKCHZZ80A/1100-1234.567\n", "")
                .replace(":62F:C240630EUR2387,50\n", "");
        assertThat(errors(StatementFormat.MT940, "x.sta", content)).containsExactly(
                "MT940 file x.sta, statement 7 of 2024-05-31: account (:25:) is missing",
                "MT940 file x.sta, statement 7 of 2024-05-31: closing balance (:62F: or :62M:) is missing",
                "MT940 file x.sta, statement 7 of 2024-05-31: statement date (date of the closing balance) is missing");
    }

    @Test
    void mt535_holdingsWithPricesValuesAndClasses() {
        ParsedStatement statement = parsed(StatementFormat.MT535, "mt535-holdings.txt").getFirst();

        assertThat(statement.holdingsStatement()).isTrue();
        assertThat(statement.key()).isEqualTo("123456-01/page-1-only/2024-03-31");
        assertThat(statement.holdings()).extracting(StatementHolding::isin)
                .containsExactly("CH0038863350", "US0378331005", "IE00B4L5Y983", "XS2176783319");
        assertThat(statement.holdings()).extracting(StatementHolding::assetClass).containsExactly(
                HoldingClass.EQUITY, HoldingClass.EQUITY, HoldingClass.FUND, HoldingClass.BOND);
        StatementHolding nestle = statement.holdings().getFirst();
        assertThat(nestle.name()).isEqualTo("NESTLE SA");
        assertThat(nestle.quantity()).isEqualByComparingTo("1000");
        assertThat(nestle.price()).isEqualByComparingTo("96.5");
        assertThat(nestle.marketValue()).isEqualByComparingTo("96500");
        StatementHolding bond = statement.holdings().get(3);
        assertThat(bond.pricePercent()).isTrue();
        assertThat(bond.computedValue()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("202500"));
        assertThat(bond.currency()).isEqualTo("EUR");
    }

    @Test
    void mt535_badIsinCheckDigitAndQuantity_areRejected() {
        assertThat(errors(StatementFormat.MT535, "mt535-bad-isin.txt")).containsExactly(
                "MT535 file mt535-bad-isin.txt, statement page-1-only, entry 1: instrument (:35B:) \"ISIN CH0038863351 NESTLE SA\" has no valid ISIN (check digit verified)",
                "MT535 file mt535-bad-isin.txt, statement page-1-only, entry 2: quantity (:93B::AGGR//) \":AGGR//UNIT/250.5\": balance \"250.5\" is not a SWIFT decimal (expected 100,)");
    }

    @Test
    void mt535_withoutStatementDateOrAccount_isRejected() {
        String content = read("mt535-holdings.txt").replace(":98A::STAT//20240331\n", "")
                .replace(":97A::SAFE//123456-01\n", "");
        assertThat(errors(StatementFormat.MT535, "h.txt", content)).containsExactly(
                "MT535 file h.txt, statement page-1-only: safekeeping account (:97A::SAFE//) is missing",
                "MT535 file h.txt, statement page-1-only: statement date (:98A::STAT// or :98C::STAT//) is missing");
    }

    @Test
    void anMt940GivenAsMt535_isRejected() {
        assertThat(errors(StatementFormat.MT535, "wrong.sta", read("mt940-two-messages.sta")))
                .contains("MT535 file wrong.sta, statement #1: message type is MT940, expected MT535");
    }
}
