package io.mosaic.tenant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TenantDescriptorsTest {
    private static final Path TENANTS = Path.of("tenants");

    @TempDir
    Path dir;

    @Test
    void demo_loads() {
        TenantDescriptor demo = TenantDescriptors.load(TENANTS.resolve("demo.yaml"));

        assertThat(demo.id()).isEqualTo("demo");
        assertThat(demo.branding().name()).isEqualTo("Helvetia Private Bank Demo");
        assertThat(demo.branding().primaryColor()).isEqualTo("#0a3d62");
        assertThat(demo.branding().logo()).contains("themes/demo/logo.svg");
        assertThat(demo.javaLocale().getCountry()).isEqualTo("CH");
        assertThat(demo.javaCurrency().getCurrencyCode()).isEqualTo("CHF");
        assertThat(demo.domains()).containsExactly("assets", "structures", "market-data", "custody", "consolidation");
        assertThat(demo.apps()).containsExactly("valuation-alerts");
        assertThat(demo.loginFactors()).containsExactly(LoginFactor.PASSWORD, LoginFactor.PHOTOTAN);
        assertThat(demo.keyPolicy().rotationDays()).isEqualTo(90);
        assertThat(demo.branding().fonts()).contains(new Branding.Fonts("Playfair Display", "Inter"));
        assertThat(demo.branding().domain()).contains("demo.mosaic.example");
        assertThat(demo.dataResidency()).containsExactly("zrh-1", "gva-1");
        assertThat(demo.plan()).isEqualTo("demo");
    }

    @Test
    void fontsAndDomain_areOptional() throws IOException {
        Path file = demoWith(replace("  fonts: { heading: \"Playfair Display\", body: Inter }\n  domain: demo.mosaic.example\n",
                ""));

        TenantDescriptor demo = TenantDescriptors.load(file);

        assertThat(demo.branding().fonts()).isEmpty();
        assertThat(demo.branding().domain()).isEmpty();
    }

    @Test
    void loadAll_refusesTwoTenantsOnOnePortalDomain() throws IOException {
        Files.writeString(dir.resolve("demo.yaml"), Files.readString(TENANTS.resolve("demo.yaml")));
        Files.writeString(dir.resolve("alpine.yaml"), Files.readString(TENANTS.resolve("alpine.yaml"))
                .replace("domain: wealth.alpine-bank.example", "domain: demo.mosaic.example"));

        assertThatThrownBy(() -> TenantDescriptors.loadAll(dir))
                .isInstanceOfSatisfying(TenantConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.file()).isEqualTo(dir.resolve("demo.yaml"));
                            assertThat(p.line()).isEqualTo(10);
                            assertThat(p.field()).isEqualTo("branding.domain");
                            assertThat(p.message()).contains("'demo.mosaic.example' is already used by tenant 'alpine'");
                        }));
    }

    @Test
    void alpine_loads_withItsLogoInTheBrandingFolder() {
        TenantDescriptor alpine = TenantDescriptors.load(TENANTS.resolve("alpine.yaml"));

        assertThat(alpine.currency()).isEqualTo("EUR");
        assertThat(alpine.branding().logo()).contains("themes/alpine/logo.svg");
        assertThat(TENANTS.toAbsolutePath().getParent().resolve(alpine.branding().logo().orElseThrow())).isRegularFile();
        assertThat(alpine.loginFactors()).containsExactly(LoginFactor.CERTIFICATE, LoginFactor.PASSWORD,
                LoginFactor.PHOTOTAN);
    }

    @Test
    void loadAll_readsTheTenantsDirectory_sortedById() {
        assertThat(TenantDescriptors.loadAll(TENANTS)).extracting(TenantDescriptor::id)
                .containsExactly("alpine", "demo");
    }

    private Path demoWith(UnaryOperator<String> edit) throws IOException {
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, edit.apply(Files.readString(TENANTS.resolve("demo.yaml"))));
        return file;
    }

    private static UnaryOperator<String> replace(String from, String to) {
        return text -> {
            assertThat(text).contains(from);
            return text.replace(from, to);
        };
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                arguments("unknown top-level field", replace("plan: demo", "plan: demo\ncolour: red"), 22,
                        "colour", "unknown field"),
                arguments("unknown nested field", replace("  logo:", "  font: Inter\n  logo:"), 8,
                        "branding.font", "unknown field"),
                arguments("missing field", replace("currency: CHF\n", ""), 1, "currency", "is missing"),
                arguments("missing nested field", replace("keyPolicy:\n  rotationDays: 90", "keyPolicy: {}"), 19,
                        "keyPolicy.rotationDays", "is missing"),
                arguments("unquoted colour", replace("primaryColor: \"#0a3d62\"", "primaryColor: #0a3d62"), 6,
                        "branding.primaryColor", "'#' starts a YAML comment"),
                arguments("malformed colour", replace("\"#c8a951\"", "gold"), 7, "branding.accentColor",
                        "'gold' is not valid"),
                arguments("unknown currency", replace("currency: CHF", "currency: XYZ"), 12, "currency",
                        "'XYZ' is not valid (expected an ISO 4217 code"),
                arguments("malformed locale", replace("locale: de-CH", "locale: deutsch"), 11, "locale",
                        "'deutsch' is not valid"),
                arguments("unknown login factor", replace("loginFactors: [password, phototan]", "loginFactors: [password, sms]"),
                        17, "loginFactors[1]", "'sms' is not valid (expected one of certificate, password, phototan)"),
                arguments("repeated login factor", replace("loginFactors: [password, phototan]",
                        "loginFactors: [password, password]"), 17, "loginFactors[1]", "listed twice"),
                arguments("no login factor", replace("loginFactors: [password, phototan]", "loginFactors: []"), 17,
                        "loginFactors", "at least one"),
                arguments("rotation days not a number", replace("rotationDays: 90", "rotationDays: ninety"), 20,
                        "keyPolicy.rotationDays", "'ninety' is not valid"),
                arguments("rotation days zero", replace("rotationDays: 90", "rotationDays: 0"), 20,
                        "keyPolicy.rotationDays", "'0' is not valid"),
                arguments("upper-case id", replace("id: demo", "id: Demo"), 2, "id", "'Demo' is not valid"),
                arguments("text where a list belongs", replace("domains: [assets, structures, market-data, custody, consolidation]", "domains: assets"), 13,
                        "domains", "must be a list"),
                arguments("list where a text belongs", replace("plan: demo", "plan: [demo]"), 21, "plan",
                        "must be a single value"),
                arguments("text where a map belongs", replace("keyPolicy:\n  rotationDays: 90", "keyPolicy: yearly"),
                        19, "keyPolicy", "must be a map"),
                arguments("field given twice", replace("plan: demo", "plan: demo\ncurrency: EUR"), 22, "currency",
                        "is given twice"),
                arguments("logo outside the theme", replace("themes/demo/logo.svg", "../../etc/logo.svg"), 8,
                        "branding.logo", "is not valid"),
                arguments("logo over plain http", replace("themes/demo/logo.svg", "http://cdn.example/logo.svg"), 8,
                        "branding.logo", "is not valid"),
                arguments("portal domain that is a URL", replace("domain: demo.mosaic.example",
                        "domain: https://demo.mosaic.example"), 10, "branding.domain", "is not valid (expected the portal's"),
                arguments("upper-case portal domain", replace("domain: demo.mosaic.example", "domain: Demo.Mosaic.Example"),
                        10, "branding.domain", "'Demo.Mosaic.Example' is not valid"),
                arguments("font family with CSS in it", replace("body: Inter", "body: \"Inter; color: red\""), 9,
                        "branding.fonts.body", "is not valid (expected a font family"),
                arguments("fonts without body", replace(", body: Inter", ""), 9, "branding.fonts.body", "is missing"),
                arguments("unknown font field", replace("body: Inter", "body: Inter, size: 12"), 9,
                        "branding.fonts.size", "unknown field (expected one of heading, body)"),
                arguments("fonts as a text", replace("{ heading: \"Playfair Display\", body: Inter }", "Inter"), 9,
                        "branding.fonts", "must be a map"),
                arguments("YAML syntax error", replace("domains: [assets, structures, market-data, custody, consolidation]", "domains: [assets"), 14, "",
                        "is not valid YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void eachProblem_isReportedWithFileLineAndField(String what, UnaryOperator<String> edit, int line, String field,
                                                    String message) throws IOException {
        Path file = demoWith(edit);

        assertThatThrownBy(() -> TenantDescriptors.load(file))
                .isInstanceOfSatisfying(TenantConfigException.class, e -> {
                    assertThat(e.problems()).as(e.getMessage()).singleElement().satisfies(problem -> {
                        assertThat(problem.file()).isEqualTo(file);
                        assertThat(problem.line()).isEqualTo(line);
                        assertThat(problem.field()).isEqualTo(field);
                        assertThat(problem.message()).contains(message);
                    });
                    assertThat(e.getMessage()).startsWith(file + ", line " + line);
                });
    }

    @Test
    void allProblemsOfAFile_areReportedTogether() throws IOException {
        Path file = demoWith(text -> replace("plan: demo", "plan: Gold").apply(replace("currency: CHF", "currency: chf").apply(text)));

        assertThatThrownBy(() -> TenantDescriptors.load(file))
                .isInstanceOfSatisfying(TenantConfigException.class, e -> assertThat(e.problems())
                        .extracting(TenantConfigException.Problem::field).containsExactly("currency", "plan"))
                .hasMessageContaining("2 problems");
    }

    @Test
    void emptyFile_isReported() throws IOException {
        Path file = dir.resolve("empty.yaml");
        Files.writeString(file, "# nothing yet\n");

        assertThatThrownBy(() -> TenantDescriptors.load(file)).isInstanceOf(TenantConfigException.class)
                .hasMessage(file + ": the file is empty");
    }

    @Test
    void loadAll_requiresFileNamedAfterId() throws IOException {
        Files.writeString(dir.resolve("helvetia.yaml"), Files.readString(TENANTS.resolve("demo.yaml")));

        assertThatThrownBy(() -> TenantDescriptors.loadAll(dir))
                .isInstanceOfSatisfying(TenantConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.file()).isEqualTo(dir.resolve("helvetia.yaml"));
                            assertThat(p.line()).isEqualTo(2);
                            assertThat(p.field()).isEqualTo("id");
                        }));
    }

    @Test
    void loadAll_reportsProblemsOfEveryFile() throws IOException {
        Files.writeString(dir.resolve("demo.yaml"), Files.readString(TENANTS.resolve("demo.yaml"))
                .replace("currency: CHF", "currency: XXX1"));
        Files.writeString(dir.resolve("alpine.yaml"), Files.readString(TENANTS.resolve("alpine.yaml"))
                .replace("locale: de-AT", "locale: zz-AT"));

        assertThatThrownBy(() -> TenantDescriptors.loadAll(dir))
                .isInstanceOfSatisfying(TenantConfigException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.file().getFileName().toString() + ":" + p.field())
                        .containsExactly("alpine.yaml:locale", "demo.yaml:currency"));
    }

    @Test
    void descriptorConstructor_guardsAgainstInvalidValues() {
        Branding branding = new Branding("B", "#000000", "#ffffff", Optional.empty());
        assertThatThrownBy(() -> new TenantDescriptor("demo", "Bank", branding, "de-CH", "CHX", List.of("assets"),
                List.of(), List.of(LoginFactor.PASSWORD), List.of("zrh-1"), new KeyPolicy(90), "demo"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'CHX'");
        assertThatThrownBy(() -> new Branding("B", "red", "#ffffff", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("primaryColor 'red'");
        assertThatThrownBy(() -> new Branding("B", "#000000", "#ffffff", Optional.empty(), Optional.empty(),
                Optional.of("localhost")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain 'localhost'");
        assertThatThrownBy(() -> new Branding.Fonts("Inter", "x{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fonts.body 'x{}'");
    }
}
