package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON lines log: one parseable object per record and line, whatever the message carries. */
class JsonLinesFormatterTest {
    @Test
    void aMessageWithALineBreak_staysOneLine_andParses_withTenantAndCorrelationId() throws Exception {
        LogRecord record = new LogRecord(Level.WARNING, "subject {0} refused\n2026-01-01 INFO forged: \"quoted\" \\ \u001b[31m");
        record.setParameters(new Object[] {"eve\r\nINFO"});
        record.setLoggerName("io.mosaic.server.TenantService");
        record.setThrown(new IllegalStateException("boom"));
        String[] line = new String[1];
        RequestContext.with(new RequestContext.Current("corr-42", "demo"),
                () -> line[0] = new JsonLinesFormatter().format(record));

        assertThat(line[0]).endsWith("\n");
        assertThat(line[0].substring(0, line[0].length() - 1)).doesNotContain("\n").doesNotContain("\r")
                .doesNotContain("\u001b");
        JsonNode json = Json.MAPPER.readTree(line[0]);
        assertThat(json.path("time").asText()).isEqualTo(record.getInstant().toString());
        assertThat(json.path("level").asText()).isEqualTo("WARNING");
        assertThat(json.path("logger").asText()).isEqualTo("io.mosaic.server.TenantService");
        assertThat(json.path("message").asText())
                .isEqualTo("subject eve\r\nINFO refused\n2026-01-01 INFO forged: \"quoted\" \\ \u001b[31m");
        assertThat(json.path("tenant").asText()).isEqualTo("demo");
        assertThat(json.path("correlationId").asText()).isEqualTo("corr-42");
        assertThat(json.path("thrown").asText()).startsWith("java.lang.IllegalStateException: boom").contains("\tat ");
    }

    @Test
    void outsideARequest_thereIsNoTenantNorCorrelationId() throws Exception {
        JsonNode json = Json.MAPPER.readTree(new JsonLinesFormatter().format(new LogRecord(Level.INFO, "started")));
        assertThat(json.has("tenant")).isFalse();
        assertThat(json.has("correlationId")).isFalse();
        assertThat(json.has("thrown")).isFalse();
        assertThat(json.path("message").asText()).isEqualTo("started");
    }

    @Test
    void theTextFormat_endsWithTheCorrelationId_andStillEscapes() {
        LogRecord record = new LogRecord(Level.INFO, "line one\nforged line");
        String[] line = new String[1];
        RequestContext.with(new RequestContext.Current("corr-7", "alpine"), () -> line[0] = new EscapingFormatter().format(record));
        assertThat(line[0].strip()).doesNotContain("\n").endsWith("line one\\nforged line [tenant=alpine correlationId=corr-7]");
    }

    @Test
    void theSwitch_takesThePropertyFirst_thenTheEnvironment() {
        assertThat(JsonLinesFormatter.selected("json", null)).isTrue();
        assertThat(JsonLinesFormatter.selected(null, "JSON")).isTrue();
        assertThat(JsonLinesFormatter.selected("text", "json")).isFalse();
        assertThat(JsonLinesFormatter.selected(null, null)).isFalse();
    }

    @Test
    void onlySaneCorrelationIds_areTaken() {
        assertThat(RequestContext.correlationId("abc-DEF_1.2")).isEqualTo("abc-DEF_1.2");
        assertThat(RequestContext.correlationId("x".repeat(64))).isEqualTo("x".repeat(64));
        assertThat(RequestContext.correlationId("x".repeat(65))).isNotEqualTo("x".repeat(65)).hasSize(36);
        assertThat(RequestContext.correlationId("a b")).hasSize(36);
        assertThat(RequestContext.correlationId("a\nb")).hasSize(36);
        assertThat(RequestContext.correlationId(null)).hasSize(36);
        assertThat(RequestContext.tenantOf("/api/tenants/demo/commands/x")).isEqualTo("demo");
        assertThat(RequestContext.tenantOf("/admin/tenants/alpine")).isEqualTo("alpine");
        assertThat(RequestContext.tenantOf("/health")).isNull();
    }
}
