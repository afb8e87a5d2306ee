package io.mosaic.messaging;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * JSON of message records, the same everywhere a payload is written or read:
 * <ul>
 * <li>{@link BigDecimal} as a JSON string in plain notation ({@code "0.10"}, never {@code 1E+1}), read back
 * exactly, scale included; untyped decimals read as BigDecimal too;</li>
 * <li>a decimal read, from a string or a number, typed or untyped or in a tree, has at most
 * {@value #MAX_DECIMAL_DIGITS} digits and a scale between -{@value #MAX_DECIMAL_SCALE} and
 * {@value #MAX_DECIMAL_SCALE}; any other is refused, as is a number longer than {@value #MAX_NUMBER_LENGTH}
 * characters, so that {@code "1E+999999999"} never reaches code whose {@code toPlainString()} or
 * {@code setScale(2)} of it would allocate a gigabyte;</li>
 * <li>{@code java.time} values as ISO-8601 strings ({@code "2024-03-01"}, {@code "2024-03-01T10:15:30Z"});</li>
 * <li>records and enums (by name); unknown properties ignored, so a newer sender's extra fields do not break an
 * older reader.</li>
 * </ul>
 * Thread-safe.
 */
public final class PayloadCodec {
    /** The longest JSON string a payload may hold (a statement file inside an import command). */
    public static final int MAX_STRING_LENGTH = 64 * 1024 * 1024;
    /** The most digits a decimal read from a payload may have (amounts and rates need about 20). */
    public static final int MAX_DECIMAL_DIGITS = 64;
    /** The largest scale, either way, of a decimal read from a payload: 64 places after the point, or times 10^64. */
    public static final int MAX_DECIMAL_SCALE = 64;
    /**
     * The longest number a payload may hold, as a JSON number or a decimal string. The plain notation this codec
     * writes of a decimal within the bounds above takes at most 67 characters ({@code -0.} and 64 places); a megabyte
     * of digits is refused before it is parsed.
     */
    public static final int MAX_NUMBER_LENGTH = 100;
    private static final int SHOWN_VALUE_LENGTH = 40;
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
                        .maxStringLength(MAX_STRING_LENGTH).maxNumberLength(MAX_NUMBER_LENGTH).build())
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .typeFactory(TypeFactory.createDefaultInstance())
                .addModule(new JavaTimeModule())
                .addModule(boundedDecimals())
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

    /**
     * Deserializers that refuse a decimal outside the bounds wherever a payload is read into one: a BigDecimal (from a
     * string or a number), a Number, an untyped value (once a Number deserializer of our own is registered, Jackson
     * reads every untyped number with it) and a tree, whose decimals are checked once it is read.
     */
    private static SimpleModule boundedDecimals() {
        SimpleModule module = new SimpleModule("mosaic-bounded-decimals");
        bound(module, BigDecimal.class, NumberDeserializers.BigDecimalDeserializer.instance);
        bound(module, Number.class, NumberDeserializers.NumberDeserializer.instance);
        for (Class<? extends JsonNode> tree : List.of(JsonNode.class, ObjectNode.class, ArrayNode.class)) {
            bound(module, tree, JsonNodeDeserializer.getDeserializer(tree));
        }
        return module;
    }

    @SuppressWarnings("unchecked")
    private static <T> void bound(SimpleModule module, Class<T> type, JsonDeserializer<?> standard) {
        module.addDeserializer(type, (JsonDeserializer<T>) (JsonDeserializer<?>) new BoundedDecimals(standard));
    }

    /** Jackson's own deserializer of a type, whose decimals (also those in a tree it reads) must be within bounds. */
    @SuppressWarnings("serial")
    private static final class BoundedDecimals extends DelegatingDeserializer {
        BoundedDecimals(JsonDeserializer<?> standard) {
            super(standard);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> standard) {
            return new BoundedDecimals(standard);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return checked(super.deserialize(p, ctxt), p);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt, Object intoValue) throws IOException {
            return checked(super.deserialize(p, ctxt, intoValue), p);
        }

        private static Object checked(Object value, JsonParser p) throws InvalidFormatException {
            OutOfBounds found = value instanceof BigDecimal decimal ? OutOfBounds.of(decimal)
                    : value instanceof JsonNode tree ? OutOfBounds.in(tree)
                    : null;
            if (found != null) {
                throw found.refusal(p);
            }
            return value;
        }
    }

    /** A decimal outside the bounds, at {@code path} below where the parser is: {@code ""}, {@code .legs[0].amount}. */
    private record OutOfBounds(String path, BigDecimal value) {
        /** Looks at scale and digit count only, never at the plain notation, which an absurd exponent makes huge. */
        static OutOfBounds of(BigDecimal value) {
            boolean within = value.scale() >= -MAX_DECIMAL_SCALE && value.scale() <= MAX_DECIMAL_SCALE
                    && value.precision() <= MAX_DECIMAL_DIGITS;
            return within ? null : new OutOfBounds("", value);
        }

        /** The first decimal of a tree outside the bounds, or null. */
        static OutOfBounds in(JsonNode tree) {
            if (tree.isBigDecimal()) {
                return of(tree.decimalValue());
            }
            if (tree.isObject()) {
                for (Map.Entry<String, JsonNode> field : tree.properties()) {
                    OutOfBounds found = in(field.getValue());
                    if (found != null) {
                        return found.below("." + field.getKey());
                    }
                }
            } else if (tree.isArray()) {
                for (int i = 0; i < tree.size(); i++) {
                    OutOfBounds found = in(tree.get(i));
                    if (found != null) {
                        return found.below("[" + i + "]");
                    }
                }
            }
            return null;
        }

        OutOfBounds below(String step) {
            return new OutOfBounds(step + path, value);
        }

        /** The error, as {@code amount: "-1E+999999999" is out of range (…)}; toString() is short for any scale. */
        InvalidFormatException refusal(JsonParser p) {
            String where = pathOf(p.getParsingContext()) + path;
            where = where.isEmpty() ? "payload" : where.startsWith(".") ? where.substring(1) : where;
            String shown = value.toString();
            if (shown.length() > SHOWN_VALUE_LENGTH) {
                shown = shown.substring(0, SHOWN_VALUE_LENGTH) + "…";
            }
            String message = where + ": \"" + shown + "\" is out of range (a decimal of at most " + MAX_DECIMAL_DIGITS
                    + " digits with a scale between -" + MAX_DECIMAL_SCALE + " and " + MAX_DECIMAL_SCALE + ")";
            return InvalidFormatException.from(p, message, shown, BigDecimal.class);
        }

        private static String pathOf(JsonStreamContext context) {
            if (context == null || context.inRoot()) {
                return "";
            }
            String step = context.inArray() ? "[" + context.getCurrentIndex() + "]" : "." + context.getCurrentName();
            return pathOf(context.getParent()) + step;
        }
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
