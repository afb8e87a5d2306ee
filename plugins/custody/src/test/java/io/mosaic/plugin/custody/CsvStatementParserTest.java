package io.mosaic.plugin.custody;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mosaic.plugin.custody.StatementFiles.errors;
import static io.mosaic.plugin.custody.StatementFiles.parsed;
import static org.assertj.core.api.Assertions.assertThat;

class CsvStatementParserTest {

    @Test
    void threeStatements_oneWithoutEntries_quotedCommas() {
        List<ParsedStatement> statements = parsed(StatementFormat.CSV, "csv-two-statements.csv");

        assertThat(statements).extracting(ParsedStatement::statementId).containsExactly("2024-01", "2024-02", "2024-03");
        assertThat(statements.getFirst().entries()).extracting(StatementEntry::kind)
                .containsExactly(EntryKind.TRANSFER, EntryKind.FEE);
        assertThat(statements.getFirst().entries().getFirst().description()).isEqualTo("Deposit, from savings");
        assertThat(statements.get(1).entries().getFirst().valueDate()).as("value date defaults to booking date")
                .isEqualTo(statements.get(1).entries().getFirst().bookingDate());
        assertThat(statements.get(2).entries()).isEmpty();
    }

    @Test
    void malformedLines_areAllNamed_withEntryAndLine() {
        assertThat(errors(StatementFormat.CSV, "csv-malformed.csv")).containsExactly(
                "CSV file csv-malformed.csv, statement 2024-01, entry 2 (line 3): amount \"-60,00\" is not a decimal (expected 12.50)",
                "CSV file csv-malformed.csv, statement 2024-02, entry 1 (line 4): booking_date \"2024-02-30\" is not an ISO date (expected 2024-03-31)",
                "CSV file csv-malformed.csv, statement 2024-02, entry 1 (line 4): type \"DIVIDEND\" is not TRANSFER, INCOME, FEE or TRADE");
    }

    @Test
    void missingColumn_andUnknownColumn_areNamed() {
        String csv = "account,statement_id,statement_date,currency,opening_balance,booking_date,amount,colour\n";
        assertThat(errors(StatementFormat.CSV, "h.csv", csv)).containsExactly(
                "CSV file h.csv, line 1: unknown column \"colour\" (columns: account, statement_id, statement_date, "
                        + "currency, opening_balance, closing_balance, booking_date, amount; optional value_date, "
                        + "type, status, reversal, reference, description)",
                "CSV file h.csv, line 1: required column \"closing_balance\" is missing");
    }

    @Test
    void statementColumnsThatDisagree_andInterleavedStatements_areRejected() {
        String csv = """
                account,statement_id,statement_date,currency,opening_balance,closing_balance,booking_date,amount
                A1,S1,2024-01-31,CHF,0,10,2024-01-02,5
                A1,S1,2024-01-31,CHF,0,11,2024-01-03,5
                A1,S2,2024-02-29,CHF,10,10,,
                A1,S1,2024-01-31,CHF,0,10,2024-01-04,0
                """;
        assertThat(errors(StatementFormat.CSV, "i.csv", csv)).contains(
                "CSV file i.csv, statement S1, entry 2 (line 3): closing_balance \"11\" differs from the statement's first line (\"10\")",
                "CSV file i.csv, line 5: statement S1 of account A1 continues after another statement (its lines must be consecutive)");
    }

    @Test
    void emptyFile_isRejected() {
        assertThat(errors(StatementFormat.CSV, "e.csv", "  \n")).containsExactly("CSV file e.csv: the file is empty");
    }
}
