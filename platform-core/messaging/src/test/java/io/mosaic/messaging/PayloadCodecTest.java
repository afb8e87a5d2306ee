package io.mosaic.messaging;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadCodecTest {

    enum Method { APPRAISAL, MARK_TO_MARKET }

    record ValuationRecorded(String assetId, BigDecimal amount, String currency, LocalDate valuedOn, Instant recordedAt,
                             Method method, List<BigDecimal> history) {
    }

    record OlderValuationRecorded(String assetId, BigDecimal amount) {
    }

    private static final ValuationRecorded SAMPLE = new ValuationRecorded("asset-42", new BigDecimal("0.10"), "CHF",
            LocalDate.parse("2026-02-28"), Instant.parse("2026-03-01T10:15:30.123Z"), Method.APPRAISAL,
            List.of(new BigDecimal("1000.00"), new BigDecimal("12345678901234567890.000000001")));

    @Test
    void record_roundTripsExactly() {
        ValuationRecorded back = PayloadCodec.fromJson(PayloadCodec.toJson(SAMPLE), ValuationRecorded.class);

        assertThat(back).isEqualTo(SAMPLE);
        assertThat(back.amount().scale()).isEqualTo(2);
        assertThat(back.history().get(1)).isEqualTo(new BigDecimal("12345678901234567890.000000001"));
    }

    @Test
    void json_usesPlainDecimalStrings_isoDates_andEnumNames() {
        String json = new String(PayloadCodec.toJson(SAMPLE), StandardCharsets.UTF_8);

        assertThat(json).contains("\"amount\":\"0.10\"")
                .contains("\"history\":[\"1000.00\",\"12345678901234567890.000000001\"]")
                .contains("\"valuedOn\":\"2026-02-28\"")
                .contains("\"recordedAt\":\"2026-03-01T10:15:30.123Z\"")
                .contains("\"method\":\"APPRAISAL\"")
                .doesNotContain("E+");
    }

    @Test
    void exponentNotation_isWrittenPlain() {
        String json = new String(PayloadCodec.toJson(new OlderValuationRecorded("a", new BigDecimal("1E+3"))),
                StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"assetId\":\"a\",\"amount\":\"1000\"}");
    }

    @Test
    void decimalsWrittenAsNumbers_areReadExactlyToo() {
        byte[] json = "{\"assetId\":\"a\",\"amount\":0.10}".getBytes(StandardCharsets.UTF_8);

        assertThat(PayloadCodec.fromJson(json, OlderValuationRecorded.class).amount()).isEqualTo(new BigDecimal("0.10"));
        @SuppressWarnings("unchecked")
        Map<String, Object> untyped = PayloadCodec.fromJson(json, Map.class);
        assertThat(untyped.get("amount")).isEqualTo(new BigDecimal("0.10"));
    }

    @Test
    void unknownProperties_areIgnored() {
        OlderValuationRecorded older = PayloadCodec.fromJson(PayloadCodec.toJson(SAMPLE), OlderValuationRecorded.class);

        assertThat(older).isEqualTo(new OlderValuationRecorded("asset-42", new BigDecimal("0.10")));
    }

    @Test
    void invalidJson_failsNamingTheTargetType() {
        assertThatThrownBy(() -> PayloadCodec.fromJson("{\"amount\":\"twelve\"}".getBytes(StandardCharsets.UTF_8),
                OlderValuationRecorded.class))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("OlderValuationRecorded");
    }
}
