package io.mosaic.sdk;

import java.time.Clock;
import java.util.Optional;

/** What the platform gives a running plugin. There is nothing here to check permissions with: the gate does that. */
public interface PluginContext {

    String tenant();

    PluginId self();

    /** Configuration of this installation: tenant overrides over the manifest's defaults. */
    Optional<String> config(String key);

    /**
     * Publishes a message. The type must be in the manifest's {@code publishes}; otherwise
     * {@link UndeclaredMessageException} is thrown and the attempt is audited.
     */
    void publish(Message message);

    /** Event-sourced storage of this plugin's own aggregates, encrypted per entity. */
    EventStore events();

    Clock clock();
}
