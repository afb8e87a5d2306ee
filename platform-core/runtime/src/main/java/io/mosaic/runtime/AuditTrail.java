package io.mosaic.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.eventstore.ConcurrencyConflict;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.StoredEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The hash-chained audit trail, stored in the journal as the stream {@code audit} of each tenant (tag
 * {@code audit}). Audit entries are platform metadata (ids, types, rules, reasons), never payloads, so they are
 * stored in clear; the chain makes tampering visible.
 */
public final class AuditTrail {
    static final String STREAM = "platform|audit";
    private static final String GENESIS = "0".repeat(64);
    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;
    private final Clock clock;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public AuditTrail(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /** Appends an entry; never throws for a concurrent writer (retries on a conflict). */
    public AuditRecord record(String tenant, String kind, String actor, String subject, String reference,
                              String messageType, String rule, String reason) {
        synchronized (locks.computeIfAbsent(tenant, t -> new Object())) {
            for (int attempt = 0; ; attempt++) {
                List<StoredEvent> tail = lastEntry(tenant);
                long seq = tail.isEmpty() ? 0 : tail.getLast().sequence();
                String previous = tail.isEmpty() ? GENESIS : decode(tail.getLast()).hash();
                Instant at = clock.instant();
                AuditRecord unsigned = new AuditRecord(tenant, seq + 1, at, kind, actor, subject, reference,
                        messageType, rule, reason, previous, "");
                AuditRecord entry = withHash(unsigned);
                try {
                    journal.append(tenant, STREAM, seq, List.of(new EventData(UUID.randomUUID(), "platform.AuditRecorded",
                            1, at, "", encode(entry), Set.of("audit"))));
                    LOG.info(() -> "audit " + tenant + " " + kind + " " + reference + " " + messageType + ": " + reason);
                    return entry;
                } catch (ConcurrencyConflict conflict) {
                    if (attempt > 20) {
                        throw conflict;
                    }
                }
            }
        }
    }

    /** The newest entries first, at most {@code limit}. */
    public List<AuditRecord> recent(String tenant, int limit) {
        long highest = journal.highestSequence(tenant, STREAM);
        List<StoredEvent> events = journal.read(tenant, STREAM, Math.max(1, highest - limit + 1));
        List<AuditRecord> out = new ArrayList<>(events.size());
        for (StoredEvent e : events) {
            out.add(decode(e));
        }
        return out.reversed();
    }

    /** Checks the whole chain; returns the first broken sequence number with why, or empty when intact. */
    public Optional<String> verify(String tenant) {
        String previous = GENESIS;
        long expectedSeq = 1;
        for (StoredEvent e : journal.read(tenant, STREAM, 1)) {
            AuditRecord r = decode(e);
            if (r.sequence() != expectedSeq) {
                return Optional.of("entry " + expectedSeq + " is missing (found " + r.sequence() + ")");
            }
            if (!r.previousHash().equals(previous)) {
                return Optional.of("entry " + r.sequence() + " does not follow entry " + (r.sequence() - 1));
            }
            if (!withHash(r).hash().equals(r.hash())) {
                return Optional.of("entry " + r.sequence() + " was altered (hash mismatch)");
            }
            previous = r.hash();
            expectedSeq++;
        }
        return Optional.empty();
    }

    private List<StoredEvent> lastEntry(String tenant) {
        long highest = journal.highestSequence(tenant, STREAM);
        return highest == 0 ? List.of() : journal.read(tenant, STREAM, highest);
    }

    static AuditRecord withHash(AuditRecord r) {
        String canonical = String.join("\u001f", r.tenant(), Long.toString(r.sequence()), r.at().toString(), r.kind(),
                r.actor(), r.subject(), r.reference(), r.messageType(), r.rule(), r.reason(), r.previousHash());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String hash = HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
            return new AuditRecord(r.tenant(), r.sequence(), r.at(), r.kind(), r.actor(), r.subject(), r.reference(),
                    r.messageType(), r.rule(), r.reason(), r.previousHash(), hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] encode(AuditRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("tenant", r.tenant()).put("sequence", r.sequence()).put("at", r.at().toString()).put("kind", r.kind())
                .put("actor", r.actor()).put("subject", r.subject()).put("reference", r.reference())
                .put("messageType", r.messageType()).put("rule", r.rule()).put("reason", r.reason())
                .put("previousHash", r.previousHash()).put("hash", r.hash());
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode audit record", e);
        }
    }

    private static AuditRecord decode(StoredEvent e) {
        try {
            var n = JSON.readTree(e.payload());
            return new AuditRecord(n.get("tenant").asText(), n.get("sequence").asLong(), Instant.parse(n.get("at").asText()),
                    n.get("kind").asText(), n.get("actor").asText(), n.get("subject").asText(),
                    n.get("reference").asText(), n.get("messageType").asText(), n.get("rule").asText(),
                    n.get("reason").asText(), n.get("previousHash").asText(), n.get("hash").asText());
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("audit entry " + e.sequence() + " of " + e.tenant() + " is unreadable", ex);
        }
    }
}
