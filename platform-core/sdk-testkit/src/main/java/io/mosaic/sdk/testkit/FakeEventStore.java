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
    private final List<io.mosaic.sdk.Message> outbox = new ArrayList<>();
    private int conflicts;
    private int maxRows = Integer.MAX_VALUE;

    public FakeEventStore(String domain, Clock clock) {
        this.domain = domain;
        this.clock = clock;
    }

    /** Runs {@code rival} inside the next append, before its sequence check: a concurrent writer. */
    public synchronized void beforeNextAppend(Runnable rival) {
        this.beforeNextAppend = rival;
    }

    /**
     * This store as one plugin sees it: messages appended with events go to {@code sink} once the events are appended
     * (what the platform's journal publisher does), and a type {@code declared} refuses fails the append before
     * anything is written. {@link FakePluginContext#events()} is such a view, so two contexts sharing one store (two
     * instances of a domain) each get their own messages.
     */
    public EventStore publishingTo(java.util.function.Predicate<String> declared,
                                   java.util.function.Consumer<io.mosaic.sdk.Message> sink) {
        FakeEventStore store = this;
        return new EventStore() {
            @Override
            public List<RecordedEvent> load(AggregateRef aggregate) {
                return store.load(aggregate);
            }

            @Override
            public long append(AggregateRef aggregate, long expectedSequence, List<? extends Record> events) {
                return store.append(aggregate, expectedSequence, events);
            }

            @Override
            public long append(AggregateRef aggregate, long expectedSequence, List<? extends Record> events,
                               List<io.mosaic.sdk.Message> publish) {
                return store.append(aggregate, expectedSequence, events, publish, declared, sink);
            }
        };
    }

    /**
     * Emulates a journal that writes at most {@code maxRows} rows (events plus messages to publish) in one atomic
     * append, as the Cassandra journal does: a larger append fails with {@link io.mosaic.sdk.AppendTooLargeException}
     * and writes nothing.
     */
    public synchronized FakeEventStore limitAppendsTo(int maxRows) {
        this.maxRows = maxRows;
        return this;
    }

    private synchronized void checkSize(AggregateRef aggregate, int rows) {
        if (rows > maxRows) {
            throw new io.mosaic.sdk.AppendTooLargeException(aggregate.persistenceId() + ": " + rows
                    + " journal rows in one append, more than " + maxRows, rows, maxRows);
        }
    }

    /** Messages appended through this store itself (not through a plugin's view), in append order. */
    public synchronized List<io.mosaic.sdk.Message> outbox() {
        return List.copyOf(outbox);
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
        checkSize(aggregate, events.size());
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

    @Override
    public long append(AggregateRef aggregate, long expectedSequence, List<? extends Record> events,
                       List<io.mosaic.sdk.Message> publish) {
        return append(aggregate, expectedSequence, events, publish, type -> true, this::addToOutbox);
    }

    private synchronized void addToOutbox(io.mosaic.sdk.Message message) {
        outbox.add(message);
    }

    private long append(AggregateRef aggregate, long expectedSequence, List<? extends Record> events,
                        List<io.mosaic.sdk.Message> publish, java.util.function.Predicate<String> declared,
                        java.util.function.Consumer<io.mosaic.sdk.Message> sink) {
        for (io.mosaic.sdk.Message message : publish) {
            if (!declared.test(message.type())) {
                throw new io.mosaic.sdk.UndeclaredMessageException("the manifest does not declare " + message.type()
                        + "; nothing was appended");
            }
        }
        checkSize(aggregate, events.size() + publish.size());
        long last;
        synchronized (this) {
            last = append(aggregate, expectedSequence, events);
        }
        // outside the lock, as the journal publisher runs after the append
        publish.forEach(sink);
        return last;
    }

    private record StoredEvent(long sequence, String type, Instant recordedAt, String json) implements RecordedEvent {
        @Override
        public <T> T as(Class<T> target) {
            return Json.read(json, target);
        }
    }
}
