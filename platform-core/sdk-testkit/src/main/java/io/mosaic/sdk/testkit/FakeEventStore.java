package io.mosaic.sdk.testkit;

import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.ConcurrencyConflictException;
import io.mosaic.sdk.EventStore;
import io.mosaic.sdk.RecordedEvent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory journal that keeps events as JSON, like the real one, and can let a rival writer in once. */
public final class FakeEventStore implements EventStore {
    private final String domain;
    private final Clock clock;
    private final Map<String, List<StoredEvent>> streams = new HashMap<>();
    private Runnable beforeNextAppend;
    private int conflicts;

    public FakeEventStore(String domain, Clock clock) {
        this.domain = domain;
        this.clock = clock;
    }

    /** Runs {@code rival} inside the next append, before its sequence check: a concurrent writer. */
    public synchronized void beforeNextAppend(Runnable rival) {
        this.beforeNextAppend = rival;
    }

    public synchronized int conflicts() {
        return conflicts;
    }

    @Override
    public synchronized List<RecordedEvent> load(AggregateRef aggregate) {
        return List.copyOf(streams.getOrDefault(aggregate.persistenceId(), List.of()));
    }

    @Override
    public synchronized long append(AggregateRef aggregate, long expectedSequence, List<? extends Record> events) {
        Runnable rival = beforeNextAppend;
        beforeNextAppend = null;
        if (rival != null) {
            rival.run();
        }
        List<StoredEvent> stream = streams.computeIfAbsent(aggregate.persistenceId(), id -> new ArrayList<>());
        long actual = stream.size();
        if (actual != expectedSequence) {
            conflicts++;
            throw new ConcurrencyConflictException(aggregate.persistenceId(), expectedSequence, actual);
        }
        for (Record event : events) {
            stream.add(new StoredEvent(stream.size() + 1L, domain + "." + event.getClass().getSimpleName(),
                    clock.instant(), Json.write(event)));
        }
        return stream.size();
    }

    private record StoredEvent(long sequence, String type, Instant recordedAt, String json) implements RecordedEvent {
        @Override
        public <T> T as(Class<T> target) {
            return Json.read(json, target);
        }
    }
}
