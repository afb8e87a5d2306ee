package io.mosaic.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash of an audit entry, by the rule of the entry's format.
 *
 * <ul>
 * <li>Format 2 (every entry written now, stored with {@code "v":2}): SHA-256 over the fields
 * {@code "mosaic-audit", "2", tenant, sequence, at, kind, actor, subject, reference, messageType, rule, reason,
 * previousHash}, each encoded as the 4-byte big-endian length of its UTF-8 bytes followed by those bytes (sequence in
 * decimal, {@code at} as ISO-8601 in UTC as {@link java.time.Instant#toString()} writes it). No field can take bytes
 * from its neighbour.</li>
 * <li>Format 1 (entries written before, stored without {@code "v"}): SHA-256 over the same fields from tenant on, as
 * UTF-8, joined with U+001F. Field boundaries can shift (an actor {@code "a\u001fb"} and subject {@code "c"} hash
 * like actor {@code "a"} and subject {@code "b\u001fc"}); it is only used to verify old entries.</li>
 * </ul>
 */
final class AuditHash {
    static final int LEGACY_FORMAT = 1;
    static final int CURRENT_FORMAT = 2;
    private static final String DOMAIN = "mosaic-audit";

    private AuditHash() {
    }

    /** The hash {@code r} must carry, by the rule of its format. */
    static String of(AuditRecord r) {
        return switch (r.format()) {
            case LEGACY_FORMAT -> sha256(String.join("\u001f", fields(r)).getBytes(StandardCharsets.UTF_8));
            case CURRENT_FORMAT -> {
                List<String> input = new ArrayList<>(List.of(DOMAIN, Integer.toString(CURRENT_FORMAT)));
                input.addAll(fields(r));
                yield sha256(lengthPrefixed(input));
            }
            default -> throw new IllegalArgumentException("audit entry " + r.sequence() + " of " + r.tenant()
                    + " has format " + r.format() + ", which this version does not know (1 or 2)");
        };
    }

    private static List<String> fields(AuditRecord r) {
        return List.of(r.tenant(), Long.toString(r.sequence()), r.at().toString(), r.kind(), r.actor(),
                r.subject(), r.reference(), r.messageType(), r.rule(), r.reason(), r.previousHash());
    }

    /** Each field as the 4-byte big-endian length of its UTF-8 bytes, then the bytes. */
    static byte[] lengthPrefixed(List<String> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
