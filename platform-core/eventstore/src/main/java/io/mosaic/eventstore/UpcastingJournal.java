package io.mosaic.eventstore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Journal} that upcasts events of old schema versions on read ({@link #read}, {@link #readByTag}); writes
 * and everything else go to the delegate unchanged. Only plaintext payloads (empty key reference) are upcast
 * here: an encrypted payload can only be upcast after it is decrypted, with {@link Upcasters#upcast}.
 */
public final class UpcastingJournal implements Journal {
    private final Journal delegate;
    private final Upcasters upcasters;

    public UpcastingJournal(Journal delegate, Upcasters upcasters) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.upcasters = Objects.requireNonNull(upcasters, "upcasters");
    }

    private StoredEvent upcast(StoredEvent e) {
        if (!e.keyRef().isEmpty()) {
            return e;
        }
        Upcasters.Versioned v = upcasters.upcast(e.type(), e.schemaVersion(), e.payload());
        if (v.schemaVersion() == e.schemaVersion()) {
            return e;
        }
        return new StoredEvent(e.tenant(), e.persistenceId(), e.sequence(), e.offset(), e.eventId(), e.type(),
                v.schemaVersion(), e.timestamp(), e.keyRef(), v.payload(), e.tags());
    }

    @Override
    public long append(String tenant, String persistenceId, long expectedSequence, List<EventData> events) {
        return delegate.append(tenant, persistenceId, expectedSequence, events);
    }

    @Override
    public List<StoredEvent> read(String tenant, String persistenceId, long fromSequence) {
        return delegate.read(tenant, persistenceId, fromSequence).stream().map(this::upcast).toList();
    }

    @Override
    public long highestSequence(String tenant, String persistenceId) {
        return delegate.highestSequence(tenant, persistenceId);
    }

    @Override
    public List<StoredEvent> readByTag(String tenant, String tag, long afterOffset, int limit) {
        return delegate.readByTag(tenant, tag, afterOffset, limit).stream().map(this::upcast).toList();
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        delegate.saveSnapshot(snapshot);
    }

    @Override
    public Optional<Snapshot> latestSnapshot(String tenant, String persistenceId) {
        return delegate.latestSnapshot(tenant, persistenceId);
    }

    @Override
    public long projectionOffset(String tenant, String projection) {
        return delegate.projectionOffset(tenant, projection);
    }

    @Override
    public void saveProjectionOffset(String tenant, String projection, long offset) {
        delegate.saveProjectionOffset(tenant, projection, offset);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
