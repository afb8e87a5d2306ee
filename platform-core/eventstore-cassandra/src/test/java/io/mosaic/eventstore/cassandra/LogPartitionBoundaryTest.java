package io.mosaic.eventstore.cassandra;

import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.local.cassandra.CassandraCluster;
import io.mosaic.local.cassandra.CassandraExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading by tag across a commit-log partition boundary. The log is read one partition after the other; if the
 * offsets that fill partition p are allocated after a reader read p but before it reads p+1, where the next
 * allocation already landed, a reader that moved on would return p+1's offsets and never come back for the rest of
 * p. (Found by the contract's concurrent test failing about one run in twelve; this test makes the interleaving
 * happen every time.)
 */
@ExtendWith(CassandraExtension.class)
class LogPartitionBoundaryTest {
    private static CassandraStore store;

    @BeforeAll
    static void connect(CassandraCluster cassandra) {
        store = CassandraStore.connect(CassandraConfig.of(cassandra.contactPoints(), cassandra.localDatacenter(),
                Replication.simple(1)).withKeyspace("boundary").withPartitionSizes(10, 50));
    }

    @AfterAll
    static void disconnect() {
        store.close();
    }

    private static List<EventData> events(int n) {
        List<EventData> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new EventData(UUID.randomUUID(), "e", 1, Instant.now(), "", new byte[] {1}, Set.of("t")));
        }
        return out;
    }

    @Test
    void offsetsThatFillAPartition_afterAReaderReadIt_areAllRead_whenTheNextPartitionFillsToo() {
        String tenant = "b" + UUID.randomUUID().toString().substring(0, 8);
        CassandraJournal journal = store.journalImpl();
        for (int i = 0; i < 48; i++) { // offsets 1..48 in log partition 0, which ends at 50
            String stream = "s" + (i % 6);
            journal.append(tenant, stream, journal.highestSequence(tenant, stream), events(1));
        }
        List<StoredEvent> seen = new ArrayList<>(journal.readByTag(tenant, "t", 0, 100));
        assertThat(seen).hasSize(48);

        AtomicBoolean fired = new AtomicBoolean();
        journal.log().afterPartitionRead(partition -> {
            if (partition == 0 && fired.compareAndSet(false, true)) {
                // between the reader's read of partition 0 and anything after it: 49 and 50 fill partition 0,
                // 51 opens partition 1
                journal.append(tenant, "late", 0, events(2));
                journal.append(tenant, "later", 0, events(1));
            }
        });
        try {
            // the poll during which the appends happen, then polls until nothing new comes (a projection's loop)
            long offset = seen.getLast().offset();
            List<StoredEvent> during = journal.readByTag(tenant, "t", offset, 100);
            seen.addAll(during);
            offset = during.isEmpty() ? offset : during.getLast().offset();
            for (List<StoredEvent> page = journal.readByTag(tenant, "t", offset, 100); !page.isEmpty();
                 page = journal.readByTag(tenant, "t", offset, 100)) {
                seen.addAll(page);
                offset = page.getLast().offset();
            }
        } finally {
            journal.log().afterPartitionRead(partition -> {
            });
        }
        assertThat(fired).isTrue();
        assertThat(seen).extracting(StoredEvent::offset).as("every offset once, in order")
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 51).boxed().toList());
    }
}
