package io.mosaic.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.eventstore.ConcurrencyConflict;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.hsm.Signer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The hash-chained audit trail, stored in the journal as the stream {@code platform|audit} of each tenant (tag
 * {@code audit}). Audit entries are platform metadata (ids, types, rules, reasons), never payloads, so they are
 * stored in clear; the chain makes tampering visible.
 *
 * <p><b>The chain.</b> Each entry's hash is SHA-256 over its fields and the previous entry's hash (entry 1 follows
 * 64 zeros). Entries written now are stored with {@code "v":2} and hashed over length-prefixed fields: the fields
 * {@code "mosaic-audit", "2", tenant, sequence, at, kind, actor, subject, reference, messageType, rule, reason,
 * previousHash}, each as the 4-byte big-endian length of its UTF-8 bytes followed by those bytes, so no field can
 * take bytes from its neighbour. Entries stored without {@code "v"} were written by the first format (the same
 * fields from tenant on, joined with U+001F) and are verified by that rule; an entry of the first format after one of
 * the second is reported. See {@link AuditHash}.
 *
 * <p><b>Signed checkpoints.</b> Whoever can write the journal can recompute the chain, or cut its tail. So every
 * {@value #CHECKPOINT_EVERY} entries (and on demand, {@link #checkpoint}) the trail appends an
 * {@link AuditCheckpoint} to the tenant's stream {@code platform|audit-checkpoints}: the sequence and hash of the last
 * covered entry, the time, and a signature by a key the journal's writer does not hold ({@link AuditCheckpointKeys}:
 * the tenant's high-value key in an HSM, else its checkpoint key wrapped under its key-encryption key). A checkpoint
 * that cannot be signed (e.g. the token is down) is tried again at the next entry; recording never fails for it.
 * {@link #exportCheckpoints} gives them as JSON lines to keep outside the platform: a chain rewritten or cut together
 * with its checkpoint stream is still caught against that copy.
 */
public final class AuditTrail {
    static final String STREAM = "platform|audit";
    static final String CHECKPOINTS = "platform|audit-checkpoints";
    static final int CHECKPOINT_EVERY = 100;
    private static final String GENESIS = "0".repeat(64);
    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Journal journal;
    private final Clock clock;
    private final Optional<AuditCheckpointKeys> keys;
    private final int checkpointEvery;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
    /** Per tenant, the highest entry a checkpoint covers, as far as this trail knows. */
    private final ConcurrentHashMap<String, Long> covered = new ConcurrentHashMap<>();

    /**
     * A trail without a key service: it writes no checkpoints, and {@link #verify} reports any checkpoint it finds as
     * one it cannot check. For tests and tools that only record.
     */
    public AuditTrail(Journal journal, Clock clock) {
        this(journal, clock, Optional.empty(), CHECKPOINT_EVERY);
    }

    /** A trail that signs a checkpoint every {@value #CHECKPOINT_EVERY} entries with {@code keys}. */
    public AuditTrail(Journal journal, Clock clock, AuditCheckpointKeys keys) {
        this(journal, clock, keys, CHECKPOINT_EVERY);
    }

    /** A trail that signs a checkpoint every {@code checkpointEvery} entries with {@code keys}. */
    public AuditTrail(Journal journal, Clock clock, AuditCheckpointKeys keys, int checkpointEvery) {
        this(journal, clock, Optional.of(keys), checkpointEvery);
    }

    private AuditTrail(Journal journal, Clock clock, Optional<AuditCheckpointKeys> keys, int checkpointEvery) {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be 1 or more, was " + checkpointEvery);
        }
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keys = keys;
        this.checkpointEvery = checkpointEvery;
    }

    /** Appends an entry; never throws for a concurrent writer (retries on a conflict) nor for a checkpoint. */
    public AuditRecord record(String tenant, String kind, String actor, String subject, String reference,
                              String messageType, String rule, String reason) {
        AuditRecord entry = append(tenant, kind, actor, subject, reference, messageType, rule, reason);
        checkpointIfDue(entry);
        return entry;
    }

    private AuditRecord append(String tenant, String kind, String actor, String subject, String reference,
                               String messageType, String rule, String reason) {
        synchronized (locks.computeIfAbsent(tenant, t -> new Object())) {
            for (int attempt = 0; ; attempt++) {
                List<StoredEvent> tail = last(tenant, STREAM);
                long seq = tail.isEmpty() ? 0 : tail.getLast().sequence();
                String previous = tail.isEmpty() ? GENESIS : decode(tail.getLast()).hash();
                Instant at = clock.instant();
                AuditRecord unhashed = new AuditRecord(tenant, seq + 1, at, kind, actor, subject, reference,
                        messageType, rule, reason, previous, "", AuditHash.CURRENT_FORMAT);
                AuditRecord entry = unhashed.withHash(AuditHash.of(unhashed));
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

    /** Signs a checkpoint when {@code checkpointEvery} entries were recorded since the last one; never throws. */
    private void checkpointIfDue(AuditRecord entry) {
        if (keys.isEmpty()) {
            return;
        }
        String tenant = entry.tenant();
        try {
            long last = covered.computeIfAbsent(tenant, t -> newestCheckpoint(t).map(AuditCheckpoint::sequence).orElse(0L));
            if (entry.sequence() - last < checkpointEvery || !covered.replace(tenant, last, entry.sequence())) {
                return; // not due, or another thread is signing this one
            }
            try {
                appendCheckpoint(tenant, entry.sequence(), entry.hash());
            } catch (RuntimeException e) {
                covered.replace(tenant, entry.sequence(), last);
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.warning("cannot sign an audit checkpoint of tenant " + tenant + " at entry " + entry.sequence()
                    + " (tried again at the next entry): " + e);
        }
    }

    /**
     * Signs a checkpoint of the newest entry now, unless the newest checkpoint covers it already (then returns that
     * one). Verifies the trail first: a broken trail is not signed.
     *
     * @return empty when the tenant has no audit entries
     * @throws PlatformException when the trail has no key service or is broken
     */
    public Optional<AuditCheckpoint> checkpoint(String tenant) {
        if (keys.isEmpty()) {
            throw new PlatformException("the audit trail of tenant " + tenant + " was opened without the key service:"
                    + " it cannot sign a checkpoint");
        }
        Optional<String> broken = verify(tenant);
        if (broken.isPresent()) {
            throw new PlatformException("will not sign a checkpoint of tenant " + tenant + "'s audit trail, it is"
                    + " broken: " + broken.get());
        }
        List<StoredEvent> tail = last(tenant, STREAM);
        if (tail.isEmpty()) {
            return Optional.empty();
        }
        AuditRecord head = decode(tail.getLast());
        Optional<AuditCheckpoint> newest = newestCheckpoint(tenant);
        if (newest.isPresent() && newest.get().sequence() >= head.sequence()) {
            return newest;
        }
        AuditCheckpoint made = appendCheckpoint(tenant, head.sequence(), head.hash());
        covered.merge(tenant, head.sequence(), Math::max);
        return Optional.of(made);
    }

    private AuditCheckpoint appendCheckpoint(String tenant, long sequence, String hash) {
        Signer signer = keys.orElseThrow().signer(tenant);
        AuditCheckpoint unsigned = new AuditCheckpoint(tenant, 0, sequence, hash, clock.instant(), signer.keyRef(),
                new byte[0]);
        AuditCheckpoint signed = new AuditCheckpoint(tenant, 0, sequence, hash, unsigned.at(), signer.keyRef(),
                signer.sign(unsigned.signedBytes()));
        for (int attempt = 0; ; attempt++) {
            long number = journal.highestSequence(tenant, CHECKPOINTS) + 1;
            AuditCheckpoint checkpoint = signed.numbered(number);
            try {
                journal.append(tenant, CHECKPOINTS, number - 1, List.of(new EventData(UUID.randomUUID(),
                        "platform.AuditCheckpointSigned", 1, checkpoint.at(), "",
                        checkpoint.toJson().getBytes(StandardCharsets.UTF_8), Set.of("audit-checkpoint"))));
                LOG.info(() -> "audit checkpoint " + checkpoint);
                return checkpoint;
            } catch (ConcurrencyConflict conflict) {
                if (attempt > 20) {
                    throw conflict;
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

    /** The tenant's checkpoints, oldest first. */
    public List<AuditCheckpoint> checkpoints(String tenant) {
        List<AuditCheckpoint> out = new ArrayList<>();
        for (StoredEvent e : journal.read(tenant, CHECKPOINTS, 1)) {
            out.add(decodeCheckpoint(e));
        }
        return out;
    }

    /** The tenant's checkpoints as JSON lines (one {@link AuditCheckpoint#toJson()} per line), to keep elsewhere. */
    public String exportCheckpoints(String tenant) {
        StringBuilder out = new StringBuilder();
        for (AuditCheckpoint c : checkpoints(tenant)) {
            out.append(c.toJson()).append('\n');
        }
        return out.toString();
    }

    /** As {@link #verify(String, List)} without an exported copy. */
    public Optional<String> verify(String tenant) {
        return verify(tenant, List.of());
    }

    /**
     * Checks the whole chain, then the checkpoints (the platform's, and {@code exported}, checkpoints exported earlier
     * with {@link #exportCheckpoints}): each must be signed by the tenant's checkpoint key, the entry it covers must
     * still have the hash it signed, the chain must reach the newest of them, and every exported one must still be in
     * the platform's checkpoint stream.
     *
     * @return the first problem, naming the entry or checkpoint and what is wrong with it; empty when intact
     */
    public Optional<String> verify(String tenant, List<AuditCheckpoint> exported) {
        List<String> hashes = new ArrayList<>();
        Optional<String> broken = verifyChain(tenant, hashes);
        if (broken.isPresent()) {
            return broken;
        }
        List<AuditCheckpoint> stored = new ArrayList<>();
        for (StoredEvent e : journal.read(tenant, CHECKPOINTS, 1)) {
            try {
                stored.add(decodeCheckpoint(e));
            } catch (PlatformException unreadable) {
                return Optional.of(unreadable.getMessage());
            }
        }
        return new AuditCheckpointCheck(tenant, hashes, keys).check(stored, exported);
    }

    /** The chain from entry 1; fills {@code hashes} with each entry's hash. */
    private Optional<String> verifyChain(String tenant, List<String> hashes) {
        String previous = GENESIS;
        long expectedSeq = 1;
        long firstOfCurrentFormat = 0;
        for (StoredEvent e : journal.read(tenant, STREAM, 1)) {
            AuditRecord r;
            try {
                r = decode(e);
            } catch (PlatformException unreadable) {
                return Optional.of(unreadable.getMessage());
            }
            if (r.sequence() != expectedSeq) {
                return Optional.of("entry " + expectedSeq + " is missing (found " + r.sequence() + ")");
            }
            if (!r.previousHash().equals(previous)) {
                return Optional.of("entry " + r.sequence() + " does not follow entry " + (r.sequence() - 1));
            }
            if (r.format() == AuditHash.CURRENT_FORMAT && firstOfCurrentFormat == 0) {
                firstOfCurrentFormat = r.sequence();
            } else if (r.format() == AuditHash.LEGACY_FORMAT && firstOfCurrentFormat != 0) {
                return Optional.of("entry " + r.sequence() + " is in the old format 1, but entry " + firstOfCurrentFormat
                        + " was already written in format 2 (the entry was rewritten)");
            } else if (r.format() != AuditHash.CURRENT_FORMAT && r.format() != AuditHash.LEGACY_FORMAT) {
                return Optional.of("entry " + r.sequence() + " has format " + r.format()
                        + ", which this version does not know (1 or 2)");
            }
            if (!AuditHash.of(r).equals(r.hash())) {
                return Optional.of("entry " + r.sequence() + " was altered (hash mismatch)");
            }
            hashes.add(r.hash());
            previous = r.hash();
            expectedSeq++;
        }
        return Optional.empty();
    }

    private Optional<AuditCheckpoint> newestCheckpoint(String tenant) {
        List<StoredEvent> tail = last(tenant, CHECKPOINTS);
        return tail.isEmpty() ? Optional.empty() : Optional.of(decodeCheckpoint(tail.getLast()));
    }

    private List<StoredEvent> last(String tenant, String stream) {
        long highest = journal.highestSequence(tenant, stream);
        return highest == 0 ? List.of() : journal.read(tenant, stream, highest);
    }

    static byte[] encode(AuditRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("tenant", r.tenant()).put("sequence", r.sequence()).put("at", r.at().toString()).put("kind", r.kind())
                .put("actor", r.actor()).put("subject", r.subject()).put("reference", r.reference())
                .put("messageType", r.messageType()).put("rule", r.rule()).put("reason", r.reason())
                .put("previousHash", r.previousHash()).put("hash", r.hash());
        if (r.format() != AuditHash.LEGACY_FORMAT) {
            n.put("v", r.format());
        }
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode audit record", e);
        }
    }

    static AuditRecord decode(StoredEvent e) {
        try {
            JsonNode n = JSON.readTree(e.payload());
            JsonNode format = n.get("v");
            return new AuditRecord(n.get("tenant").asText(), n.get("sequence").asLong(), Instant.parse(n.get("at").asText()),
                    n.get("kind").asText(), n.get("actor").asText(), n.get("subject").asText(),
                    n.get("reference").asText(), n.get("messageType").asText(), n.get("rule").asText(),
                    n.get("reason").asText(), n.get("previousHash").asText(), n.get("hash").asText(),
                    format == null ? AuditHash.LEGACY_FORMAT : format.asInt());
        } catch (java.io.IOException | RuntimeException ex) {
            throw new PlatformException("audit entry " + e.sequence() + " of " + e.tenant() + " is unreadable: " + ex, ex);
        }
    }

    private static AuditCheckpoint decodeCheckpoint(StoredEvent e) {
        try {
            return AuditCheckpoint.fromJson(new String(e.payload(), StandardCharsets.UTF_8)).numbered(e.sequence());
        } catch (IllegalArgumentException ex) {
            throw new PlatformException("checkpoint " + e.sequence() + " of " + e.tenant() + " is unreadable: "
                    + ex.getMessage(), ex);
        }
    }
}
