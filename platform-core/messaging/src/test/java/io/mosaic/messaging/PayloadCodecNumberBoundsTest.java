package io.mosaic.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A number with an absurd exponent, scale or length in a payload is refused when read, quickly. */
@Timeout(5)
class PayloadCodecNumberBoundsTest {

    record Transfer(String id, BigDecimal amount, List<BigDecimal> legs, Number fee) {
    }

    record Note(String id, JsonNode details) {
    }

    private static final String RANGE =
            "is out of range (a decimal of at most 64 digits with a scale between -64 and 64)";

    @Test
    void amountWithAbsurdExponent_isRefusedWhenRead() {
        assertRefused("{\"id\":\"t\",\"amount\":\"-1E+999999999\"}", Transfer.class,
                "amount: \"-1E+999999999\" " + RANGE);
        assertRefused("{\"id\":\"t\",\"amount\":1e-999999999}", Transfer.class, "amount: \"1E-999999999\" " + RANGE);
        assertRefused("{\"id\":\"t\",\"legs\":[\"1.00\",\"0E+2147483648\"]}", Transfer.class,
                "legs[1]: \"0E+2147483648\"");
        assertRefused("{\"id\":\"t\",\"fee\":-1E+999999999}", Transfer.class, "fee: \"-1E+999999999\"");
        // untyped: a bare JSON number in a map, in a list in a map, at the top, and in a tree
        assertRefused("{\"amount\":-1E+999999999}", Map.class, "amount: \"-1E+999999999\" " + RANGE);
        assertRefused("{\"legs\":[{\"amount\":1.5},{\"amount\":-1E+999999999}]}", Map.class,
                "legs[1].amount: \"-1E+999999999\"");
        assertRefused("-1E+999999999", Object.class, "payload: \"-1E+999999999\"");
        assertRefused("{\"legs\":[1.5,{\"amount\":-1E+999999999}]}", JsonNode.class,
                "legs[1].amount: \"-1E+999999999\"");
        assertRefused("{\"id\":\"n\",\"details\":{\"rate\":1E-65}}", Note.class, "details.rate: \"1E-65\"");
    }

    @Test
    void tooManyDigits_areRefused_andLongValuesAreShortenedInTheMessage() {
        String digits65 = "1" + "0".repeat(63) + ".5";

        assertRefused("{\"id\":\"t\",\"amount\":\"" + digits65 + "\"}", Transfer.class,
                "amount: \"" + digits65.substring(0, 40) + "…\" " + RANGE);
    }

    @Test
    void hugeDigitString_isRefusedCheaply() {
        String megabyte = "1".repeat(1024 * 1024);
        PayloadCodec.fromJson("{\"id\":\"warm-up\",\"amount\":1.5}".getBytes(StandardCharsets.UTF_8), Transfer.class);

        for (String amount : List.of("\"" + megabyte + "\"", megabyte, "0." + megabyte)) {
            byte[] json = ("{\"id\":\"t\",\"amount\":" + amount + "}").getBytes(StandardCharsets.UTF_8);
            long started = System.nanoTime();
            assertThatThrownBy(() -> PayloadCodec.fromJson(json, Transfer.class))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("exceeds the maximum allowed (" + PayloadCodec.MAX_NUMBER_LENGTH);
            assertThat(System.nanoTime() - started).isLessThan(500_000_000L);
        }
        byte[] untyped = ("{\"amount\":" + megabyte + "}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PayloadCodec.fromJson(untyped, Map.class))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("Number value length");
    }

    @Test
    void ordinaryAmountsAndRates_stillReadExactly() {
        for (String amount : List.of("2550000.00", "0.9400", "1E+3", "-0.000001", "12345678901234567890.000000001")) {
            BigDecimal expected = new BigDecimal(amount);
            String json = "{\"id\":\"t\",\"amount\":\"" + amount + "\",\"legs\":[" + amount + "],\"fee\":" + amount
                    + "}";

            Transfer read = PayloadCodec.fromJson(json.getBytes(StandardCharsets.UTF_8), Transfer.class);

            for (BigDecimal d : List.of(read.amount(), read.legs().get(0), (BigDecimal) read.fee())) {
                assertThat(d).isEqualTo(expected);
                assertThat(d.scale()).isEqualTo(expected.scale());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> untyped = PayloadCodec.fromJson(("{\"amount\":" + amount + "}")
                    .getBytes(StandardCharsets.UTF_8), Map.class);
            assertThat(untyped.get("amount")).isEqualTo(expected);
        }
    }

    @Test
    void decimalsAtTheBounds_roundTrip_andExponentsUpToTheBound_areRead() {
        List<BigDecimal> atTheBounds = List.of(new BigDecimal("9".repeat(64)), new BigDecimal("-1E-64"),
                new BigDecimal("0." + "9".repeat(64)));

        for (BigDecimal d : atTheBounds) {
            byte[] json = PayloadCodec.toJson(new Transfer("t", d, List.of(d), null));

            Transfer back = PayloadCodec.fromJson(json, Transfer.class);

            assertThat(back.amount()).isEqualTo(d);
            assertThat(back.legs()).containsExactly(d);
        }
        byte[] exponent = "{\"amount\":\"9.5E+64\",\"legs\":[1E+64]}".getBytes(StandardCharsets.UTF_8);
        Transfer read = PayloadCodec.fromJson(exponent, Transfer.class);
        assertThat(read.amount()).isEqualTo(new BigDecimal("95E+63"));
        assertThat(read.legs()).containsExactly(new BigDecimal("1E+64"));
    }

    private static void assertRefused(String json, Class<?> type, String message) {
        assertThatThrownBy(() -> PayloadCodec.fromJson(json.getBytes(StandardCharsets.UTF_8), type))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("is not a " + type.getName())
                .hasMessageContaining(message);
    }
}
