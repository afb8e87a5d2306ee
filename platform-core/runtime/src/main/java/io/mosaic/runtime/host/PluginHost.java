package io.mosaic.runtime.host;

import io.mosaic.sdk.PluginManifest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The code of one tenant's plugins: domain plugins ({@code kind: domain}) as OSGi bundles in the tenant's own Felix
 * framework under {@code <data dir>/felix}, marketplace apps ({@code kind: app}) as PF4J plugins in the tenant's own
 * plugin manager under {@code <data dir>/apps}. Two tenants' hosts never share a plugin class; only the SDK classes
 * are shared, and they come from the host.
 * <p>
 * The host loads code and creates entry classes; it does not start or stop plugins: the caller calls
 * {@code MosaicPlugin.start} with a context after {@link #load}, and {@code MosaicPlugin.stop} before {@link #unload}.
 * Unloading releases the plugin's class loader so it can be collected. An upgrade is an unload followed by a load.
 * <p>
 * Thread-safe. The framework and the plugin manager are started on the first plugin of their kind.
 */
public final class PluginHost implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String tenant;
    private final Path dataDir;
    private final ManifestReader reader;
    private final Map<String, HostedPlugin> plugins = new ConcurrentHashMap<>();
    private FelixHost felix;
    private Pf4jHost pf4j;
    private boolean closed;

    /**
     * @param tenant  the tenant, named in every error
     * @param dataDir the tenant's data directory; the host owns its {@code felix} and {@code apps} subdirectories
     */
    public PluginHost(String tenant, Path dataDir) {
        this(tenant, dataDir, new ManifestReader());
    }

    public PluginHost(String tenant, Path dataDir, ManifestReader reader) {
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    public String tenant() {
        return tenant;
    }

    /**
     * Reads the jar's {@code mosaic-plugin.yaml}, loads the jar in Felix (domain) or PF4J (app) and creates the entry
     * class, which must implement {@code DomainPlugin} or {@code AppPlugin} respectively.
     *
     * @throws ManifestException   when the manifest is missing or malformed
     * @throws PluginHostException when a plugin with the same id is loaded (at any version), the jar is not packaged for
     *                             its kind (a domain plugin must be an OSGi bundle, an app a PF4J plugin), or its code
     *                             cannot be loaded or created
     */
    public LoadedPlugin load(Path jar) {
        Objects.requireNonNull(jar, "jar");
        PluginManifest manifest = reader.read(jar);
        String id = manifest.plugin().id();
        synchronized (this) {
            requireOpen();
            HostedPlugin existing = plugins.get(id);
            if (existing != null) {
                throw new PluginHostException("tenant " + tenant + ": plugin " + id + " is already loaded at version "
                        + existing.manifest().plugin().version() + " (loading " + manifest.plugin() + " from "
                        + jar.getFileName() + "); unload it first");
            }
            HostedPlugin plugin = switch (manifest.kind()) {
                case DOMAIN -> felix().install(jar, manifest);
                case APP -> pf4j().load(jar, manifest);
            };
            plugins.put(id, plugin);
            return plugin;
        }
    }

    /**
     * Unloads a plugin: uninstalls its bundle and refreshes the framework, or stops and unloads the app and closes its
     * class loader. Handles to it no longer give access to its instance or class loader.
     *
     * @throws PluginHostException when no plugin with this id is loaded, or releasing it failed (it is forgotten anyway)
     */
    public synchronized void unload(String pluginId) {
        HostedPlugin plugin = plugins.remove(pluginId);
        if (plugin == null) {
            throw new PluginHostException("tenant " + tenant + ": no plugin '" + pluginId + "' is loaded");
        }
        plugin.release();
    }

    public Optional<LoadedPlugin> find(String pluginId) {
        return Optional.ofNullable(plugins.get(pluginId));
    }

    /** The plugins loaded now, in no particular order. */
    public Collection<LoadedPlugin> loaded() {
        return List.copyOf(plugins.values());
    }

    /** Unloads every plugin, stops the framework. Failures are collected into one exception after everything ran. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        PluginHostException failure = new PluginHostException("tenant " + tenant + ": the plugin host did not close cleanly");
        for (String id : List.copyOf(plugins.keySet())) {
            try {
                plugins.remove(id).release();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        for (AutoCloseable host : new AutoCloseable[] {pf4j, felix}) {
            if (host == null) {
                continue;
            }
            try {
                host.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
        pf4j = null;
        felix = null;
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new PluginHostException("tenant " + tenant + ": the plugin host is closed");
        }
    }

    private FelixHost felix() {
        if (felix == null) {
            felix = new FelixHost(tenant, dataDir.resolve("felix"), TIMEOUT);
        }
        return felix;
    }

    private Pf4jHost pf4j() {
        if (pf4j == null) {
            pf4j = new Pf4jHost(tenant, dataDir.resolve("apps"), reader);
        }
        return pf4j;
    }

    /** For tests in this package: the framework, when started. */
    synchronized Optional<FelixHost> felixHost() {
        return Optional.ofNullable(felix);
    }

    /** For tests in this package: the plugin manager, when started. */
    synchronized Optional<Pf4jHost> pf4jHost() {
        return Optional.ofNullable(pf4j);
    }
}
