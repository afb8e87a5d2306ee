package io.mosaic.plugin.custody;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated MT940 statements joined with any boundary the format allows, with blank lines, trailing spaces and
 * any line ending: the file reads as the same statements, with the same keys, as when a {@code -} line separates them.
 */
class Mt940SplitterPropertiesTest {

    enum Separator { DASH_LINE, NEW_FIN_MESSAGE, NEXT_FIELD_20 }

    record Entry(BigDecimal amount, int day) {
    }

    record Statement(int account, int number, int sequence, BigDecimal opening, List<Entry> entries) {
        BigDecimal closing() {
            return entries.stream().map(Entry::amount).reduce(opening, BigDecimal::add);
        }

        List<String> lines(boolean zeroPadded) {
            List<String> lines = new ArrayList<>();
            lines.add(":20:REF" + account + "-" + number);
            lines.add(":25:CH93007620116238" + String.format("%05d", account));
            lines.add(zeroPadded ? String.format(":28C:%05d/%03d", number, sequence) : ":28C:" + number + "/" + sequence);
            lines.add(":60F:" + balance("240229", opening));
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                String day = String.format("%02d", e.day());
                lines.add(":61:2403" + day + "03" + day + (e.amount().signum() < 0 ? "D" : "C")
                        + swift(e.amount().abs()) + "NTRFNONREF//E-" + number + "-" + (i + 1));
                lines.add(":86:Entry " + (i + 1) + " of statement " + number);
            }
            lines.add(":62F:" + balance("240331", closing()));
            return lines;
        }

        private static String balance(String date, BigDecimal amount) {
            return (amount.signum() < 0 ? "D" : "C") + date + "CHF" + swift(amount.abs());
        }

        private static String swift(BigDecimal amount) {
            return amount.toPlainString().replace('.', ',');
        }
    }

    private static final String HEADER =
            "{1:F01ALPECHZZAXXX0000000000}{2:O9400630240401ALPECHZZAXXX00000000002404010630N}{4:";

    @Provide
    Arbitrary<List<Statement>> statements() {
        Arbitrary<BigDecimal> amounts = Arbitraries.bigDecimals().between(new BigDecimal("-9999.99"),
                new BigDecimal("9999.99")).ofScale(2).filter(a -> a.signum() != 0);
        Arbitrary<Entry> entries = Combinators.combine(amounts, Arbitraries.integers().between(1, 28)).as(Entry::new);
        Arbitrary<Statement> statement = Combinators.combine(Arbitraries.integers().between(1, 99999),
                Arbitraries.integers().between(1, 99999), Arbitraries.integers().between(1, 999),
                Arbitraries.bigDecimals().between(new BigDecimal("0"), new BigDecimal("99999.99")).ofScale(2),
                entries.list().ofMaxSize(4)).as(Statement::new);
        return statement.list().ofMinSize(1).ofMaxSize(5).uniqueElements(Statement::account)
                .uniqueElements(Statement::number);
    }

    @Provide
    Arbitrary<List<Separator>> separators() {
        return Arbitraries.of(Separator.class).list().ofSize(5);
    }

    @Property(tries = 200)
    void anyBoundaryAndNoise_readAsTheSameStatements(@ForAll("statements") List<Statement> generated,
                                                     @ForAll("separators") List<Separator> separators,
                                                     @ForAll long noiseSeed) {
        List<ParsedStatement> expected = parse(dashSeparated(generated));
        String noisy = noisy(generated, separators, new Random(noiseSeed));

        List<ParsedStatement> actual = parse(noisy);

        assertThat(actual).hasSize(generated.size());
        assertThat(actual).extracting(ParsedStatement::key)
                .containsExactlyElementsOf(expected.stream().map(ParsedStatement::key).toList());
        for (int i = 0; i < generated.size(); i++) {
            ParsedStatement a = actual.get(i);
            ParsedStatement e = expected.get(i);
            Statement g = generated.get(i);
            assertThat(a.accountId()).isEqualTo(e.accountId()).isEqualTo(String.format("CH93007620116238%05d", g.account()));
            assertThat(a.statementId()).isEqualTo(e.statementId()).isEqualTo(g.number() + "/" + g.sequence());
            assertThat(a.openingBalance()).isEqualByComparingTo(g.opening());
            assertThat(a.closingBalance()).isEqualByComparingTo(g.closing());
            assertThat(a.entries()).isEqualTo(e.entries());
            assertThat(a.entries()).extracting(StatementEntry::amount).usingElementComparator(BigDecimal::compareTo)
                    .containsExactlyElementsOf(g.entries().stream().map(Entry::amount).toList());
            assertThat(a.fingerprint()).isEqualTo(e.fingerprint());
        }
    }

    private static List<ParsedStatement> parse(String content) {
        ParseResult result = StatementParsers.parse(StatementFormat.MT940, "gen.sta", content, Progress.none());
        if (result instanceof ParseResult.Failed failed) {
            throw new AssertionError("expected the file to parse, but: " + failed.errors() + "\n" + content);
        }
        return ((ParseResult.Parsed) result).statements();
    }

    private static String dashSeparated(List<Statement> statements) {
        StringBuilder text = new StringBuilder();
        for (Statement s : statements) {
            s.lines(false).forEach(line -> text.append(line).append('\n'));
            text.append("-\n");
        }
        return text.toString();
    }

    private static String noisy(List<Statement> statements, List<Separator> separators, Random random) {
        List<String> lines = new ArrayList<>();
        boolean fin = random.nextBoolean();
        if (fin) {
            lines.add(HEADER);
        }
        for (int i = 0; i < statements.size(); i++) {
            if (i > 0) {
                switch (separators.get(i)) {
                    case DASH_LINE -> {
                        lines.add(fin ? "-}" : "-");
                        fin = false;
                    }
                    case NEW_FIN_MESSAGE -> {
                        lines.add("-}");
                        if (random.nextBoolean()) {
                            lines.add("$");
                        }
                        lines.add(HEADER);
                        fin = true;
                    }
                    case NEXT_FIELD_20 -> {
                    }
                }
            }
            lines.addAll(statements.get(i).lines(random.nextBoolean()));
        }
        lines.add(fin ? "-}" : "-");
        String eol = List.of("\n", "\r\n", "\r").get(random.nextInt(3));
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append(" ".repeat(random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 0)).append(eol);
            for (int blank = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0; blank > 0; blank--) {
                text.append(random.nextBoolean() ? "" : "  ").append(eol);
            }
        }
        return text.toString();
    }
}
