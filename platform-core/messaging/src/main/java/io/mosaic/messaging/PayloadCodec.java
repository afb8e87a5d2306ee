package io.mosaic.messaging;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * JSON of message records, the same everywhere a payload is written or read:
 * <ul>
 * <li>{@link BigDecimal} as a JSON string in plain notation ({@code "0.10"}, never {@code 1E+1}), read back
 * exactly, scale included; untyped decimals read as BigDecimal too;</li>
 * <li>{@code java.time} values as ISO-8601 strings ({@code "2024-03-01"}, {@code "2024-03-01T10:15:30Z"});</li>
 * <li>records and enums (by name); unknown properties ignored, so a newer sender's extra fields do not break an
 * older reader.</li>
 * </ul>
 * Thread-safe.
 */
public final class PayloadCodec {
    /** The longest JSON string a payload may hold (a statement file inside an import command). */
    public static final int MAX_STRING_LENGTH = 64 * 1024 * 1024;
    private static final PayloadCodec SHARED = create();

    private final ObjectMapper mapper;

    private PayloadCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * A codec with caches of its own. The runtime gives each plugin installation one, so that Jackson's caches of
     * the plugin's record classes go away with the installation and never pin its class loader.
     */
    public static PayloadCodec create() {
        return new PayloadCodec(createMapper());
    }

    private static ObjectMapper createMapper() {
        // statement files travel inside commands: allow strings up to 64 MB (Jackson's default stops at 20 MB)
        com.fasterxml.jackson.core.JsonFactory factory = com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                        .maxStringLength(MAX_STRING_LENGTH).build())
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .typeFactory(TypeFactory.createDefaultInstance())
                .addModule(new JavaTimeModule())
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        mapper.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        return mapper;
    }

    /** The JSON bytes (UTF-8) of a message record. */
    public static byte[] toJson(Object message) {
        return SHARED.write(message);
    }

    public static <T> T fromJson(byte[] json, Class<T> type) {
        return SHARED.read(json, type);
    }

    /** As {@link #toJson}, with this codec's own caches. */
    public byte[] write(Object message) {
        Objects.requireNonNull(message, "message");
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new MessagingException("cannot write " + message.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Reads JSON bytes as {@code type}. */
    /** As {@link #fromJson}, with this codec's own caches. */
    public <T> T read(byte[] json, Class<T> type) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(type, "type");
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw new MessagingException("payload of " + json.length + " bytes is not a " + type.getName() + ": "
                    + reason, e);
        }
    }
}
