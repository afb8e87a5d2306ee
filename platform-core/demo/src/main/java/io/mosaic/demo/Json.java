package io.mosaic.demo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON of the commands the demo submits: BigDecimal in plain notation, as the server's API writes it. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Json() {
    }

    static ObjectNode obj() {
        return MAPPER.createObjectNode();
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON of " + value.getClass().getName(), e);
        }
    }

    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON of " + value.getClass().getName(), e);
        }
    }

    /** Parses JSON that must be an array (answers of list queries). */
    static ArrayNode array(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node instanceof ArrayNode a) {
                return a;
            }
            throw new IllegalStateException("expected a JSON array, got " + node.getNodeType());
        } catch (IOException e) {
            throw new UncheckedIOException("answer is not JSON", e);
        }
    }
}
