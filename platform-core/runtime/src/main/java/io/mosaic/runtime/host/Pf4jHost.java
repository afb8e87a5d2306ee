package io.mosaic.runtime.host;

import io.mosaic.sdk.AppPlugin;
import io.mosaic.sdk.MosaicPlugin;
import io.mosaic.sdk.PluginManifest;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * One tenant's PF4J plugin manager, holding its marketplace apps. Each app jar is copied to
 * {@code <tenant data dir>/apps} and loaded from there, so the jar it came from may go away. The plugin class loader
 * is child-first as PF4J's default, except for the SDK ({@code io.mosaic.sdk.*}), which always comes from the host.
 * Apps are stopped and unloaded one at a time (never {@code stopPlugins()}, pf4j#656).
 */
final class Pf4jHost implements AutoCloseable {

    static final String SDK_PACKAGE_PREFIX = "io.mosaic.sdk.";

    private final String tenant;
    private final Path appsDir;
    private final PluginManager manager;
    private final ManifestReader reader;

    Pf4jHost(String tenant, Path appsDir, ManifestReader reader) {
        this.tenant = tenant;
        this.appsDir = appsDir;
        this.reader = reader;
        try {
            Files.createDirectories(appsDir);
        } catch (IOException e) {
            throw new PluginHostException("tenant " + tenant + ": cannot create the apps directory " + appsDir + ": " + e.getMessage(), e);
        }
        this.manager = new TenantPluginManager(appsDir);
    }

    /** Loads and starts the app in PF4J and creates the manifest's entry class from the app's class loader. */
    AppHandle load(Path jar, PluginManifest manifest) {
        String pluginId = ManifestReader.jarAttributes(jar).getValue("Plugin-Id");
        if (pluginId == null || pluginId.isBlank()) {
            throw new PluginHostException("tenant " + tenant + ": " + jar.getFileName() + " declares kind app in "
                    + ManifestReader.MANIFEST_FILE + " but is not a PF4J plugin (no Plugin-Id in META-INF/MANIFEST.MF)");
        }
        pluginId = pluginId.strip();
        String expectedId = manifest.plugin().id();
        if (!pluginId.equals(expectedId)) {
            throw new PluginHostException("tenant " + tenant + ": " + jar.getFileName() + ": Plugin-Id '" + pluginId
                    + "' in META-INF/MANIFEST.MF differs from id '" + expectedId + "' in " + ManifestReader.MANIFEST_FILE);
        }
        Path copy = appsDir.resolve(expectedId + "-" + manifest.plugin().version() + ".jar");
        try {
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new PluginHostException("tenant " + tenant + ": cannot copy " + jar.getFileName() + " to " + copy + ": " + e.getMessage(), e);
        }
        try {
            String loadedId = manager.loadPlugin(copy);
            PluginState state = manager.startPlugin(loadedId);
            if (state != PluginState.STARTED) {
                PluginWrapper wrapper = manager.getPlugin(loadedId);
                Throwable failure = wrapper == null ? null : wrapper.getFailedException();
                throw new PluginHostException("tenant " + tenant + ": app " + jar.getFileName() + " (" + manifest.plugin()
                        + ") did not start in PF4J (state " + state + ")" + (failure == null ? "" : ": " + failure), failure);
            }
            MosaicPlugin instance = instantiate(manager.getPluginClassLoader(loadedId), jar, manifest);
            return new AppHandle(tenant, manifest, instance, copy);
        } catch (RuntimeException e) {
            try {
                remove(expectedId, copy);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof PluginHostException hostException) {
                throw hostException;
            }
            throw new PluginHostException("tenant " + tenant + ": app " + jar.getFileName() + " (" + manifest.plugin()
                    + ") cannot be loaded: " + e.getMessage(), e);
        }
    }

    private MosaicPlugin instantiate(ClassLoader loader, Path jar, PluginManifest manifest) {
        String entryClass = manifest.entryClass();
        Class<?> type;
        try {
            type = loader.loadClass(entryClass);
        } catch (ClassNotFoundException e) {
            throw new PluginHostException("tenant " + tenant + ": app " + jar.getFileName() + ": entry class " + entryClass
                    + " is not in the jar", e);
        }
        if (!AppPlugin.class.isAssignableFrom(type)) {
            throw new PluginHostException("tenant " + tenant + ": app " + jar.getFileName() + ": entry class " + entryClass
                    + " does not implement " + AppPlugin.class.getName());
        }
        try {
            return (MosaicPlugin) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new PluginHostException("tenant " + tenant + ": app " + jar.getFileName() + ": entry class " + entryClass
                    + " needs a public no-argument constructor", e);
        } catch (InstantiationException | InvocationTargetException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new PluginHostException("tenant " + tenant + ": app " + jar.getFileName() + ": entry class " + entryClass
                    + " cannot be created: " + cause, cause);
        }
    }

    /** Stops and unloads the app (PF4J closes its class loader) and deletes the copy of its jar. */
    private void remove(String pluginId, Path copy) {
        ClassLoader loader = manager.getPlugin(pluginId) == null ? null : manager.getPluginClassLoader(pluginId);
        if (loader != null) {
            if (manager.getPlugin(pluginId).getPluginState() == PluginState.STARTED) {
                manager.stopPlugin(pluginId);
            }
            if (!manager.unloadPlugin(pluginId)) {
                throw new PluginHostException("tenant " + tenant + ": PF4J did not unload app " + pluginId);
            }
            if (loader instanceof PluginClassLoader pluginLoader && !pluginLoader.isClosed()) {
                throw new PluginHostException("tenant " + tenant + ": the class loader of app " + pluginId + " is still open after unload");
            }
        }
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            throw new PluginHostException("tenant " + tenant + ": cannot delete " + copy + ": " + e.getMessage(), e);
        }
    }

    /** Number of apps PF4J holds; for tests. */
    int appCount() {
        return manager.getPlugins().size();
    }

    @Override
    public void close() {
        PluginHostException failure = null;
        for (PluginWrapper plugin : List.copyOf(manager.getPlugins())) {
            try {
                remove(plugin.getPluginId(), plugin.getPluginPath());
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = new PluginHostException("tenant " + tenant + ": apps could not all be unloaded");
                }
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A marketplace app in this manager. */
    final class AppHandle extends HostedPlugin {
        private final Path jar;
        private boolean released;

        private AppHandle(String tenant, PluginManifest manifest, MosaicPlugin instance, Path jar) {
            super(tenant, manifest, instance);
            this.jar = jar;
        }

        @Override
        Optional<String> readResource(String name) {
            return reader.readResource(jar, name);
        }

        @Override
        synchronized void release() {
            if (released) {
                return;
            }
            released = true;
            forget();
            remove(manifest().plugin().id(), jar);
        }
    }

    /** PF4J's jar plugin manager with the SDK loaded from the host. */
    private static final class TenantPluginManager extends JarPluginManager {
        TenantPluginManager(Path root) {
            super(root);
        }

        @Override
        protected PluginLoader createPluginLoader() {
            return new JarPluginLoader(this) {
                @Override
                protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
                    // The runtime's own loader sees both org.pf4j and io.mosaic.sdk.
                    return new SdkFromHostClassLoader(pluginManager, descriptor, Pf4jHost.class.getClassLoader());
                }
            };
        }
    }

    /** PF4J's plugin class loader, delegating {@code io.mosaic.sdk.*} to the host as PF4J does for {@code org.pf4j.*}. */
    static final class SdkFromHostClassLoader extends PluginClassLoader {
        SdkFromHostClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
            super(manager, descriptor, parent);
        }

        @Override
        protected boolean shouldDelegateToParent(String className) {
            return className.startsWith(SDK_PACKAGE_PREFIX) || super.shouldDelegateToParent(className);
        }
    }
}
