package io.mosaic.runtime.host;

import io.mosaic.sdk.MosaicPlugin;
import io.mosaic.sdk.PluginManifest;

import java.util.Optional;

/**
 * A plugin whose code is loaded in a tenant's host and whose entry class is instantiated, but not started: the
 * caller calls {@link MosaicPlugin#start} with a context, and {@link MosaicPlugin#stop} before unloading it.
 * <p>
 * After {@link PluginHost#unload} the handle lets go of the plugin's code so that a handle kept by mistake cannot pin
 * the class loader: {@link #instance()}, {@link #classLoader()} and {@link #resource} then throw
 * {@link PluginHostException}; {@link #manifest()} stays readable.
 */
public interface LoadedPlugin {

    PluginManifest manifest();

    /** The manifest's entry class, created with its no-argument constructor from the plugin's own class loader. */
    MosaicPlugin instance();

    /**
     * A UTF-8 text file from the plugin jar (for example {@code policy.yaml}), read from the copy the host keeps, so
     * the jar the plugin was loaded from may be gone; empty when the jar has no such file.
     */
    Optional<String> resource(String name);

    /** The plugin's own class loader: the bundle's for a domain plugin, PF4J's plugin class loader for an app. */
    ClassLoader classLoader();

    /** Whether the plugin is still loaded. */
    boolean isLoaded();
}
