package io.mosaic.plugin.marketdata;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceRateCsvTest {
    static final String ECB = """
            \uFEFFDate,USD,JPY,CHF,GBP,\r
            2024-03-01,1.0842,162.53,0.9565,0.85700,\r
            29 February 2024,1.0813,N/A,0.9553,0.85550,\r
            \r
            """;

    private static List<String> problems(String csv) {
        ReferenceRateCsv.Result result = ReferenceRateCsv.read("rates.csv", csv);
        assertThat(result).isInstanceOf(ReferenceRateCsv.Failed.class);
        return ((ReferenceRateCsv.Failed) result).problems();
    }

    @Test
    void ecbLayout_isRead_withBomCrLfTrailingCommaNaAndEnglishDates() {
        var parsed = (ReferenceRateCsv.Parsed) ReferenceRateCsv.read("eurofxref.csv", ECB);
        assertThat(parsed.rows()).isEqualTo(2);
        assertThat(parsed.rates()).hasSize(7);
        assertThat(parsed.rates().getFirst()).isEqualTo(new FxRateRecorded("EUR", "USD", new BigDecimal("1.0842"),
                LocalDate.of(2024, 3, 1), ReferenceRateCsv.SOURCE));
        assertThat(parsed.rates()).filteredOn(r -> r.date().equals(LocalDate.of(2024, 2, 29)))
                .extracting(FxRateRecorded::quote).containsExactly("USD", "CHF", "GBP");
    }

    @Test
    void badHeader_isNamedByLineAndColumn() {
        assertThat(problems("Day,USD\n2024-03-01,1.1\n"))
                .containsExactly("file rates.csv, line 1, column 1 (Day): the first column must be 'Date', not 'Day'");
        assertThat(problems("Date,USD,XYZ,USD\n2024-03-01,1.1,2,3\n")).containsExactly(
                "file rates.csv, line 1, column 3 (XYZ): 'XYZ' is not an ISO 4217 currency code",
                "file rates.csv, line 1, column 4 (USD): currency USD appears again (first in column 2)");
        assertThat(problems("Date,EUR\n2024-03-01,1\n")).singleElement().asString().contains("column 2 (EUR)");
    }

    @Test
    void badValues_areNamedByLineAndColumn_andAllAreReported() {
        assertThat(problems("Date,USD,CHF\n2024-03-01,1.08,0.95\n2024-03-04,1,08,0.95\n2024-03-05,1.09,-0.9\n"
                + "2024-13-01,1.1,0.9\n2024-03-01,1.1,0.9\n2024-03-06,1.1,0,95\n")).containsExactly(
                "file rates.csv, line 3: 4 columns, the header has 3",
                "file rates.csv, line 4, column 3 (CHF): '-0.9' is not a positive decimal (expected e.g. 1.0842)",
                "file rates.csv, line 5, column 1 (Date): '2024-13-01' is not a date (expected 2024-03-01 or 1 March 2024)",
                "file rates.csv, line 6, column 1 (Date): date 2024-03-01 appears again (first on line 2)",
                "file rates.csv, line 7: 4 columns, the header has 3");
        assertThat(problems("Date,USD\n2024-03-01,1,08\n")).hasSize(1);
        assertThat(problems("Date,USD\n2024-03-01,1.08e0\n")).singleElement().asString()
                .isEqualTo("file rates.csv, line 2, column 2 (USD): '1.08e0' is not a positive decimal (expected e.g. 1.0842)");
        assertThat(problems("")).singleElement().asString().contains("line 1: the header is missing");
        assertThat(problems("Date,USD\n")).singleElement().asString().contains("no rates after the header");
    }

    /** A valid file of {@code days} days over {@code currencies}, with some N/A gaps. */
    static String validFile(long seed, int days, int currencies) {
        String[] codes = {"USD", "CHF", "GBP", "JPY", "SEK", "NOK", "DKK", "CAD"};
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("Date");
        for (int c = 0; c < currencies; c++) {
            csv.append(',').append(codes[c]);
        }
        csv.append(",\n");
        LocalDate date = LocalDate.of(2024, 1, 2).plusDays(Math.floorMod(seed, 300));
        for (int d = 0; d < days; d++) {
            csv.append(date.plusDays(d));
            for (int c = 0; c < currencies; c++) {
                csv.append(',').append(random.nextInt(10) == 0 ? "N/A"
                        : BigDecimal.valueOf(1 + random.nextInt(2_000_000), 4).toPlainString());
            }
            csv.append(",\n");
        }
        return csv.toString();
    }

    @Property(tries = 200)
    void anyCorruptedCell_rejectsTheWholeFile_namingItsLineAndColumn(@ForAll long seed,
                                                                    @ForAll @IntRange(min = 1, max = 20) int days,
                                                                    @ForAll @IntRange(min = 1, max = 8) int currencies) {
        String file = validFile(seed, days, currencies);
        List<String> lines = new ArrayList<>(List.of(file.split("\n")));
        Random random = new Random(seed);
        int line = 1 + random.nextInt(days);
        int column = 1 + random.nextInt(currencies);
        String[] cells = lines.get(line).split(",", -1);
        cells[column] = List.of("1,5", "abc", "-1", "0", "1.2.3", "").get(random.nextInt(6)).replace(",", ";");
        if (cells[column].isEmpty()) {
            cells[column] = "x";
        }
        lines.set(line, String.join(",", cells));

        ReferenceRateCsv.Result result = ReferenceRateCsv.read("f.csv", String.join("\n", lines));

        assertThat(result).isInstanceOf(ReferenceRateCsv.Failed.class);
        assertThat(((ReferenceRateCsv.Failed) result).problems()).singleElement().asString()
                .startsWith("file f.csv, line " + (line + 1) + ", column " + (column + 1) + " (");
    }

    @Property(tries = 100)
    void validFiles_areReadCompletely(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int days,
                                      @ForAll @IntRange(min = 1, max = 8) int currencies) {
        String file = validFile(seed, days, currencies);
        long expected = file.lines().skip(1).flatMap(l -> List.of(l.split(",")).stream().skip(1))
                .filter(cell -> !cell.equals("N/A")).count();
        var parsed = (ReferenceRateCsv.Parsed) ReferenceRateCsv.read("f.csv", file);
        assertThat(parsed.rows()).isEqualTo(days);
        assertThat(parsed.rates()).hasSize((int) expected).allSatisfy(r -> assertThat(r.base()).isEqualTo("EUR"));
    }
}
