package io.mosaic.eventstore;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Brings a projection up to date from the journal: reads its tag from the projection's stored offset in pages, in
 * offset order, and stores the offset after each page it applied. Throughput comes from overlap, not from giving up
 * order:
 * <ul>
 *   <li>the next page is read while the current one is worked on (one page ahead, on a reader thread);</li>
 *   <li>{@code decode} (decryption, parsing, upcasting: per event, independent) runs on the events of a page in
 *       parallel;</li>
 *   <li>{@code apply} (the projection's state change) runs one event at a time, in offset order.</li>
 * </ul>
 * A failure in {@code decode} or {@code apply} stops the run before the page's offset is stored: the next run starts
 * with that page again (apply must tolerate seeing the events of a partly applied page again, as any at-least-once
 * projection does).
 */
public final class ProjectionRunner {
    /** How far a run got: the stored offset and the events applied in this run. */
    public record Progress(long offset, long events) {
    }

    private final Journal journal;
    private final int pageSize;

    public ProjectionRunner(Journal journal, int pageSize) {
        this.journal = Objects.requireNonNull(journal, "journal");
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be 1 or more, was " + pageSize);
        }
        this.pageSize = pageSize;
    }

    /** Applies every event of {@code tag} after the projection's stored offset, then returns. */
    public <T> Progress catchUp(String tenant, String tag, String projection, Function<StoredEvent, T> decode,
                                Consumer<T> apply) {
        return run(tenant, tag, projection, journal.projectionOffset(tenant, projection), decode, apply);
    }

    /** Forgets the projection's offset and applies every event of {@code tag} from the first (a rebuild). */
    public <T> Progress rebuild(String tenant, String tag, String projection, Function<StoredEvent, T> decode,
                                Consumer<T> apply) {
        journal.saveProjectionOffset(tenant, projection, 0);
        return run(tenant, tag, projection, 0, decode, apply);
    }

    private <T> Progress run(String tenant, String tag, String projection, long from, Function<StoredEvent, T> decode,
                             Consumer<T> apply) {
        Objects.requireNonNull(decode, "decode");
        Objects.requireNonNull(apply, "apply");
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "projection-reader-" + tenant + "-" + projection);
            t.setDaemon(true);
            return t;
        });
        try {
            long offset = from;
            long applied = 0;
            List<StoredEvent> page = journal.readByTag(tenant, tag, offset, pageSize);
            while (!page.isEmpty()) {
                long last = page.getLast().offset();
                CompletableFuture<List<StoredEvent>> next = CompletableFuture.supplyAsync(
                        () -> journal.readByTag(tenant, tag, last, pageSize), reader);
                List<T> decoded = page.size() == 1 ? List.of(decode.apply(page.getFirst()))
                        : page.parallelStream().map(decode).toList(); // toList keeps the page's order
                decoded.forEach(apply);
                journal.saveProjectionOffset(tenant, projection, last);
                offset = last;
                applied += page.size();
                page = join(next);
            }
            return new Progress(offset, applied);
        } finally {
            reader.shutdownNow();
        }
    }

    private static List<StoredEvent> join(CompletableFuture<List<StoredEvent>> next) {
        try {
            return next.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
