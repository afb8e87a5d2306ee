package io.mosaic.runtime.host;

import io.mosaic.sdk.MosaicPlugin;
import io.mosaic.sdk.PluginManifest;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link PluginHost} keeps of a loaded plugin. On release it drops its references to the plugin's instance and
 * class loader, so a handle that someone still holds cannot keep the plugin's classes in memory.
 */
abstract class HostedPlugin implements LoadedPlugin {
    private final PluginManifest manifest;
    private final String tenant;
    private volatile MosaicPlugin instance;
    private volatile ClassLoader classLoader;

    HostedPlugin(String tenant, PluginManifest manifest, MosaicPlugin instance) {
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.instance = Objects.requireNonNull(instance, "instance");
        this.classLoader = instance.getClass().getClassLoader();
    }

    @Override
    public final PluginManifest manifest() {
        return manifest;
    }

    @Override
    public final MosaicPlugin instance() {
        MosaicPlugin current = instance;
        if (current == null) {
            throw unloaded();
        }
        return current;
    }

    @Override
    public final ClassLoader classLoader() {
        ClassLoader current = classLoader;
        if (current == null) {
            throw unloaded();
        }
        return current;
    }

    @Override
    public final Optional<String> resource(String name) {
        Objects.requireNonNull(name, "name");
        if (!isLoaded()) {
            throw unloaded();
        }
        return readResource(name);
    }

    @Override
    public final boolean isLoaded() {
        return instance != null;
    }

    /** Releases the plugin's code in its host (stop, uninstall, close the class loader); called once, by the host. */
    abstract void release();

    abstract Optional<String> readResource(String name);

    final void forget() {
        instance = null;
        classLoader = null;
    }

    final String tenant() {
        return tenant;
    }

    final PluginHostException unloaded() {
        return new PluginHostException("tenant " + tenant + ": plugin " + manifest.plugin() + " is unloaded");
    }

    @Override
    public String toString() {
        return manifest.plugin() + " (" + manifest.kind().name().toLowerCase(java.util.Locale.ROOT) + ", tenant " + tenant
                + (isLoaded() ? "" : ", unloaded") + ")";
    }
}
