package io.mosaic.plugin.custody;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mosaic.plugin.custody.StatementFiles.errors;
import static org.assertj.core.api.Assertions.assertThat;

/** How an MT940 file is cut into statements, and how its fields are read: boundaries, blank lines, keys, labels. */
class Mt940StatementsTest {

    private static final String FIN_HEADER =
            "{1:F01ALPECHZZAXXX0000000000}{2:O9400630240401ALPECHZZAXXX00000000002404010630N}{4:\n";

    /** Statement 42/1 of account CH93…: opening 1000, one credit of 250, closing 1250. */
    private static final String FIRST = """
            :20:REF-A
            :25:CH9300762011623852957
            :28C:42/1
            :60F:C240229CHF1000,00
            :61:2403040304C250,00NTRFNONREF//A-1
            :86:Salary
            :62F:C240331CHF1250,00
            """;

    /** Statement 7/2 of account DE89…: opening 500, one debit of 20, closing 480. */
    private static final String SECOND = """
            :20:REF-B
            :25:DE89370400440532013000
            :28C:7/2
            :60M:C240229EUR500,00
            :61:2403050305D20,00NCHGNONREF//B-1
            :86:Fees
            :62M:C240331EUR480,00
            """;

    static List<ParsedStatement> parsed(String content) {
        ParseResult result = StatementParsers.parse(StatementFormat.MT940, "t.sta", content, Progress.none());
        if (result instanceof ParseResult.Failed failed) {
            throw new AssertionError("expected the file to parse, but: " + failed.errors());
        }
        return ((ParseResult.Parsed) result).statements();
    }

    private static void assertTwoStatements(List<ParsedStatement> statements) {
        assertThat(statements).extracting(ParsedStatement::key).containsExactly(
                "CH9300762011623852957/42/1/2024-03-31", "DE89370400440532013000/7/2/2024-03-31");
        assertThat(statements.get(0).entries()).extracting(StatementEntry::reference).containsExactly("A-1");
        assertThat(statements.get(1).entries()).extracting(StatementEntry::reference).containsExactly("B-1");
        assertThat(statements.get(1).currency()).isEqualTo("EUR");
        assertThat(statements.get(1).closingBalance()).isEqualByComparingTo("480");
    }

    // 1. statement boundaries

    @Test
    void statementsSeparatedOnlyByTheNextField20_areTwoStatements() {
        assertTwoStatements(parsed(FIRST + SECOND));
    }

    @Test
    void statementsSeparatedByANewBlock1OrBlock4_areTwoStatements() {
        assertTwoStatements(parsed(FIN_HEADER + FIRST + FIN_HEADER + SECOND + "-}"));
        assertTwoStatements(parsed("{4:\n" + FIRST + "{4:\n" + SECOND + "-}\n"));
        assertTwoStatements(parsed(FIN_HEADER + FIRST + "-}{5:{CHK:123456789ABC}}\n$" + FIN_HEADER + SECOND + "-}"));
    }

    @Test
    void aField20BeforeTheClosingBalance_isRefusedNamingItsLine() {
        String content = FIRST.replace(":62F:C240331CHF1250,00\n", "") + SECOND;

        assertThat(errors(StatementFormat.MT940, "t.sta", content)).containsExactly(
                "MT940 file t.sta, line 7: :20: starts a new statement before the closing balance (:62F: or :62M:)"
                        + " of statement 42/1 of 2024-02-29, account CH9300762011623852957;"
                        + " the statements cannot be told apart");
    }

    @Test
    void aSecondAccountFieldWithoutField20_isRefusedNamingItsLine() {
        String content = FIRST + SECOND.replace(":20:REF-B\n", "");

        assertThat(errors(StatementFormat.MT940, "t.sta", content)).containsExactly(
                "MT940 file t.sta, line 8: :25: appears again after the closing balance of statement 42/1 of"
                        + " 2024-02-29, account CH9300762011623852957 without a :20:; the statements cannot be told apart");
    }

