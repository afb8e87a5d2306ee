package io.mosaic.eventstore;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class H2ProcessedMessagesTest {

    private final EmbeddedDatabase database = EmbeddedDatabase.inMemory();
    private final ProcessedMessages processed = database.processed();

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void firstMark_isTrue_aDuplicateIsFalse() {
        UUID id = UUID.randomUUID();

        assertThat(processed.isProcessed("demo", "consolidation", id)).isFalse();
        assertThat(processed.markProcessed("demo", "consolidation", id)).isTrue();
        assertThat(processed.markProcessed("demo", "consolidation", id)).isFalse();
        assertThat(processed.isProcessed("demo", "consolidation", id)).isTrue();
    }

    @Test
    void consumersAndTenants_keepTheirOwnRecords() {
        UUID id = UUID.randomUUID();
        processed.markProcessed("demo", "consolidation", id);

        assertThat(processed.isProcessed("demo", "custody", id)).isFalse();
        assertThat(processed.isProcessed("other", "consolidation", id)).isFalse();
        assertThat(processed.markProcessed("demo", "custody", id)).isTrue();
        assertThat(processed.markProcessed("other", "consolidation", id)).isTrue();
    }

    @Test
    void eightThreadsMarkingOneId_exactlyOneIsFirst() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                UUID id = UUID.randomUUID();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> marks = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    marks.add(pool.submit(() -> {
                        start.await();
                        return processed.markProcessed("demo", "consolidation", id);
                    }));
                }
                start.countDown();
                int firsts = 0;
                for (Future<Boolean> mark : marks) {
                    firsts += mark.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }

                assertThat(firsts).as("round %d", round).isEqualTo(1);
                assertThat(processed.isProcessed("demo", "consolidation", id)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
