package io.mosaic.runtime.host;

import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;
import io.mosaic.sdk.ScopeRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ManifestReaderTest {

    private static final String SOURCE = "valuation-alerts-1.0.jar!/mosaic-plugin.yaml";

    private static final String EXAMPLE = """
            id: valuation-alerts
            version: 1.0.0
            publisher: Mosaic examples
            kind: app              # domain | app
            domain: valuation-alerts
            entry-class: io.mosaic.plugin.valuationalerts.ValuationAlertsApp
            consumes: [assets.ValuationRecorded]
            publishes: [valuation-alerts.ValueDropAlert]
            scopes:
              - scope: assets.valuations.read
                reason: Reads valuations to detect drops
            config:
              drop-threshold: "0.10"
            """;

    private final ManifestReader reader = new ManifestReader();

    @Test
    void readsEveryFieldOfTheExample() {
        PluginManifest manifest = reader.parse(SOURCE, EXAMPLE);

        assertThat(manifest).isEqualTo(new PluginManifest(new PluginId("valuation-alerts", "1.0.0"), "Mosaic examples",
                PluginKind.APP, "valuation-alerts", "io.mosaic.plugin.valuationalerts.ValuationAlertsApp",
                List.of("assets.ValuationRecorded"), List.of("valuation-alerts.ValueDropAlert"),
                List.of(new ScopeRequest("assets.valuations.read", "Reads valuations to detect drops")),
                Map.of("drop-threshold", "0.10")));
    }

    @Test
    void optionalFieldsDefaultToEmpty_andNumbersAreReadAsWritten() {
        PluginManifest manifest = reader.parse(SOURCE, """
                id: assets
                version: 1.10
                publisher: Mosaic
                kind: domain
                domain: assets
                entry-class: io.mosaic.plugin.assets.AssetsDomain
                config:
                  limit: 0.10
                """);

        assertThat(manifest.plugin()).isEqualTo(new PluginId("assets", "1.10"));
        assertThat(manifest.kind()).isEqualTo(PluginKind.DOMAIN);
        assertThat(manifest.consumes()).isEmpty();
        assertThat(manifest.publishes()).isEmpty();
        assertThat(manifest.scopes()).isEmpty();
        assertThat(manifest.config()).containsExactly(Map.entry("limit", "0.10"));
    }

    @Test
    void wrongKind_isNamedWithFileLineAndField() {
        assertThatThrownBy(() -> reader.parse(SOURCE, EXAMPLE.replace("kind: app ", "kind: plugin ")))
                .isInstanceOf(ManifestException.class)
                .hasMessage(SOURCE + " line 4: field 'kind': 'plugin' is not one of domain, app");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("missing required field", EXAMPLE.replace("publisher: Mosaic examples\n", ""),
                        SOURCE + ": field 'publisher': missing (a required field)"),
                Arguments.of("unknown field", EXAMPLE + "descripton: typo\n",
                        SOURCE + " line 14: field 'descripton': unknown field"),
                Arguments.of("list where a text is expected", EXAMPLE.replace("id: valuation-alerts", "id: [valuation-alerts]"),
                        SOURCE + " line 1: field 'id': expected a text value, found a list"),
                Arguments.of("text where a list is expected",
                        EXAMPLE.replace("consumes: [assets.ValuationRecorded]", "consumes: assets.ValuationRecorded"),
                        SOURCE + " line 7: field 'consumes': expected a list, found 'assets.ValuationRecorded'"),
                Arguments.of("empty value", EXAMPLE.replace("publisher: Mosaic examples", "publisher:"),
                        SOURCE + " line 3: field 'publisher': is empty"),
                Arguments.of("invalid id", EXAMPLE.replace("id: valuation-alerts", "id: Valuation_Alerts"),
                        SOURCE + " line 1: field 'id': plugin id 'Valuation_Alerts' must be lower-case words"),
                Arguments.of("invalid version", EXAMPLE.replace("version: 1.0.0", "version: 1.0 beta"),
                        SOURCE + " line 2: field 'version': plugin version '1.0 beta' is not a version"),
                Arguments.of("invalid domain", EXAMPLE.replace("domain: valuation-alerts", "domain: Valuation"),
                        SOURCE + " line 5: field 'domain': 'Valuation' is not a domain name"),
                Arguments.of("invalid entry class", EXAMPLE.replace("entry-class: io.mosaic", "entry-class: io mosaic"),
                        SOURCE + " line 6: field 'entry-class': 'io mosaic.plugin.valuationalerts.ValuationAlertsApp' is not a Java class name"),
                Arguments.of("invalid message type, on the item's line",
                        EXAMPLE.replace("consumes: [assets.ValuationRecorded]", "consumes:\n  - assets.ValuationRecorded\n  - assets.valuation"),
                        SOURCE + " line 9: field 'consumes': 'assets.valuation' is not a message type"),
                Arguments.of("publishing outside the plugin's domain (the SDK's rule)",
                        EXAMPLE.replace("publishes: [valuation-alerts.ValueDropAlert]", "publishes: [assets.ValueDropAlert]"),
                        SOURCE + " line 8: field 'publishes': 'assets.ValueDropAlert' is outside the plugin's domain 'valuation-alerts'"),
                Arguments.of("scope without reason", EXAMPLE.replace("    reason: Reads valuations to detect drops\n", ""),
                        SOURCE + " line 10: field 'scopes[0].reason': missing"),
                Arguments.of("scope as text", EXAMPLE.replace("  - scope: assets.valuations.read\n    reason: Reads valuations to detect drops",
                        "  - assets.valuations.read"), SOURCE + " line 10: field 'scopes[0]': expected a mapping"),
                Arguments.of("nested config value", EXAMPLE.replace("drop-threshold: \"0.10\"", "limits:\n    drop: 1"),
                        SOURCE + " line 13: field 'config.limits': expected a text value, found a mapping"),
                Arguments.of("duplicate field", EXAMPLE + "kind: domain\n",
                        SOURCE + " line 14: field 'kind': appears twice (first at line 4)"),
                Arguments.of("not YAML", "id: [unclosed\nversion: 1\n", SOURCE + " line 2: not valid YAML: while parsing a flow sequence, expected ',' or ']'"),
                Arguments.of("not a mapping", "- id: x\n", SOURCE + " line 1: the manifest must be a mapping of fields"),
                Arguments.of("empty", "# nothing\n", SOURCE + ": the manifest is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedManifest_isRefusedNamingFileLineAndField(String problem, String yaml, String expected) {
        ManifestException refusal = catchThrowableOfType(ManifestException.class, () -> reader.parse(SOURCE, yaml));

        assertThat(refusal).as(problem).isNotNull();
        assertThat(refusal.problems()).as(problem).hasSize(1);
        assertThat(refusal.getMessage()).as(problem).startsWith(expected);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String yaml = EXAMPLE.replace("kind: app ", "kind: plugin ")
                .replace("publisher: Mosaic examples\n", "")
                .replace("version: 1.0.0", "version: 1.0 beta") + "colour: blue\n";

        ManifestException refusal = catchThrowableOfType(ManifestException.class, () -> reader.parse(SOURCE, yaml));

        assertThat(refusal.problems()).hasSize(4).allSatisfy(problem -> assertThat(problem).startsWith(SOURCE));
        assertThat(refusal.problems()).anySatisfy(p -> assertThat(p).contains("field 'colour': unknown field"))
                .anySatisfy(p -> assertThat(p).contains("field 'publisher': missing"))
                .anySatisfy(p -> assertThat(p).contains("field 'version': plugin version '1.0 beta'"))
                .anySatisfy(p -> assertThat(p).contains("field 'kind': 'plugin' is not one of domain, app"));
        assertThat(refusal.getMessage()).isEqualTo(String.join("; ", refusal.problems()));
    }

    @Test
    void readsTheManifestFromTheRootOfAJar(@TempDir Path dir) {
        Path jar = TestPluginJar.app().build(dir, "test-app-1.0.jar");

        PluginManifest manifest = reader.read(jar);

        assertThat(manifest.plugin()).isEqualTo(new PluginId("test-app", "1.0.0"));
        assertThat(manifest.kind()).isEqualTo(PluginKind.APP);
        assertThat(manifest.config()).containsEntry("threshold", "0.10");
    }

    @Test
    void malformedManifestInAJar_namesTheJarAndTheManifest(@TempDir Path dir) {
        Path jar = TestPluginJar.app().yamlLine("kind:", "kind: plugin").build(dir, "test-app-1.0.jar");

        assertThatThrownBy(() -> reader.read(jar)).isInstanceOf(ManifestException.class)
                .hasMessage("test-app-1.0.jar!/mosaic-plugin.yaml line 4: field 'kind': 'plugin' is not one of domain, app");
    }

    @Test
    void jarWithoutManifest_isRefused(@TempDir Path dir) {
        Path jar = TestPluginJar.app().withoutYaml().build(dir, "bare.jar");

        assertThatThrownBy(() -> reader.read(jar)).isInstanceOf(ManifestException.class)
                .hasMessage("bare.jar: no mosaic-plugin.yaml at the root of the jar (every plugin jar needs one)");
    }

    @Test
    void fileThatIsNotAJar_isRefused(@TempDir Path dir) throws IOException {
        Path notAJar = Files.writeString(dir.resolve("notes.jar"), "just text");

        assertThatThrownBy(() -> reader.read(notAJar)).isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("notes.jar: not a readable jar");
        assertThatThrownBy(() -> reader.read(dir.resolve("missing.jar"))).isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("missing.jar: no such file");
    }

    @Test
    void readsOtherTextFilesOfTheJar(@TempDir Path dir) {
        Path jar = TestPluginJar.app().file("docs/readme.txt", "héllo").build(dir, "test-app-1.0.jar");

        assertThat(reader.readResource(jar, "policy.yaml")).hasValueSatisfying(text -> assertThat(text).contains("rules: []"));
        assertThat(reader.readResource(jar, "/docs/readme.txt")).contains("héllo");
        assertThat(reader.readResource(jar, "absent.yaml")).isEmpty();
        assertThat(reader.readResource(jar, "docs/")).isEmpty();
    }

    @Property(tries = 200)
    void anyKindIsEitherDomainOrAppOrRefusedByName(@ForAll("scalars") String kind) {
        String yaml = EXAMPLE.replace("kind: app ", "kind: \"" + yamlEscaped(kind) + "\" ");
        try {
            PluginManifest manifest = reader.parse(SOURCE, yaml);
            assertThat(kind.strip()).isIn("domain", "app");
            assertThat(manifest.kind()).isEqualTo(kind.strip().equals("app") ? PluginKind.APP : PluginKind.DOMAIN);
        } catch (ManifestException refusal) {
            assertThat(refusal.problems()).singleElement().asString().startsWith(SOURCE + " line 4: field 'kind': ");
        }
    }

    @Property(tries = 500)
    void arbitraryTextIsParsedOrRefusedWithAManifestException(@ForAll("yamlish") String text) {
        try {
            reader.parse(SOURCE, text);
        } catch (ManifestException refusal) {
            assertThat(refusal.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem).startsWith(SOURCE));
        }
    }

    @Provide
    Arbitrary<String> scalars() {
        return Arbitraries.oneOf(Arbitraries.of("domain", "app", "Domain", " app", "plugin", ""),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12));
    }

    @Provide
    Arbitrary<String> yamlish() {
        Arbitrary<String> fragments = Arbitraries.of("id", "version", "kind", "scopes", "config", "consumes", ": ", ":",
                "- ", "\n", "  ", "\t", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!!binary ", "%YAML 1.1\n", "---\n",
                "'", "\"", "#", "|\n", ">", "~", "null", "1.0", "app", "domain", "a.B", "\u0000", "\uFEFF", "? ");
        return Arbitraries.oneOf(fragments.list().ofMaxSize(40).map(parts -> String.join("", parts)),
                Arbitraries.strings().ofMaxLength(60));
    }

    private static String yamlEscaped(String text) {
        StringBuilder escaped = new StringBuilder();
        text.chars().forEach(c -> escaped.append(String.format("\\u%04x", c)));
        return escaped.toString();
    }
}
