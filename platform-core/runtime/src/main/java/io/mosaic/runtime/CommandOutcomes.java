package io.mosaic.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What became of each command a tenant's gateway accepted, so that a caller learns it without watching the live
 * stream: pending until its domain handled it, then done (with the events it caused), rejected (the domain's reason)
 * or denied (the gate's rule at delivery). Kept in memory for {@link #KEPT} or the last {@link #MAX} commands of the
 * tenant, whichever is less; a server restart forgets them (the events stay in the journal).
 * <p>
 * Only the domain that received a command counts as its cause: events other plugins publish in reaction are not
 * listed, so an outcome shows nothing of another plugin's data.
 */
public final class CommandOutcomes {
    /** How long an outcome is kept after the command was accepted. */
    public static final Duration KEPT = Duration.ofHours(24);
    /** How many outcomes a tenant keeps at most (the oldest go first). */
    public static final int MAX = 100_000;

    public enum State { PENDING, DONE, REJECTED, DENIED }

    /** An event the command's domain published because of it. */
    public record Caused(UUID id, String type, String entity, Instant at) {
    }

    /**
     * @param rule       the gate's rule that denied it ({@link State#DENIED}); empty otherwise
     * @param reason     the domain's reason ({@link State#REJECTED}) or the gate's ({@link State#DENIED}); else empty
     * @param failures   times the domain failed to handle it so far (delivery is retried, then dead-lettered)
     */
    public record Outcome(UUID id, String type, String subject, String entity, Instant acceptedAt, State state,
                          Instant decidedAt, String rule, String reason, List<Caused> events, int failures) {
        public Instant keptUntil() {
            return acceptedAt.plus(KEPT);
        }
    }

    private static final class Entry {
        final UUID id;
        final String type;
        final String subject;
        final String entity;
        final Instant acceptedAt;
        State state = State.PENDING;
        Instant decidedAt;
        String rule = "";
        String reason = "";
        String rejection;
        final List<Caused> events = new ArrayList<>();
        int failures;

        Entry(UUID id, String type, String subject, String entity, Instant acceptedAt) {
            this.id = id;
            this.type = type;
            this.subject = subject;
            this.entity = entity;
            this.acceptedAt = acceptedAt;
        }

        Outcome snapshot() {
            return new Outcome(id, type, subject, entity, acceptedAt, state, decidedAt, rule, reason, List.copyOf(events),
                    failures);
        }
    }

    private final Clock clock;
    private final int max;
    private final Map<UUID, Entry> entries = new LinkedHashMap<>();

    public CommandOutcomes(Clock clock) {
        this(clock, MAX);
    }

    CommandOutcomes(Clock clock, int max) {
        this.clock = clock;
        this.max = max;
    }

    /** The gateway accepted a command and is about to send it. */
    public synchronized void accepted(UUID id, String type, String subject, String entityOrNull) {
        expire();
        entries.put(id, new Entry(id, type, subject, entityOrNull == null ? "" : entityOrNull, clock.instant()));
    }

    /** The gateway could not send it after all: no outcome will come. */
    public synchronized void withdrawn(UUID id) {
        entries.remove(id);
    }

    /**
     * The command's domain published an event because of it (once its append is committed).
     *
     * @param rejectionReason the reason when the event says the domain refused the command
     */
    public synchronized void caused(UUID command, Caused event, Optional<String> rejectionReason) {
        Entry e = entries.get(command);
        if (e == null) {
            return;
        }
        e.events.add(event);
        rejectionReason.ifPresent(r -> e.rejection = r);
    }

    /** The domain handled it (returned without failing). */
    public synchronized void handled(UUID id) {
        Entry e = entries.get(id);
        if (e == null || e.state != State.PENDING) {
            return;
        }
        e.decidedAt = clock.instant();
        if (e.rejection != null) {
            e.state = State.REJECTED;
            e.reason = e.rejection;
        } else {
            e.state = State.DONE;
        }
    }

    /** The domain failed while handling it; the bus delivers it again. */
    public synchronized void failed(UUID id) {
        Entry e = entries.get(id);
        if (e != null && e.state == State.PENDING) {
            e.failures++;
        }
    }

    /** The gate refused to deliver it to its domain. */
    public synchronized void denied(UUID id, String rule, String reason) {
        Entry e = entries.get(id);
        if (e == null || e.state != State.PENDING) {
            return;
        }
        e.state = State.DENIED;
        e.decidedAt = clock.instant();
        e.rule = rule;
        e.reason = reason;
    }

    public synchronized Optional<Outcome> of(UUID id) {
        expire();
        return Optional.ofNullable(entries.get(id)).map(Entry::snapshot);
    }

    public synchronized int size() {
        return entries.size();
    }

    private void expire() {
        Instant oldest = clock.instant().minus(KEPT);
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (entries.size() >= max || e.acceptedAt.isBefore(oldest)) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
