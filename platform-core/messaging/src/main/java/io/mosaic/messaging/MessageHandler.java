package io.mosaic.messaging;

/**
 * Receives envelopes of a subscription. Returning normally acknowledges; throwing asks for redelivery
 * (at-least-once). Envelopes of one entity arrive in publish order, one at a time.
 */
@FunctionalInterface
public interface MessageHandler {
    void handle(SignedEnvelope envelope) throws Exception;
}
