package io.mosaic.messaging;

import io.mosaic.hsm.KeyRef;
import io.mosaic.messaging.EnvelopeRejectedException.Reason;
import io.mosaic.sdk.PluginId;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * The one canonical byte encoding of envelopes (specified byte by byte, with test vectors, in
 * {@code docs/envelope.md}). Three forms share one layout and differ in their kind byte and in how far they go:
 *
 * <ul>
 * <li>{@link #signedBytes}: header (with key reference) and payload — what the Ed25519 signature covers;</li>
 * <li>{@link #associatedData}: header without key reference and without payload — the AES-GCM associated data of
 * an entity's payload (the key reference is chosen by the key service while encrypting, and the ciphertext is
 * bound to its key anyway);</li>
 * <li>{@link #encode}/{@link #decode}: the wire form — signed bytes followed by signature and signer key.</li>
 * </ul>
 * Strings are UTF-8 and must be well-formed (a lone surrogate is refused), so that one envelope has exactly one
 * encoding. Decoding is strict: any truncation, trailing byte, unknown magic, version or kind, bad presence byte
 * or invalid field is {@link Reason#MALFORMED}.
 */
public final class EnvelopeCodec {
    static final byte[] MAGIC = "MOSAIC-ENV".getBytes(StandardCharsets.US_ASCII);
    static final byte VERSION = 1;
    static final byte KIND_SIGNED = 1;
    static final byte KIND_ASSOCIATED_DATA = 2;
    static final byte KIND_WIRE = 3;
    private static final byte ABSENT = 0;
    private static final byte PRESENT = 1;

    private EnvelopeCodec() {
    }

    /** The bytes the signature covers: magic, version, kind 1, every header field, then the payload. */
    public static byte[] signedBytes(EnvelopeHeader header, byte[] payload) {
        Writer out = new Writer(128 + payload.length);
        writeHeader(out, header, KIND_SIGNED);
        out.bytes(payload);
        return out.toArray();
    }

    /** The AES-GCM associated data of an entity's payload: magic, version, kind 2, header fields but keyRef. */
    public static byte[] associatedData(EnvelopeHeader header) {
        Writer out = new Writer(128);
        writeHeader(out, header, KIND_ASSOCIATED_DATA);
        return out.toArray();
    }

    /** The wire form: kind 3, header, payload, signature, signer key. */
    public static byte[] encode(SignedEnvelope envelope) {
        Writer out = new Writer(200 + envelope.payload().length + envelope.signature().length);
        writeHeader(out, envelope.header(), KIND_WIRE);
        out.bytes(envelope.payload());
        out.bytes(envelope.signature());
        writeKeyRef(out, envelope.signerKeyRef(), "signerKeyRef");
        return out.toArray();
    }

    /**
     * Reads the wire form.
     *
     * @throws EnvelopeRejectedException with {@link Reason#MALFORMED} when the bytes are not exactly one envelope
     */
    public static SignedEnvelope decode(byte[] wire) {
        Reader in = new Reader(wire);
        in.expectPrefix();
        UUID id = in.uuid("id");
        String tenant = in.string("tenant");
        String type = in.string("type");
        int schemaVersion = in.int32("schemaVersion");
        String senderId = in.string("sender.id");
        String senderVersion = in.string("sender.version");
        String subject = in.string("subject");
        UUID correlationId = in.uuid("correlationId");
        UUID causationId = in.present("causationId") ? in.uuid("causationId") : null;
        Instant occurredAt = in.instant("occurredAt");
        String entity = in.present("entity") ? in.string("entity") : null;
        KeyRef keyRef = in.present("keyRef") ? in.keyRef("keyRef") : null;
        byte[] payload = in.bytes("payload");
        byte[] signature = in.bytes("signature");
        KeyRef signerKeyRef = in.keyRef("signerKeyRef");
        in.expectEnd();
        try {
            EnvelopeHeader header = new EnvelopeHeader(id, tenant, type, schemaVersion,
                    new PluginId(senderId, senderVersion), subject, correlationId, causationId, occurredAt, entity, keyRef);
            return new SignedEnvelope(header, payload, signature, signerKeyRef);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeRejectedException(Reason.MALFORMED, "envelope " + id + ": " + e.getMessage(), e);
        }
    }

    private static void writeHeader(Writer out, EnvelopeHeader h, byte kind) {
        out.raw(MAGIC);
        out.int8(VERSION);
        out.int8(kind);
        out.uuid(h.id());
        out.string(h.tenant(), "tenant");
        out.string(h.type(), "type");
        out.int32(h.schemaVersion());
        out.string(h.sender().id(), "sender.id");
        out.string(h.sender().version(), "sender.version");
        out.string(h.subject(), "subject");
        out.uuid(h.correlationId());
        if (h.causationIdOrNull() == null) {
            out.int8(ABSENT);
        } else {
            out.int8(PRESENT);
            out.uuid(h.causationIdOrNull());
        }
        out.int64(h.occurredAt().getEpochSecond());
        out.int32(h.occurredAt().getNano());
        if (h.entityOrNull() == null) {
            out.int8(ABSENT);
        } else {
            out.int8(PRESENT);
            out.string(h.entityOrNull(), "entity");
        }
        if (kind == KIND_ASSOCIATED_DATA) {
            return;
        }
        if (h.keyRefOrNull() == null) {
            out.int8(ABSENT);
        } else {
            out.int8(PRESENT);
            writeKeyRef(out, h.keyRefOrNull(), "keyRef");
        }
    }

    private static void writeKeyRef(Writer out, KeyRef ref, String field) {
        out.string(ref.tenant(), field + ".tenant");
        out.string(ref.name(), field + ".name");
        out.int32(ref.version());
    }

    /** Big-endian writer into a growing array. */
    private static final class Writer {
        private byte[] buffer;
        private int size;

        Writer(int capacity) {
            buffer = new byte[capacity];
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        void raw(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        void int8(byte value) {
            ensure(1);
            buffer[size++] = value;
        }

        void int32(int value) {
            ensure(4);
            buffer[size++] = (byte) (value >>> 24);
            buffer[size++] = (byte) (value >>> 16);
            buffer[size++] = (byte) (value >>> 8);
            buffer[size++] = (byte) value;
        }

        void int64(long value) {
            int32((int) (value >>> 32));
            int32((int) value);
        }

        void uuid(UUID value) {
            int64(value.getMostSignificantBits());
            int64(value.getLeastSignificantBits());
        }

        void bytes(byte[] value) {
            int32(value.length);
            raw(value);
        }

        void string(String value, String field) {
            bytes(utf8(value, field));
        }

        byte[] toArray() {
            return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        }
    }

    private static byte[] utf8(String value, String field) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isSurrogate(value.charAt(i))) {
                return strictUtf8(value, field); // rare: check the pairs
            }
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] strictUtf8(String value, String field) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            return Arrays.copyOf(encoded.array(), encoded.limit());
        } catch (CharacterCodingException e) {
            throw new MessagingException("envelope field " + field + " is not well-formed Unicode (a lone surrogate)"
                    + " and has no canonical UTF-8 encoding", e);
        }
    }

    /** Strict big-endian reader; every failure is MALFORMED and names the field and offset. */
    private static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data) {
            this.data = data;
        }

        private EnvelopeRejectedException malformed(String what) {
            return new EnvelopeRejectedException(Reason.MALFORMED, "envelope wire bytes (" + data.length + " bytes): "
                    + what + " at offset " + position);
        }

        private void need(int count, String field) {
            if (count < 0 || data.length - position < count) {
                throw malformed("truncated in field " + field + " (needs " + (count < 0 ? Integer.toUnsignedString(count)
                        : count) + " bytes, " + (data.length - position) + " left)");
            }
        }

        void expectPrefix() {
            need(MAGIC.length + 2, "magic");
            if (!Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw malformed("no MOSAIC-ENV magic");
            }
            position = MAGIC.length;
            byte version = data[position++];
            if (version != VERSION) {
                position--;
                throw malformed("unknown encoding version " + version + " (this codec reads version " + VERSION + ")");
            }
            byte kind = data[position++];
            if (kind != KIND_WIRE) {
                position--;
                throw malformed("kind " + kind + " is not the wire form (kind " + KIND_WIRE + ")");
            }
        }

        int int32(String field) {
            need(4, field);
            int value = ((data[position] & 0xff) << 24) | ((data[position + 1] & 0xff) << 16)
                    | ((data[position + 2] & 0xff) << 8) | (data[position + 3] & 0xff);
            position += 4;
            return value;
        }

        long int64(String field) {
            need(8, field);
            long high = int32(field);
            long low = int32(field);
            return (high << 32) | (low & 0xffffffffL);
        }

        UUID uuid(String field) {
            need(16, field);
            return new UUID(int64(field), int64(field));
        }

        boolean present(String field) {
            need(1, field);
            byte flag = data[position];
            if (flag != ABSENT && flag != PRESENT) {
                throw malformed("presence byte of " + field + " is " + flag + " (expected 0 or 1)");
            }
            position++;
            return flag == PRESENT;
        }

        byte[] bytes(String field) {
            int length = int32(field + " length");
            need(length, field);
            byte[] value = Arrays.copyOfRange(data, position, position + length);
            position += length;
            return value;
        }

        String string(String field) {
            int start = position;
            byte[] bytes = bytes(field);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                position = start;
                throw malformed("field " + field + " is not well-formed UTF-8");
            }
        }

        Instant instant(String field) {
            long seconds = int64(field + ".seconds");
            int nanos = int32(field + ".nanos");
            if (nanos < 0 || nanos > 999_999_999) {
                throw malformed("field " + field + " has nanos " + nanos + " (expected 0 to 999999999)");
            }
            try {
                return Instant.ofEpochSecond(seconds, nanos);
            } catch (DateTimeException e) {
                throw malformed("field " + field + " is out of range (" + seconds + " s)");
            }
        }

        KeyRef keyRef(String field) {
            String tenant = string(field + ".tenant");
            String name = string(field + ".name");
            int version = int32(field + ".version");
            try {
                return new KeyRef(tenant, name, version);
            } catch (IllegalArgumentException e) {
                throw malformed("field " + field + ": " + e.getMessage());
            }
        }

        void expectEnd() {
            if (position != data.length) {
                throw malformed((data.length - position) + " trailing bytes after the envelope");
            }
        }
    }
}
