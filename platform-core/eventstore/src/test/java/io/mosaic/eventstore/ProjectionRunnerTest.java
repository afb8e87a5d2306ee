package io.mosaic.eventstore;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The projection runner on the embedded journal: order, stored offsets, resuming, rebuilding, failures. */
class ProjectionRunnerTest {
    private final EmbeddedDatabase db = EmbeddedDatabase.inMemory();
    private final Journal journal = db.journal();

    @AfterEach
    void close() {
        db.close();
    }

    /** {@code n} events over three streams, tagged {@code tag}, their payload "stream:i". */
    private void write(String tag, int n) {
        for (int i = 0; i < n; i++) {
            String stream = "s" + (i % 3);
            journal.append("t", stream, journal.highestSequence("t", stream), List.of(new EventData(UUID.randomUUID(),
                    "x.Happened", 1, Instant.now(), "", (stream + ":" + i).getBytes(StandardCharsets.UTF_8), Set.of(tag))));
        }
    }

    private static String text(StoredEvent e) {
        return new String(e.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void appliesEveryEventInOffsetOrder_pageByPage_andStoresTheOffset() {
        write("a", 250);
        write("b", 7); // another tag: never seen
        List<String> applied = new ArrayList<>();
        ProjectionRunner.Progress progress = new ProjectionRunner(journal, 40).catchUp("t", "a", "p",
                ProjectionRunnerTest::text, applied::add);

        assertThat(applied).hasSize(250);
        for (int i = 0; i < 250; i++) {
            assertThat(applied.get(i)).isEqualTo("s" + (i % 3) + ":" + i);
        }
        assertThat(progress.events()).isEqualTo(250);
        assertThat(journal.projectionOffset("t", "p")).isEqualTo(progress.offset()).isPositive();
    }

    @Test
    void catchUp_resumesAfterTheStoredOffset_andRebuildStartsFromTheFirst() {
        write("a", 30);
        ProjectionRunner runner = new ProjectionRunner(journal, 8);
        runner.catchUp("t", "a", "p", ProjectionRunnerTest::text, e -> {
        });
        write("a", 5);
        List<String> second = new ArrayList<>();
        assertThat(runner.catchUp("t", "a", "p", ProjectionRunnerTest::text, second::add).events()).isEqualTo(5);
        assertThat(second).containsExactly("s0:0", "s1:1", "s2:2", "s0:3", "s1:4");

        List<String> rebuilt = new ArrayList<>();
        runner.rebuild("t", "a", "p", ProjectionRunnerTest::text, rebuilt::add);
        assertThat(rebuilt).hasSize(35);
    }

    @Test
    void aFailingEvent_stopsTheRun_beforeItsPageIsMarkedDone() {
        write("a", 20);
        ProjectionRunner runner = new ProjectionRunner(journal, 5);
        List<String> applied = new ArrayList<>();
        assertThatThrownBy(() -> runner.catchUp("t", "a", "p", e -> {
            if (text(e).endsWith(":12")) {
                throw new IllegalStateException("cannot read event 12");
            }
            return text(e);
        }, applied::add)).isInstanceOf(IllegalStateException.class).hasMessageContaining("event 12");
        assertThat(applied).as("pages 1 and 2 applied, the failing page not").hasSize(10);
        long stored = journal.projectionOffset("t", "p");

        List<String> retried = new ArrayList<>();
        runner.catchUp("t", "a", "p", ProjectionRunnerTest::text, retried::add);
        assertThat(retried).as("the next run starts with the failed page").hasSize(10).first().isEqualTo("s1:10");
        assertThat(journal.projectionOffset("t", "p")).isGreaterThan(stored);
    }
}
