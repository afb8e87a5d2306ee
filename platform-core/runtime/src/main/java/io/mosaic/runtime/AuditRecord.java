package io.mosaic.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a tenant's audit trail: who did what, when, why. Entries are chained by hash: {@code hash} is the
 * SHA-256 of the previous entry's hash and this entry's fields (how, by {@code format}: {@link AuditHash}), so a
 * removed or altered entry breaks the chain.
 *
 * @param kind      e.g. {@code delivery-denied}, {@code publish-denied}, {@code envelope-rejected}, {@code plugin-installed}
 * @param actor     who acted (a plugin installation, {@code platform.gateway}, an administrator)
 * @param subject   on whose behalf
 * @param reference what it concerns (an envelope id, a plugin id)
 * @param rule      the rule or check that decided
 * @param reason    why, in words
 * @param format    how the hash input is built: 2 for entries written now, 1 for entries written before (stored
 *                  without a format)
 */
public record AuditRecord(String tenant, long sequence, Instant at, String kind, String actor, String subject,
                          String reference, String messageType, String rule, String reason, String previousHash,
                          String hash, int format) {
    public AuditRecord {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        actor = Objects.requireNonNullElse(actor, "");
        subject = Objects.requireNonNullElse(subject, "");
        reference = Objects.requireNonNullElse(reference, "");
        messageType = Objects.requireNonNullElse(messageType, "");
        rule = Objects.requireNonNullElse(rule, "");
        reason = Objects.requireNonNullElse(reason, "");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }

    /** This entry carrying {@code hash}. */
    AuditRecord withHash(String hash) {
        return new AuditRecord(tenant, sequence, at, kind, actor, subject, reference, messageType, rule, reason,
                previousHash, hash, format);
    }
}
