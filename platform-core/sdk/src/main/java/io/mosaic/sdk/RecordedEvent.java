package io.mosaic.sdk;

import java.time.Instant;

/** An event of an aggregate as read back from the journal, decrypted. */
public interface RecordedEvent {
    long sequence();

    String type();

    Instant recordedAt();

    <T> T as(Class<T> type);
}
