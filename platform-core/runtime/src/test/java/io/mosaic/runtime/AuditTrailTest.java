package io.mosaic.runtime;

import io.mosaic.eventstore.EmbeddedDatabase;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.Snapshot;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.SoftwareKeyService;
import io.mosaic.hsm.WrappedKey;
import io.mosaic.hsm.WrappedKeyRepository;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTrailTest {
    static final String TENANT = "bank-a";
    static final char[] PASSWORD = "test-password".toCharArray();

    private final EmbeddedDatabase db = EmbeddedDatabase.inMemory();
    @TempDir
    Path keyDir;
    private SoftwareKeyService keys;

    @BeforeEach
    void openKeys() {
        keys = SoftwareKeyService.open(keyDir.resolve("keystore.p12"), PASSWORD, db.keys(), Clock.systemUTC());
        keys.createTenantKey(TENANT);
    }

    @AfterEach
    void close() {
        keys.close();
        db.close();
    }

    /** A trail that signs a checkpoint every 10 entries with the software key service, reading {@code journal}. */
    private AuditTrail signing(Journal journal) {
        return new AuditTrail(journal, Clock.systemUTC(), AuditCheckpointKeys.of(keys, Clock.systemUTC()), 10);
    }

    private static void fill(AuditTrail trail, String tenant, int n) {
        for (int i = 0; i < n; i++) {
            trail.record(tenant, "delivery-denied", "sender-" + i, "subject", "ref-" + i, "assets.X", "builtin:replay", "reason " + i);
        }
    }

    @Test
    void intactChain_verifies_andTenantsHaveChainsOfTheirOwn() {
        AuditTrail trail = new AuditTrail(db.journal(), Clock.systemUTC());
        fill(trail, "bank-a", 5);
        fill(trail, "bank-b", 2);
        assertThat(trail.verify("bank-a")).isEmpty();
        assertThat(trail.verify("bank-b")).isEmpty();
        assertThat(trail.recent("bank-a", 10)).hasSize(5).first().extracting(AuditRecord::reference).isEqualTo("ref-4");
        assertThat(trail.recent("bank-b", 10)).extracting(AuditRecord::actor).containsExactly("sender-1", "sender-0");
    }

    @Test
    void alteredEntry_isDetected() {
        fill(new AuditTrail(db.journal(), Clock.systemUTC()), "bank-a", 5);
        // the stored row of entry 3 is edited behind the platform's back: its actor changes
        AuditTrail reading = new AuditTrail(tampering(db.journal(), 3,
                json -> json.replace("\"actor\":\"sender-2\"", "\"actor\":\"nobody\"")), Clock.systemUTC());
        assertThat(reading.verify("bank-a")).hasValueSatisfying(p -> assertThat(p).contains("entry 3").contains("altered"));
    }

    @Test
    void removedEntry_isDetected() {
        fill(new AuditTrail(db.journal(), Clock.systemUTC()), "bank-a", 5);
        AuditTrail reading = new AuditTrail(dropping(db.journal(), 2), Clock.systemUTC());
        assertThat(reading.verify("bank-a")).hasValueSatisfying(p -> assertThat(p).contains("entry 2"));
    }

    @Test
    void checkpoints_areSignedEveryNEntries_andOnDemand_andExportAsJsonLines() {
        AuditTrail trail = signing(db.journal());
        fill(trail, TENANT, 25);
        assertThat(trail.checkpoints(TENANT)).extracting(AuditCheckpoint::number, AuditCheckpoint::sequence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 10L), org.assertj.core.groups.Tuple.tuple(2L, 20L));
        assertThat(trail.checkpoint(TENANT)).hasValueSatisfying(c -> assertThat(c.sequence()).isEqualTo(25));
        assertThat(trail.checkpoint(TENANT)).as("the head is covered: no new one")
                .hasValueSatisfying(c -> assertThat(c.number()).isEqualTo(3));
        assertThat(trail.checkpoints(TENANT)).allSatisfy(c -> {
            assertThat(c.keyRef()).isEqualTo(KeyRef.signingKey(TENANT, SoftwareCheckpointKeys.INSTALLATION, 1));
            assertThat(c.hash()).isEqualTo(trail.recent(TENANT, 100).reversed().get((int) c.sequence() - 1).hash());
        });
        String exported = trail.exportCheckpoints(TENANT);
        assertThat(exported.lines()).hasSize(3);
        assertThat(AuditCheckpoint.fromJsonLines(exported)).isEqualTo(trail.checkpoints(TENANT));
        assertThat(trail.verify(TENANT, AuditCheckpoint.fromJsonLines(exported))).isEmpty();
        assertThat(trail.recent(TENANT, 1)).extracting(AuditRecord::format).containsExactly(2);
    }

    @Test
    void cutTail_isDetectedByTheSignedCheckpoint() {
        AuditTrail trail = signing(db.journal());
        fill(trail, TENANT, 25);
        assertThat(trail.verify(TENANT)).isEmpty();
        AuditCheckpoint second = trail.checkpoints(TENANT).get(1);
        // whoever can write the journal deletes entries 16 to 25: what is left is a perfect chain
        AuditTrail reading = signing(rewriting(db.journal(), AuditTrail.STREAM,
                entries -> entries.stream().filter(e -> e.sequence() <= 15).toList()));
        assertThat(reading.verify(TENANT)).hasValue("audit trail of tenant bank-a ends at entry 15 but checkpoint 2"
                + " signed entry 20 on " + second.at());
    }

    @Test
    void rewrittenChainWithRecomputedHashes_failsTheCheckpointSignature() {
        AuditTrail trail = signing(db.journal());
        fill(trail, TENANT, 25);
        UnaryOperator<List<StoredEvent>> rewrite = entries -> rechain(entries, 3, r -> r.actor().equals("sender-2")
                ? copy(r, "nobody", r.subject(), r.previousHash(), r.format()) : r);
        Journal rewritten = rewriting(db.journal(), AuditTrail.STREAM, rewrite);
        // the chain alone is intact again (no entry is reported altered), but checkpoint 1 signed the old entry 10
        assertThat(signing(rewritten).verify(TENANT)).hasValueSatisfying(p -> assertThat(p)
                .startsWith("entry 10 is not the entry checkpoint 1 signed on").contains("the chain was rewritten"));

        // the checkpoints are edited to the new hashes too: their signatures no longer verify
        Map<Long, String> newHashes = rewrite.apply(db.journal().read(TENANT, AuditTrail.STREAM, 1)).stream()
                .map(AuditTrail::decode).collect(Collectors.toMap(AuditRecord::sequence, AuditRecord::hash));
        Journal alsoCheckpoints = rewriting(rewritten, AuditTrail.CHECKPOINTS, checkpoints -> checkpoints.stream()
                .map(e -> withPayload(e, rehashed(e, newHashes))).toList());
        assertThat(signing(alsoCheckpoints).verify(TENANT)).hasValueSatisfying(p -> assertThat(p)
                .startsWith("checkpoint 1 (entry 10, signed on ").contains("is not genuine")
                .contains("its signature by bank-a/platform:audit-checkpoints/sig/v1 does not verify"));
    }

    @Test
    void rewrittenChainAndCheckpoints_failAgainstTheExportedCopy() {
        AuditTrail trail = signing(db.journal());
        fill(trail, TENANT, 25);
        List<AuditCheckpoint> exported = AuditCheckpoint.fromJsonLines(trail.exportCheckpoints(TENANT));
        // entries from 12 on are rewritten and checkpoint 2 (entry 20), which would betray it, is deleted
        Journal rewritten = rewriting(rewriting(db.journal(), AuditTrail.STREAM, entries -> rechain(entries, 12,
                        r -> r.sequence() == 12 ? copy(r, "nobody", r.subject(), r.previousHash(), r.format()) : r)),
                AuditTrail.CHECKPOINTS, checkpoints -> checkpoints.subList(0, 1));
        assertThat(signing(rewritten).verify(TENANT)).as("inside the platform nothing is left to see").isEmpty();
        assertThat(signing(rewritten).verify(TENANT, exported)).hasValueSatisfying(p -> assertThat(p)
                .startsWith("entry 20 is not the entry checkpoint 2 of the exported copy signed on"));

        // the same with the tail cut
        Journal cut = rewriting(rewriting(db.journal(), AuditTrail.STREAM,
                        entries -> entries.stream().filter(e -> e.sequence() <= 15).toList()),
                AuditTrail.CHECKPOINTS, checkpoints -> checkpoints.subList(0, 1));
        assertThat(signing(cut).verify(TENANT)).isEmpty();
        assertThat(signing(cut).verify(TENANT, exported)).hasValue("audit trail of tenant bank-a ends at entry 15 but"
                + " checkpoint 2 of the exported copy signed entry 20 on " + exported.get(1).at());

        // only the checkpoint stream is cut: the exported copy names the missing checkpoint
        Journal fewer = rewriting(db.journal(), AuditTrail.CHECKPOINTS, checkpoints -> checkpoints.subList(0, 1));
        assertThat(signing(fewer).verify(TENANT, exported)).hasValueSatisfying(p -> assertThat(p)
                .isEqualTo("checkpoint 2 of the exported copy (entry 20, signed on " + exported.get(1).at()
                        + ") is missing from the platform's checkpoint stream"));
    }

    @Test
    void swappedPublicKeyInTheKeyTable_isCaught() {
        AuditTrail trail = signing(db.journal());
        fill(trail, TENANT, 25);
        keys.close();
        // the attacker's own Ed25519 key: it re-signs rewritten checkpoints, and its public key replaces the stored one
        byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
        seed[0] = 7;
        byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        UnaryOperator<List<StoredEvent>> rewrite = entries -> rechain(entries, 3, r -> r.sequence() == 3
                ? copy(r, "nobody", r.subject(), r.previousHash(), r.format()) : r);
        Map<Long, String> newHashes = rewrite.apply(db.journal().read(TENANT, AuditTrail.STREAM, 1)).stream()
                .map(AuditTrail::decode).collect(Collectors.toMap(AuditRecord::sequence, AuditRecord::hash));
        Journal forged = rewriting(rewriting(db.journal(), AuditTrail.STREAM, rewrite), AuditTrail.CHECKPOINTS,
                checkpoints -> checkpoints.stream().map(e -> {
                    AuditCheckpoint c = AuditCheckpoint.fromJson(new String(rehashed(e, newHashes), StandardCharsets.UTF_8));
                    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
                    byte[] data = c.signedBytes();
                    Ed25519.sign(seed, 0, publicKey, 0, data, 0, data.length, signature, 0);
                    return withPayload(e, new AuditCheckpoint(c.tenant(), c.number(), c.sequence(), c.hash(), c.at(),
                            c.keyRef(), signature).toJson().getBytes(StandardCharsets.UTF_8));
                }).toList());
        try (SoftwareKeyService reopened = SoftwareKeyService.open(keyDir.resolve("keystore.p12"), PASSWORD,
                swappingPublicKeys(db.keys(), publicKey), Clock.systemUTC())) {
            AuditTrail reading = new AuditTrail(forged, Clock.systemUTC(), AuditCheckpointKeys.of(reopened, Clock.systemUTC()));
            assertThat(reading.verify(TENANT)).hasValueSatisfying(p -> assertThat(p).startsWith("checkpoint 1")
                    .contains("the stored public key of bank-a/platform:audit-checkpoints/sig/v1 does not belong to its"
                            + " private key"));
        }
        keys = SoftwareKeyService.open(keyDir.resolve("keystore.p12"), PASSWORD, db.keys(), Clock.systemUTC());
    }

    @Test
    void fieldBoundaryShift_changesTheHash() {
        Instant at = Instant.parse("2025-06-30T12:00:00Z");
        String zeros = "0".repeat(64);
        // the same characters, split differently between actor and subject
        for (int format : List.of(1, 2)) {
            AuditRecord ab = new AuditRecord(TENANT, 1, at, "k", "ab", "c", "r", "m", "rule", "why", zeros, "", format);
            AuditRecord a = new AuditRecord(TENANT, 1, at, "k", "a", "bc", "r", "m", "rule", "why", zeros, "", format);
            assertThat(AuditHash.of(ab)).as("format " + format).isNotEqualTo(AuditHash.of(a));
        }
        // with the old separator inside a field, the old rule cannot tell them apart; the length prefixes can
        AuditRecord left = new AuditRecord(TENANT, 1, at, "k", "a\u001fb", "c", "r", "m", "rule", "why", zeros, "", 1);
        AuditRecord right = new AuditRecord(TENANT, 1, at, "k", "a", "b\u001fc", "r", "m", "rule", "why", zeros, "", 1);
        assertThat(AuditHash.of(left)).isEqualTo(AuditHash.of(right));
        assertThat(AuditHash.of(copy(left, left.actor(), left.subject(), zeros, 2)))
                .isNotEqualTo(AuditHash.of(copy(right, right.actor(), right.subject(), zeros, 2)));

        // in the trail: the stored entry's boundary is moved, the chain notices
        AuditTrail trail = signing(db.journal());
        trail.record(TENANT, "delivery-denied", "a\u001fb", "c", "ref", "assets.X", "rule", "reason");
        Journal shifted = rewriting(db.journal(), AuditTrail.STREAM, entries -> entries.stream()
                .map(e -> withPayload(e, AuditTrail.encode(copy(AuditTrail.decode(e), "a", "b\u001fc",
                        AuditTrail.decode(e).previousHash(), 2).withHash(AuditTrail.decode(e).hash())))).toList());
        assertThat(signing(shifted).verify(TENANT)).hasValue("entry 1 was altered (hash mismatch)");
    }

    @Test
    void entriesOfTheOldFormat_stillVerify() {
        // three entries as the first format wrote them: no "v", hash over the fields joined with U+001F
        String previous = "0".repeat(64);
        for (int seq = 1; seq <= 3; seq++) {
            Instant at = Instant.parse("2025-01-0" + seq + "T08:00:00Z");
            List<String> fields = List.of(TENANT, Long.toString(seq), at.toString(), "plugin-installed", "admin-" + seq,
                    "", "assets@0.1." + seq, "", "", "installed", previous);
            String hash = sha256(String.join("\u001f", fields));
            String json = "{\"tenant\":\"" + TENANT + "\",\"sequence\":" + seq + ",\"at\":\"" + at
                    + "\",\"kind\":\"plugin-installed\",\"actor\":\"admin-" + seq + "\",\"subject\":\"\","
                    + "\"reference\":\"assets@0.1." + seq + "\",\"messageType\":\"\",\"rule\":\"\","
                    + "\"reason\":\"installed\",\"previousHash\":\"" + previous + "\",\"hash\":\"" + hash + "\"}";
            db.journal().append(TENANT, AuditTrail.STREAM, seq - 1, List.of(new EventData(UUID.randomUUID(),
                    "platform.AuditRecorded", 1, at, "", json.getBytes(StandardCharsets.UTF_8), Set.of("audit"))));
            previous = hash;
        }
        AuditTrail trail = signing(db.journal());
        fill(trail, TENANT, 12);
        assertThat(trail.verify(TENANT)).isEmpty();
        assertThat(trail.recent(TENANT, 100)).extracting(AuditRecord::format).endsWith(2, 1, 1, 1).startsWith(2);
        assertThat(trail.recent(TENANT, 100).get(11).previousHash()).isEqualTo(previous);
        assertThat(trail.checkpoints(TENANT)).extracting(AuditCheckpoint::sequence).containsExactly(10L);

        // an old entry is still protected by the old rule
        AuditTrail edited = signing(tampering(db.journal(), 2, json -> json.replace("admin-2", "admin-9")));
        assertThat(edited.verify(TENANT)).hasValue("entry 2 was altered (hash mismatch)");
        // and a new entry cannot be turned into an old one
        Journal downgraded = rewriting(db.journal(), AuditTrail.STREAM, entries -> rechain(entries, 5,
                r -> r.sequence() == 5 ? copy(r, r.actor(), r.subject(), r.previousHash(), 1) : r));
        assertThat(signing(downgraded).verify(TENANT)).hasValueSatisfying(p -> assertThat(p)
                .startsWith("entry 5 is in the old format 1, but entry 4 was already written in format 2"));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static AuditRecord copy(AuditRecord r, String actor, String subject, String previousHash, int format) {
        return new AuditRecord(r.tenant(), r.sequence(), r.at(), r.kind(), actor, subject, r.reference(),
                r.messageType(), r.rule(), r.reason(), previousHash, r.hash(), format);
    }

    /**
     * What whoever can write the journal can do: edit entries from {@code from} on and recompute every hash after,
     * by the rule of each entry's format.
     */
    private static List<StoredEvent> rechain(List<StoredEvent> entries, long from, UnaryOperator<AuditRecord> edit) {
        List<StoredEvent> out = new ArrayList<>();
        String previous = "0".repeat(64);
        for (StoredEvent e : entries) {
            AuditRecord r = AuditTrail.decode(e);
            if (r.sequence() >= from) {
                AuditRecord changed = edit.apply(r);
                AuditRecord linked = copy(changed, changed.actor(), changed.subject(), previous, changed.format());
                r = linked.withHash(AuditHash.of(linked));
                e = withPayload(e, AuditTrail.encode(r));
            }
            previous = r.hash();
            out.add(e);
        }
        return out;
    }

    /** The checkpoint's payload with the hash of the entry it covers taken from {@code hashes}. */
    private static byte[] rehashed(StoredEvent checkpoint, Map<Long, String> hashes) {
        AuditCheckpoint c = AuditCheckpoint.fromJson(new String(checkpoint.payload(), StandardCharsets.UTF_8));
        return new AuditCheckpoint(c.tenant(), c.number(), c.sequence(), hashes.get(c.sequence()), c.at(), c.keyRef(),
                c.signature()).toJson().getBytes(StandardCharsets.UTF_8);
    }

    private static StoredEvent withPayload(StoredEvent e, byte[] payload) {
        return new StoredEvent(e.tenant(), e.persistenceId(), e.sequence(), e.offset(), e.eventId(), e.type(),
                e.schemaVersion(), e.timestamp(), e.keyRef(), payload, e.tags());
    }

    /** A journal whose stream {@code stream} reads back as {@code change} makes it (of all its events). */
    private static Journal rewriting(Journal real, String stream, UnaryOperator<List<StoredEvent>> change) {
        return new ForwardingJournal(real) {
            @Override
            public List<StoredEvent> read(String tenant, String pid, long from) {
                if (!pid.equals(stream)) {
                    return super.read(tenant, pid, from);
                }
                return change.apply(super.read(tenant, pid, 1)).stream().filter(e -> e.sequence() >= from).toList();
            }

            @Override
            public long highestSequence(String tenant, String pid) {
                if (!pid.equals(stream)) {
                    return super.highestSequence(tenant, pid);
                }
                List<StoredEvent> all = read(tenant, pid, 1);
                return all.isEmpty() ? 0 : all.getLast().sequence();
            }
        };
    }

    /** A key table whose signing keys read back with {@code publicKey} as their public part. */
    private static WrappedKeyRepository swappingPublicKeys(WrappedKeyRepository real, byte[] publicKey) {
        Function<WrappedKey, WrappedKey> swap = k -> k.publicPart().length == 0 ? k
                : new WrappedKey(k.ref(), k.algorithm(), k.wrappedBy(), k.wrapped(), publicKey, k.createdAt());
        return new WrappedKeyRepository() {
            @Override
            public void insert(WrappedKey key) {
                real.insert(key);
            }

            @Override
            public Optional<WrappedKey> find(KeyRef ref) {
                return real.find(ref).map(swap);
            }

            @Override
            public Optional<WrappedKey> latest(String tenant, String name) {
                return real.latest(tenant, name).map(swap);
            }

            @Override
            public void destroyAll(String tenant, String name) {
                real.destroyAll(tenant, name);
            }

            @Override
            public boolean isDestroyed(String tenant, String name) {
                return real.isDestroyed(tenant, name);
            }
        };
    }

    /** A journal whose stored event {@code seq} of every stream reads back edited. */
    private static Journal tampering(Journal real, long seq, UnaryOperator<String> edit) {
        return new ForwardingJournal(real) {
            @Override
            public List<StoredEvent> read(String tenant, String pid, long from) {
                List<StoredEvent> out = new ArrayList<>();
                for (StoredEvent e : super.read(tenant, pid, from)) {
                    out.add(e.sequence() != seq ? e : new StoredEvent(e.tenant(), e.persistenceId(), e.sequence(), e.offset(),
                            e.eventId(), e.type(), e.schemaVersion(), e.timestamp(), e.keyRef(),
                            edit.apply(new String(e.payload(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8), e.tags()));
                }
                return out;
            }
        };
    }

    private static Journal dropping(Journal real, long seq) {
        return new ForwardingJournal(real) {
            @Override
            public List<StoredEvent> read(String tenant, String pid, long from) {
                return super.read(tenant, pid, from).stream().filter(e -> e.sequence() != seq).toList();
            }
        };
    }

    private static class ForwardingJournal implements Journal {
        private final Journal real;

        ForwardingJournal(Journal real) {
            this.real = real;
        }

        @Override
        public long append(String tenant, String pid, long expected, List<EventData> events) {
            return real.append(tenant, pid, expected, events);
        }

        @Override
        public List<StoredEvent> read(String tenant, String pid, long from) {
            return real.read(tenant, pid, from);
        }

        @Override
        public long highestSequence(String tenant, String pid) {
            return real.highestSequence(tenant, pid);
        }

        @Override
        public List<StoredEvent> readByTag(String tenant, String tag, long after, int limit) {
            return real.readByTag(tenant, tag, after, limit);
        }

        @Override
        public void saveSnapshot(Snapshot snapshot) {
            real.saveSnapshot(snapshot);
        }

        @Override
        public Optional<Snapshot> latestSnapshot(String tenant, String pid) {
            return real.latestSnapshot(tenant, pid);
        }

        @Override
        public long projectionOffset(String tenant, String projection) {
            return real.projectionOffset(tenant, projection);
        }

        @Override
        public void saveProjectionOffset(String tenant, String projection, long offset) {
            real.saveProjectionOffset(tenant, projection, offset);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
