package io.mosaic.server;

import io.mosaic.messaging.PayloadCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A request body with a huge number or absurd nesting is refused while it is parsed. */
@Timeout(5)
class JsonLimitsTest {

    @Test
    void hugeDigitString_isRefusedCheaply() {
        byte[] body = ("{\"amount\":" + "1".repeat(1024 * 1024) + "}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Json.object(body))
                .isInstanceOf(BadRequest.class)
                .hasMessageContaining("request body is not JSON")
                .hasMessageContaining("exceeds the maximum allowed (" + PayloadCodec.MAX_NUMBER_LENGTH);
    }

    @Test
    void nestingDeeperThanTheLimit_isRefused() {
        int depth = Json.MAX_NESTING_DEPTH + 1;
        byte[] body = ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Json.object(body))
                .isInstanceOf(BadRequest.class)
                .hasMessageContaining("Document nesting depth");
    }

    @Test
    void ordinaryBody_isReadAsBefore() {
        int depth = Json.MAX_NESTING_DEPTH;
        byte[] deepest = ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.UTF_8);
        byte[] body = "{\"amount\":2550000.00,\"rate\":0.9400,\"name\":\"Chalet\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(Json.object(deepest)).isNotNull();
        assertThat(Json.object(body).get("amount").decimalValue()).isEqualByComparingTo(new BigDecimal("2550000.00"));
        assertThat(Json.object(body).get("rate").decimalValue()).isEqualByComparingTo(new BigDecimal("0.9400"));
    }
}
