package io.mosaic.eventstore.cassandra;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.JournalException;
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
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One append of many thousand rows (a large statement file: its events and the messages they publish) with the
 * default partition sizes: written whole, read back whole, and every event id recorded, so a second append of one of
 * them is refused. The id checks before and the id records after the conditional batch are thousands of requests:
 * they must not be fired all at once (the driver refuses more than about a thousand in flight on one connection).
 */
@ExtendWith(CassandraExtension.class)
class CassandraLargeAppendTest {
    private static final int ROWS = 16_000;
    private static CassandraStore store;

    @BeforeAll
    static void connect(CassandraCluster cassandra) {
        store = CassandraStore.connect(CassandraConfig.of(cassandra.contactPoints(), cassandra.localDatacenter(),
                Replication.simple(1)).withKeyspace("large").withConsistency("ONE"));
    }

    @AfterAll
    static void disconnect() {
        store.close();
    }

    @Test
    void anAppendOfThousandsOfRows_isWrittenWhole_withEveryEventIdRecorded() {
        Journal journal = store.journal();
        String tenant = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<EventData> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(new EventData(UUID.randomUUID(), "custody.CashFlowRecorded", 1, Instant.now(), "",
                    new byte[400], Set.of("custody")));
        }

        assertThat(journal.append(tenant, "custody-ledger/large", 0, rows)).isEqualTo(ROWS);

        assertThat(journal.read(tenant, "custody-ledger/large", 1)).hasSize(ROWS);
        assertThat(journal.highestSequence(tenant, "custody-ledger/large")).isEqualTo(ROWS);
        EventData again = rows.get(ROWS - 1);
        assertThatThrownBy(() -> journal.append(tenant, "other", 0, List.of(again)))
                .isInstanceOf(JournalException.class).hasMessageContaining(again.eventId().toString());
    }

    /**
     * The answer to the conditional batch is lost after the node applied it (a timeout, as a large batch on a busy
     * node gets): the outcome is unknown to the client, so the journal reads at serial consistency whether it was
     * applied, and reports the append as it ended. It used to report a failure for a committed append, and the
     * custody domain then handled the file a second time.
     */
    @Test
    void anAppendWhoseAnswerIsLost_isReportedAsCommitted_whenTheNodeAppliedIt() {
        CassandraJournal journal = store.journalImpl();
        String tenant = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        whileConditionalWrites(write -> {
            write.get();
            throw new DriverTimeoutException("the answer was lost (test)");
        }, () -> assertThat(journal.append(tenant, "answer-lost", 0, rows(500))).isEqualTo(500));
        assertThat(journal.read(tenant, "answer-lost", 1)).hasSize(500);
        assertThat(journal.append(tenant, "answer-lost", 500, rows(1))).as("the stream goes on").isEqualTo(501);
    }

    @Test
    void anAppendWhoseRequestIsLost_isReportedAsNotWritten_andCanBeMadeAgain() {
        CassandraJournal journal = store.journalImpl();
        String tenant = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        whileConditionalWrites(write -> {
            throw new DriverTimeoutException("the request was lost (test)");
        }, () -> assertThatThrownBy(() -> journal.append(tenant, "request-lost", 0, rows(500)))
                .isInstanceOf(JournalException.class).hasMessageContaining("was not applied")
                .hasMessageContaining("nothing was written"));
        assertThat(journal.highestSequence(tenant, "request-lost")).isZero();
        assertThat(journal.append(tenant, "request-lost", 0, rows(500))).isEqualTo(500);
    }

    /** Runs {@code body} while the journal's conditional batches go through {@code how}. */
    private static void whileConditionalWrites(Function<Supplier<ResultSet>, ResultSet> how, Runnable body) {
        CassandraJournal journal = store.journalImpl();
        journal.hooks(new CassandraJournal.Hooks() {
            @Override
            public ResultSet conditionalWrite(Supplier<ResultSet> write) {
                return how.apply(write);
            }
        });
        try {
            body.run();
        } finally {
            journal.hooks(new CassandraJournal.Hooks() { });
        }
    }

    private static List<EventData> rows(int n) {
        List<EventData> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new EventData(UUID.randomUUID(), "custody.CashFlowRecorded", 1, Instant.now(), "",
                    new byte[400], Set.of("custody")));
        }
        return rows;
    }
}
