package io.mosaic.runtime;

import io.mosaic.eventstore.EmbeddedDatabase;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.ProcessedMessages;
import io.mosaic.hsm.WrappedKeyRepository;

import java.util.Objects;

/**
 * Where the platform keeps its state: the journal, the wrapped keys and the processed-message record, all from one
 * store (the embedded H2 database, or Cassandra), closed together.
 */
public record PlatformStorage(Journal journal, WrappedKeyRepository keys, ProcessedMessages processed,
                              AutoCloseable owner) implements AutoCloseable {
    public PlatformStorage {
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(processed, "processed");
        Objects.requireNonNull(owner, "owner");
    }

    public static PlatformStorage of(EmbeddedDatabase db) {
        return new PlatformStorage(db.journal(), db.keys(), db.processed(), db);
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            throw new PlatformException("closing the platform's storage failed: " + e.getMessage(), e);
        }
    }
}
