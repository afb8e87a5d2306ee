package io.mosaic.runtime;

import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.hsm.Encrypted;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.KeyService;
import io.mosaic.messaging.Bus;
import io.mosaic.messaging.EnvelopeSealer;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.sdk.EntityForgottenException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves a tenant's outbox from the journal to the bus, exactly once (docs/journal.md, "From journal to bus").
 *
 * <p>Plugins append messages together with the events that cause them ({@link PluginEventStore}); each is a journal
 * row tagged {@link Outbox#TAG} holding the complete envelope header, its id fixed at append time. This publisher reads
 * that tag from its stored offset ({@link #PROJECTION}), in offset order, seals each entry with its plugin's key,
 * publishes it as number {@code offset} of source {@code journal-<tenant>} ({@link Bus#publishInSequence}), and then
 * stores the offset.
 * <ul>
 *   <li>Crash after the append, before the publish: the entry is still after the stored offset and is published
 *       when the platform starts again. Nothing lost.</li>
 *   <li>Crash after the publish, before the offset is stored: the entry is published again under the same source
 *       and number; Pulsar's broker deduplication drops it (it stored that number for the source), and a consumer
 *       would refuse the same envelope id anyway (processed ids). Nothing doubled.</li>
 * </ul>
 * It runs on a thread of its own: woken right after an append with messages ({@link #wake}), once at start, and every
 * {@code poll}, so that entries appended by another instance, or left by a failed publish, go out too. A plugin's
 * handler never waits for the bus.
 */
final class JournalPublisher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JournalPublisher.class.getName());
    static final String PROJECTION = "journal-publisher";
    private static final int BATCH = 200;

    private final String tenant;
    private final Journal journal;
    private final KeyService keys;
    private final EnvelopeSealer sealer;
    private final Bus bus;
    private final AuditTrail audit;
    private final Hooks hooks;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean pending = true;
    private final java.util.concurrent.atomic.AtomicBoolean woken = new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledExecutorService poller;
    /** Offset of the last entry handed to the bus (guarded by {@link #lock}); -1 until read from the journal. */
    private long published = -1;
    private volatile boolean closed;

    /** Hooks of the publishers created from now on in this JVM (the crash test's child process sets them). */
    static volatile Hooks testHooks = Hooks.NONE;

    /** Where a test stops the publisher to kill the process at a chosen point (the crash test). */
    interface Hooks {
        Hooks NONE = new Hooks() {
        };

        /** Before entry {@code offset} goes to the bus. */
        default void beforePublish(long offset) {
        }

        /** After entries up to {@code offset} went to the bus, before that offset is stored. */
        default void beforeOffsetSaved(long offset) {
        }
    }

    JournalPublisher(String tenant, Journal journal, KeyService keys, EnvelopeSealer sealer, Bus bus, AuditTrail audit,
                     Duration poll, Hooks hooks) {
        this.tenant = tenant;
        this.journal = journal;
        this.keys = keys;
        this.sealer = sealer;
        this.bus = bus;
        this.audit = audit;
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mosaic-journal-publisher-" + tenant);
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(() -> {
            pending = true;
            drain();
        }, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The source name under which this tenant's outbox is published: one numbered stream per tenant. */
    String source() {
        return "journal-" + tenant;
    }

    /** Outbox entries were appended: the publisher's thread publishes them soon. Returns at once. */
    void wake() {
        pending = true;
        if (!closed && woken.compareAndSet(false, true)) {
            try {
                poller.execute(() -> {
                    woken.set(false);
                    drain();
                });
            } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                woken.set(false); // closing: the next start publishes what is left
            }
        }
    }

    /**
     * Publishes what the outbox holds. Returns at once when another thread is draining: that thread goes on until
     * nothing is pending, this call's entries included. Never throws: a failure is logged and retried by the poll.
     */
    void drain() {
        pending = true;
        while (pending && !closed && lock.tryLock()) {
            try {
                pending = false;
                publishAll();
            } catch (RuntimeException e) {
                failed(e);
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** When the last failure was logged in full; failures in between are counted, not logged (one report per 30 s). */
    private long lastLogged = Long.MIN_VALUE;
    private int unlogged;

    private void failed(RuntimeException e) {
        long now = System.nanoTime();
        if (lastLogged == Long.MIN_VALUE || now - lastLogged > java.util.concurrent.TimeUnit.SECONDS.toNanos(30)) {
            LOG.log(Level.WARNING, "tenant " + tenant + ": publishing the outbox failed" + (unlogged > 0 ? " (and "
                    + unlogged + " times since the last report)" : "") + "; retrying in the next poll", e);
            lastLogged = now;
            unlogged = 0;
        } else {
            unlogged++;
        }
    }

    private void publishAll() {
        if (published < 0) {
            published = journal.projectionOffset(tenant, PROJECTION);
        }
        for (List<StoredEvent> page = journal.readByTag(tenant, Outbox.TAG, published, BATCH); !page.isEmpty() && !closed;
             page = journal.readByTag(tenant, Outbox.TAG, published, BATCH)) {
            for (StoredEvent row : page) {
                hooks.beforePublish(row.offset());
                publish(row);
                published = row.offset();
            }
            hooks.beforeOffsetSaved(published);
            journal.saveProjectionOffset(tenant, PROJECTION, published);
        }
    }

    private void publish(StoredEvent row) {
        Outbox entry;
        try {
            byte[] plain = keys.decrypt(new Encrypted(KeyRef.parse(row.keyRef()), row.payload()),
                    PluginEventStore.aad(tenant, row.persistenceId(), row.eventId(), Outbox.TYPE));
            entry = Outbox.read(plain);
        } catch (EntityForgottenException forgotten) {
            audit.record(tenant, "publication-shredded", "platform", "", row.eventId().toString(), "", "",
                    "the message waiting in " + row.persistenceId() + " belongs to a forgotten entity; not published");
            return;
        }
        SignedEnvelope envelope = sealer.seal(entry.header(), entry.body(),
                keys.signer(tenant, entry.header().sender().id()));
        bus.publishInSequence(envelope, source(), row.offset());
    }

    /** The offset up to which the outbox is published and stored (for tests and diagnostics). */
    long storedOffset() {
        return journal.projectionOffset(tenant, PROJECTION);
    }

    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
