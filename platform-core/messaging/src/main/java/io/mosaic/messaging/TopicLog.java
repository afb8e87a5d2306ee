package io.mosaic.messaging;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The append-only log of one topic in the in-JVM bus. Offsets are absolute and never reused. Entries live in
 * chunks of {@value #CHUNK_SIZE}; a reader reads {@link #end()} (volatile) first, so every slot below it is visible.
 * Entries every cursor has passed are trimmed whenever a new chunk starts and when the log holds {@code retention}
 * entries; when no entry can be trimmed, a publisher waits for consumers and finally fails rather than dropping
 * anything. A topic without subscriptions keeps nothing for long (a new subscription starts at the end).
 */
final class TopicLog {
    private static final int CHUNK_BITS = 10;
    static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK_SIZE - 1;

    private final Topic topic;
    private final int retention;
    private final ConcurrentHashMap<Long, SignedEnvelope[]> chunks = new ConcurrentHashMap<>();
    /** Lane positions of every subscription reading this topic; what holds back trimming. */
    private final List<AtomicLongArray> cursors = new CopyOnWriteArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private SignedEnvelope[] tail;          // guarded by this
    private long tailChunk = -1;            // guarded by this
    private volatile long start;            // first retained offset; written under this
    private volatile long end;              // next offset to write; written under this
    private volatile int publishersWaiting; // written under this

    TopicLog(Topic topic, int retention) {
        this.topic = topic;
        this.retention = retention;
    }

    Topic topic() {
        return topic;
    }

    long end() {
        return end;
    }

    long size() {
        return end - start;
    }

    /** Appends and wakes the readers; waits up to {@code timeoutNanos} for room when the log is full. */
    long append(SignedEnvelope envelope, long timeoutNanos) {
        long offset;
        synchronized (this) {
            if (end - start >= retention) {
                awaitRoom(timeoutNanos);
            }
            offset = end;
            long chunkNumber = offset >>> CHUNK_BITS;
            if (chunkNumber != tailChunk) {
                trim(); // once per chunk: acknowledged entries do not linger until the log is full
                tail = new SignedEnvelope[CHUNK_SIZE];
                chunks.put(chunkNumber, tail);
                tailChunk = chunkNumber;
            }
            tail[(int) (offset & MASK)] = envelope;
            end = offset + 1;
        }
        for (Runnable listener : listeners) {
            listener.run();
        }
        return offset;
    }

    private void awaitRoom(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        trim();
        while (end - start >= retention) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new MessagingException("topic " + topic.pulsarName() + " is full: " + retention
                        + " entries are retained and not every subscription has acknowledged them (a durable"
                        + " subscription without consumer holds them); publish timed out");
            }
            publishersWaiting++;
            try {
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MessagingException("interrupted while waiting for room in topic " + topic.pulsarName(), e);
            } finally {
                publishersWaiting--;
            }
            trim();
        }
    }

    /** Drops entries below every cursor. Caller holds the monitor. */
    private void trim() {
        long min = end;
        for (AtomicLongArray cursor : cursors) {
            for (int i = 0; i < cursor.length(); i++) {
                min = Math.min(min, cursor.get(i));
            }
        }
        if (min <= start) {
            return;
        }
        for (long chunk = start >>> CHUNK_BITS; (chunk + 1) << CHUNK_BITS <= min; chunk++) {
            chunks.remove(chunk);
        }
        SignedEnvelope[] partial = chunks.get(min >>> CHUNK_BITS);
        if (partial != null) {
            for (long offset = Math.max(start, (min >>> CHUNK_BITS) << CHUNK_BITS); offset < min; offset++) {
                partial[(int) (offset & MASK)] = null;
            }
        }
        start = min;
    }

    /** The entry at {@code offset}; the caller read {@link #end()} after the entry was appended. */
    SignedEnvelope get(long offset) {
        SignedEnvelope[] chunk = chunks.get(offset >>> CHUNK_BITS);
        SignedEnvelope envelope = chunk == null ? null : chunk[(int) (offset & MASK)];
        if (envelope == null) {
            throw new IllegalStateException("topic " + topic.pulsarName() + ": offset " + offset
                    + " was trimmed while a cursor still pointed below it");
        }
        return envelope;
    }

    /** Registers a new cursor whose lanes all start at the current end. */
    synchronized AtomicLongArray newCursorAtEnd(int lanes) {
        AtomicLongArray cursor = new AtomicLongArray(lanes);
        for (int i = 0; i < lanes; i++) {
            cursor.set(i, end);
        }
        cursors.add(cursor);
        return cursor;
    }

    void removeCursor(AtomicLongArray cursor) {
        cursors.remove(cursor);
        progressed();
    }

    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** A cursor moved: a waiting publisher may find room now. */
    void progressed() {
        if (publishersWaiting > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }
}