    @Test
    void anotherMessageType_isRefused() {
        String content = FIN_HEADER.replace("O940", "O950") + FIRST + "-}";

        assertThat(errors(StatementFormat.MT940, "t.sta", content)).containsExactly(
                "MT940 file t.sta, statement #1: message type is MT950, expected MT940");
    }

    // 2. canonical keys

    @Test
    void trailingSpacesBlankLinesLineEndingsAndLeadingZeros_giveTheSameKey() {
        String plain = FIRST + "-\n";
        String noisy = ("\n" + FIRST.replace(":28C:42/1", ":28C:00042/001   \n")
                .replace(":25:CH9300762011623852957", ":25:CH9300762011623852957  ") + "\n-  \n\n")
                .replace("\n", "\r\n");
        String oldMac = FIRST.replace("\n", "\r") + "-\r";

        String key = parsed(plain).getFirst().key();
        assertThat(key).isEqualTo("CH9300762011623852957/42/1/2024-03-31");
        assertThat(parsed(noisy)).extracting(ParsedStatement::key).containsExactly(key);
        assertThat(parsed(oldMac)).extracting(ParsedStatement::key).containsExactly(key);
        assertThat(parsed(noisy).getFirst().fingerprint()).isEqualTo(parsed(plain).getFirst().fingerprint());
    }

    // 3. blank lines between fields, no raw line breaks in errors

    @Test
    void blankLinesAfterFields_areIgnored() {
        String content = FIRST.replace("\n", "\n\n").replace(":28C:42/1", ":28C:0042");

        ParsedStatement statement = parsed(content).getFirst();
        assertThat(statement.statementId()).isEqualTo("42");
        assertThat(statement.closingBalance()).isEqualByComparingTo("1250.00");
        assertThat(statement.entries()).extracting(StatementEntry::description).containsExactly("Salary");
    }

    @Test
    void errorsNeverCarryARawLineBreak() {
        String content = FIRST.replace(":60F:C240229CHF1000,00", ":60F:C240229CHF1000,00\nX");

        List<String> errors = errors(StatementFormat.MT940, "t.sta", content);
        assertThat(errors).isNotEmpty().allSatisfy(e -> assertThat(e).doesNotContain("\n").doesNotContain("\r"));
    }

    // 4. the older :28: field

    @Test
    void theOlderField28_isReadAsSequence1() {
        ParsedStatement statement = parsed(FIRST.replace(":28C:42/1", ":28:00042")).getFirst();

        assertThat(statement.statementId()).isEqualTo("42/1");
        assertThat(statement.key()).isEqualTo(parsed(FIRST).getFirst().key());
    }

    // 5. errors name the statement by number, date and account

    @Test
    void errorsOfTwoStatementsWithTheSameNumber_nameDateAndAccount() {
        String other = FIRST.replace("CH9300762011623852957", "CH5604835012345678009")
                .replace(":60F:C240229", ":60F:C240331").replace(":62F:C240331", ":62F:C240430")
                .replace("0304C250,00", "0404C250,00");
        String content = FIRST.replace(":62F:C240331CHF1250,00", ":62F:C240331CHF1251,00") + "-\n"
                + other.replace(":62F:C240430CHF1250,00", ":62F:C240430CHF1252,00") + "-\n";

        assertThat(errors(StatementFormat.MT940, "t.sta", content)).containsExactly(
                "MT940 file t.sta, statement 42/1 of 2024-02-29, account CH9300762011623852957: balances do not"
                        + " reconcile: opening balance 1000.00 + booked entries 250.00 = 1250.00, but the closing"
                        + " balance is 1251.00 (difference 1.00)",
                "MT940 file t.sta, statement 42/1 of 2024-03-31, account CH5604835012345678009: balances do not"
                        + " reconcile: opening balance 1000.00 + booked entries 250.00 = 1250.00, but the closing"
                        + " balance is 1252.00 (difference 2.00)");
    }
}
