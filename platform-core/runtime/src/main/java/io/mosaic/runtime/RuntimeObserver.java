package io.mosaic.runtime;

/**
 * What the runtime tells an observer as it works, for the server's metrics: a message a plugin took, and a refusal of
 * the gate or of a built-in check. Called on the thread that delivers or decides, so an observer must be quick and
 * must not block; what it throws is logged and ignored (delivery and refusals go on as if nobody listened).
 */
public interface RuntimeObserver {
    /** Nobody listens. */
    RuntimeObserver NONE = new RuntimeObserver() {
    };

    /** A plugin of {@code tenant} took a message: its handler returned and the message is marked processed. */
    default void delivered(String tenant, String plugin) {
    }

    /**
     * A refusal that was written to the audit trail: {@code kind} is {@code command} (an API command), {@code query}
     * (an API read), {@code delivery} (a message on its way to a plugin) or {@code publish} (a plugin's message).
     */
    default void denied(String tenant, String kind) {
    }
}
