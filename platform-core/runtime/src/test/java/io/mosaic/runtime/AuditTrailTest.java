package io.mosaic.runtime;

import io.mosaic.eventstore.EmbeddedDatabase;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.Snapshot;
import io.mosaic.eventstore.StoredEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTrailTest {
    private final EmbeddedDatabase db = EmbeddedDatabase.inMemory();

    @AfterEach
    void close() {
        db.close();
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
