package io.mosaic.messaging;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A consumer of the in-JVM bus: a few single-threaded lanes. Every lane reads every topic of the subscription
 * with its own cursor and handles only the envelopes whose ordering key (entity, else type) hashes to it, so one
 * key is handled in publish order, one at a time, while other keys proceed on other lanes. A lane's cursor moves
 * past an envelope only once it is acknowledged (handled, or dead-lettered after the last attempt): the cursor is
 * the acknowledgement, and what is behind it is never delivered again.
 */
final class InJvmConsumer implements Bus.Consumer {
    private static final System.Logger LOG = System.getLogger(InJvmConsumer.class.getName());
    private static final int BATCH = 256;

    private final State state;
    private final MessageHandler handler;
    private final InJvmBus.Options options;
    private final Consumer<SignedEnvelope> deadLetters;
    private final Consumer<InJvmConsumer> onClose;
    private final Lane[] lanes;
    private volatile boolean stopping;
    private boolean closed; // guarded by this

    /** What a subscription keeps between consumers: the lane cursors per topic. */
    static final class State {
        volatile Subscription subscription;
        final Map<TopicLog, AtomicLongArray> cursors;
        InJvmConsumer consumer; // guarded by the bus's registry lock

        State(Subscription subscription, Map<TopicLog, AtomicLongArray> cursors) {
            this.subscription = subscription;
            this.cursors = cursors;
        }
    }

    InJvmConsumer(State state, MessageHandler handler, InJvmBus.Options options,
                  Consumer<SignedEnvelope> deadLetters, Consumer<InJvmConsumer> onClose) {
        this.state = state;
        this.handler = handler;
        this.options = options;
        this.deadLetters = deadLetters;
        this.onClose = onClose;
        this.lanes = new Lane[options.lanesPerConsumer()];
        Subscription subscription = state.subscription;
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i);
            Thread thread = new Thread(lanes[i], "mosaic-bus-" + subscription.tenant() + "-" + subscription.name() + "-" + i);
            thread.setDaemon(true);
            lanes[i].thread = thread;
        }
    }

    void start() {
        for (Lane lane : lanes) {
            for (TopicLog log : state.cursors.keySet()) {
                log.addListener(lane.wakeHook);
            }
            lane.thread.start();
        }
    }

    State state() {
        return state;
    }

    /** Hands one envelope to the handler on the caller's thread (a dead letter replayed after a fix). */
    void handleNow(SignedEnvelope envelope) throws Exception {
        handler.handle(envelope);
    }

    @Override
    public Subscription subscription() {
        return state.subscription;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stopping = true;
        for (Lane lane : lanes) {
            LockSupport.unpark(lane.thread);
        }
        for (Lane lane : lanes) {
            for (TopicLog log : state.cursors.keySet()) {
                log.removeListener(lane.wakeHook);
            }
            awaitEnd(lane.thread);
        }
        onClose.accept(this);
    }

    private void awaitEnd(Thread thread) {
        if (thread == Thread.currentThread()) {
            return; // a handler closing its own consumer: its lane ends when the handler returns
        }
        try {
            thread.join(options.closeTimeout().toMillis());
            if (thread.isAlive()) {
                LOG.log(Level.WARNING, "{0}: handler still running after {1}; interrupting it",
                        thread.getName(), options.closeTimeout());
                thread.interrupt();
                thread.join(options.closeTimeout().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while closing consumer of subscription '"
                    + state.subscription.name() + "' of tenant '" + state.subscription.tenant() + "'", e);
        }
    }

    static int laneOf(SignedEnvelope envelope, int lanes) {
        EnvelopeHeader header = envelope.header();
        String key = header.entityOrNull() != null ? header.entityOrNull() : header.type();
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x45d9f3b;
        h ^= h >>> 16;
        return Math.floorMod(h, lanes);
    }

    private final class Lane implements Runnable {
        private final int index;
        private final Runnable wakeHook = this::wake;
        private volatile boolean sleeping;
        private Thread thread;

        Lane(int index) {
            this.index = index;
        }

        void wake() {
            if (sleeping) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            List<Map.Entry<TopicLog, AtomicLongArray>> topics = new ArrayList<>(state.cursors.entrySet());
            while (!stopping) {
                boolean progressed = false;
                for (Map.Entry<TopicLog, AtomicLongArray> topic : topics) {
                    int step = drain(topic.getKey(), topic.getValue());
                    if (step < 0) {
                        return;
                    }
                    progressed |= step > 0;
                }
                if (!progressed) {
                    sleeping = true;
                    if (!pending(topics) && !stopping) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                }
            }
        }

        private boolean pending(List<Map.Entry<TopicLog, AtomicLongArray>> topics) {
            for (Map.Entry<TopicLog, AtomicLongArray> topic : topics) {
                if (topic.getValue().get(index) < topic.getKey().end()) {
                    return true;
                }
            }
            return false;
        }

        /** Handles up to a batch; returns the number of entries passed, or -1 when stopped mid-delivery. */
        private int drain(TopicLog log, AtomicLongArray cursor) {
            long position = cursor.get(index);
            long end = Math.min(log.end(), position + BATCH);
            int passed = 0;
            while (position < end && !stopping) {
                SignedEnvelope envelope = log.get(position);
                boolean mine = laneOf(envelope, lanes.length) == index;
                if (mine && !deliver(envelope)) {
                    cursor.set(index, position);
                    return -1;
                }
                position++;
                passed++;
                if (mine || passed % 32 == 0) {
                    cursor.set(index, position);
                }
            }
            cursor.set(index, position);
            if (passed > 0) {
                log.progressed();
            }
            return passed;
        }

        /** True when acknowledged (handled or dead-lettered); false when the consumer stopped before. */
        private boolean deliver(SignedEnvelope envelope) {
            for (int attempt = 1; ; attempt++) {
                Throwable failure;
                try {
                    handler.handle(envelope);
                    return true;
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable e) {
                    failure = e;
                }
                if (attempt >= options.maxAttempts()) {
                    Subscription s = state.subscription;
                    LOG.log(Level.WARNING, "envelope " + envelope.header().id() + " (" + envelope.header().type()
                            + ") of tenant '" + s.tenant() + "' failed " + attempt + " times in subscription '"
                            + s.name() + "'; moved to its dead letters", failure);
                    deadLetters.accept(envelope);
                    return true;
                }
                LOG.log(Level.DEBUG, "envelope {0} failed attempt {1}: {2}", envelope.header().id(), attempt, failure);
                if (!backOff(attempt)) {
                    return false;
                }
            }
        }

        private boolean backOff(int attempt) {
            long nanos = options.retryBackoff().toNanos() << Math.min(attempt - 1, 6);
            long deadline = System.nanoTime() + Math.min(nanos, TimeUnit.SECONDS.toNanos(2));
            long left;
            while (!stopping && (left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
            }
            return !stopping;
        }
    }
}
