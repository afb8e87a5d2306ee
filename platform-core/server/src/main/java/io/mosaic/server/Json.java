package io.mosaic.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON of the REST API: ISO dates, BigDecimal in plain notation, strict about malformed input: a number longer than
 * {@link io.mosaic.messaging.PayloadCodec#MAX_NUMBER_LENGTH} characters or nesting deeper than
 * {@value #MAX_NESTING_DEPTH} is refused while parsing.
 */
final class Json {
    /** How deep JSON read here (request bodies, query answers, event payloads) may nest objects and arrays. */
    static final int MAX_NESTING_DEPTH = 64;
    static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(io.mosaic.messaging.PayloadCodec.MAX_STRING_LENGTH)
                    .maxNumberLength(io.mosaic.messaging.PayloadCodec.MAX_NUMBER_LENGTH)
                    .maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build())
            .registerModule(new JavaTimeModule())
            .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static {
        // a decimal of the server's own answers (prices, statement amounts) is written as text, as money is
        // everywhere in the API: "14.50", never 14.5 through a client's binary float
        MAPPER.configOverride(java.math.BigDecimal.class).setFormat(
                com.fasterxml.jackson.annotation.JsonFormat.Value.forShape(com.fasterxml.jackson.annotation.JsonFormat.Shape.STRING));
    }

    private Json() {
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

    /** Parses a request body that must be a JSON object. */
    static ObjectNode object(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest("request body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("request body cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadRequest("request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Parses JSON that must be an array (answers of list queries). */
    static com.fasterxml.jackson.databind.node.ArrayNode array(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
                return a;
            }
            throw new IllegalStateException("expected a JSON array, got " + node.getNodeType());
        } catch (IOException e) {
            throw new UncheckedIOException("answer is not JSON", e);
        }
    }

    static ObjectNode obj() {
        return MAPPER.createObjectNode();
    }
}
