package io.mosaic.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mosaic.hsm.KeyRef;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A signed statement that entry {@code sequence} of a tenant's audit trail had hash {@code hash} at {@code at}, kept
 * in the tenant's stream {@code platform|audit-checkpoints} and, exported as JSON lines, outside the platform.
 *
 * <p>The signature covers {@link #signedBytes()}: the fields {@code "mosaic-audit-checkpoint", "1", tenant, sequence,
 * hash, at, keyRef}, each as the 4-byte big-endian length of its UTF-8 bytes followed by the bytes. The checkpoint's
 * {@code number} (its place in the checkpoint stream) is not signed.
 *
 * @param number    the checkpoint's place in the tenant's checkpoint stream, from 1
 * @param sequence  the last audit entry it covers
 * @param hash      that entry's hash
 * @param keyRef    the key that signed it (the tenant's high-value key in an HSM, else its audit checkpoint key)
 * @param signature the signature of {@link #signedBytes()}
 */
public record AuditCheckpoint(String tenant, long number, long sequence, String hash, Instant at, KeyRef keyRef,
                              byte[] signature) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public AuditCheckpoint {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(keyRef, "keyRef");
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    /** What the signature covers. */
    public byte[] signedBytes() {
        return AuditHash.lengthPrefixed(List.of("mosaic-audit-checkpoint", "1", tenant, Long.toString(sequence), hash,
                at.toString(), keyRef.toString()));
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** This checkpoint at another place of the stream. */
    AuditCheckpoint numbered(long number) {
        return new AuditCheckpoint(tenant, number, sequence, hash, at, keyRef, signature);
    }

    /** One line of JSON, as exported. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(JSON.createObjectNode().put("tenant", tenant).put("checkpoint", number)
                    .put("sequence", sequence).put("hash", hash).put("at", at.toString())
                    .put("keyRef", keyRef.toString()).put("signature", Base64.getEncoder().encodeToString(signature)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode audit checkpoint " + number + " of " + tenant, e);
        }
    }

    /**
     * Parses what {@link #toJson()} wrote.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static AuditCheckpoint fromJson(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        try {
            return new AuditCheckpoint(text(n, "tenant"), number(n, "checkpoint"), number(n, "sequence"),
                    text(n, "hash"), Instant.parse(text(n, "at")), KeyRef.parse(text(n, "keyRef")),
                    Base64.getDecoder().decode(text(n, "signature")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'at' is not an instant: " + n.get("at").asText());
        }
    }

    /**
     * Parses an export: one checkpoint per line, blank lines skipped.
     *
     * @throws IllegalArgumentException naming the line that is not a checkpoint and why
     */
    public static List<AuditCheckpoint> fromJsonLines(String text) {
        List<AuditCheckpoint> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                out.add(fromJson(lines[i]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not an audit checkpoint: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode value = n.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not text");
        }
        return value.asText();
    }

    private static long number(JsonNode n, String field) {
        JsonNode value = n.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a whole number");
        }
        return value.asLong();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditCheckpoint c && tenant.equals(c.tenant) && number == c.number
                && sequence == c.sequence && hash.equals(c.hash) && at.equals(c.at) && keyRef.equals(c.keyRef)
                && Arrays.equals(signature, c.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, number, sequence, hash, at, keyRef, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "checkpoint " + number + " of " + tenant + " (entry " + sequence + ", " + at + ", " + keyRef + ")";
    }
}
