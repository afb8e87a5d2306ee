package io.mosaic.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mosaic.sdk.Omittable;
import io.mosaic.sdk.build.MessageSchemaWriter;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The schema derived from a plugin's records at its build, and the gateway's check of a command against it. */
class MessageSchemasTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MANIFEST = """
            id: sample
            version: 1.0.0
            publisher: Tests
            kind: domain
            domain: sample
            entry-class: io.mosaic.runtime.SampleDomain
            schemas: schemas/messages.schema.json
            consumes: [sample.PlaceOrder,
                       other.SomethingElse]   # another domain's type: not a command of this one
            publishes:
              - sample.OrderPlaced
            """;

    private static MessageSchemas schemas() {
        MessageSchemaWriter.Manifest manifest = MessageSchemaWriter.Manifest.parse(MANIFEST);
        assertThat(manifest.commands()).containsExactly("sample.PlaceOrder");
        assertThat(manifest.events()).containsExactly("sample.OrderPlaced");
        assertThat(manifest.schemas()).hasValue("schemas/messages.schema.json");
        String text = MessageSchemaWriter.write(manifest, MessageSchemasTest.class.getClassLoader());
        return MessageSchemas.parse("sample.jar!/schemas/messages.schema.json", text,
                Set.of("sample.PlaceOrder", "sample.OrderPlaced"));
    }

    private static void check(MessageSchemas schemas, String json) throws Exception {
        schemas.check("sample.PlaceOrder", MAPPER.readTree(json));
    }

    @Test
    void aWellFormedCommand_passes_decimalsAsTextOrNumber_omittableLeftOut() throws Exception {
        MessageSchemas schemas = schemas();
        check(schemas, """
                {"orderId":"o-1","amount":"1234.50","side":"BUY","tradeDate":"2025-12-31",
                 "lines":[{"isin":"CH0012005267","quantity":3}],"tags":{"desk":"zurich"}}""");
        check(schemas, """
                {"orderId":"o-1","amount":1234.50,"side":"SELL","tradeDate":"2025-12-31","lines":[],"tags":{},
                 "note":null}""");
    }

    @Test
    void eachProblem_isNamedByItsJsonPath_withTheFormExpected() throws Exception {
        MessageSchemas schemas = schemas();
        CommandMalformed e = catchThrowableOfType(CommandMalformed.class, () -> check(schemas, """
                {"orderId":"","amount":"12,5","side":"HOLD","tradeDate":"31.12.2025",
                 "lines":[{"isin":"CH0012005267","quantity":"three"}],"tags":{"desk":7},"colour":"red"}"""));
        assertThat(e.type()).isEqualTo("sample.PlaceOrder");
        Map<String, String> byPath = new java.util.HashMap<>();
        e.problems().forEach(p -> byPath.merge(p.path(), p.problem(), (a, b) -> a + " | " + b));
        assertThat(byPath).containsKeys("$.orderId", "$.amount", "$.side", "$.tradeDate", "$.lines[0].quantity",
                "$.tags.desk", "$.colour");
        assertThat(byPath.get("$.side")).contains("BUY").contains("SELL");
        assertThat(byPath.get("$.tradeDate")).containsIgnoringCase("date");
        assertThat(byPath.get("$.lines[0].quantity")).contains("integer");
        assertThat(e.getMessage()).contains("$.amount");
    }

    @Test
    void aMissingRequiredField_isNamed_andAnOmittableOneIsNot() throws Exception {
        MessageSchemas schemas = schemas();
        CommandMalformed e = catchThrowableOfType(CommandMalformed.class, () -> check(schemas, "{\"orderId\":\"o-1\"}"));
        assertThat(e.problems()).extracting(CommandMalformed.Problem::path)
                .contains("$.amount", "$.side", "$.tradeDate", "$.lines", "$.tags").doesNotContain("$.note");
    }

    @Test
    void events_areDescribed_butNotChecked_andAnUnknownTypeIsNotChecked() throws Exception {
        MessageSchemas schemas = schemas();
        assertThat(schemas.types()).containsExactly("sample.OrderPlaced", "sample.PlaceOrder");
        assertThat(schemas.document().path("$defs").path("sample.OrderPlaced").path("x-mosaic-kind").asText())
                .isEqualTo("event");
        assertThat(schemas.document().path("$defs").path("sample.OrderPlaced").has("required")).isFalse();
        schemas.check("sample.Unknown", MAPPER.readTree("{\"anything\":1}"));
    }

    @Test
    void aRecordFieldWithoutAJsonForm_failsTheBuild_namingIt() {
        String manifest = MANIFEST.replace("sample.PlaceOrder", "sample.BadCommand");
        assertThatThrownBy(() -> MessageSchemaWriter.write(MessageSchemaWriter.Manifest.parse(manifest),
                MessageSchemasTest.class.getClassLoader()))
                .hasMessageContaining("BadCommand.thread").hasMessageContaining("no JSON Schema form");
        String missing = MANIFEST.replace("sample.PlaceOrder", "sample.NoSuchRecord");
        assertThatThrownBy(() -> MessageSchemaWriter.write(MessageSchemaWriter.Manifest.parse(missing),
                MessageSchemasTest.class.getClassLoader()))
                .hasMessageContaining("sample.NoSuchRecord").hasMessageContaining("io.mosaic.runtime.NoSuchRecord");
    }

    @Test
    void aShippedSchemaThatIsNotJson_isRefusedNamingTheFile() {
        assertThatThrownBy(() -> MessageSchemas.parse("x.jar!/schemas/m.json", "{nope", Set.of("sample.PlaceOrder")))
                .isInstanceOf(PlatformException.class).hasMessageContaining("x.jar!/schemas/m.json");
    }
}

enum Side { BUY, SELL }

record OrderLine(String isin, int quantity) {
}

record PlaceOrder(String orderId, BigDecimal amount, Side side, LocalDate tradeDate, List<OrderLine> lines,
                  Map<String, String> tags, @Omittable String note) {
}

record OrderPlaced(String orderId, BigDecimal amount, LocalDate tradeDate) {
}

record BadCommand(String orderId, Thread thread) {
}
