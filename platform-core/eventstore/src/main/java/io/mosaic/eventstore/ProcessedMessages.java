package io.mosaic.eventstore;

import java.util.UUID;

/** Which envelope ids a consumer has processed: the consumer half of effectively-once delivery. */
public interface ProcessedMessages {

    /** Records the id for the consumer; false when it was recorded before (a duplicate or a replay). */
    boolean markProcessed(String tenant, String consumer, UUID envelopeId);

    boolean isProcessed(String tenant, String consumer, UUID envelopeId);
}
