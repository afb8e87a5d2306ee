package io.mosaic.sdk;

import java.util.Optional;

/**
 * The plugin SPI. The platform creates the entry class named in the manifest (public, no-argument constructor),
 * calls {@link #start}, delivers messages that passed the gate one at a time per entity, and calls {@link #stop}.
 * A plugin never calls another plugin; it publishes messages through its {@link PluginContext}.
 */
public interface MosaicPlugin {

    void start(PluginContext context);

    /** A message of a type in the manifest's {@code consumes}, already verified, authorised and decrypted. */
    void onMessage(Envelope envelope);

    /** Answers a read-only query from the platform's API; empty when the plugin does not know the query. */
    default Optional<Object> query(Query query) {
        return Optional.empty();
    }

    default void stop() {
    }
}
