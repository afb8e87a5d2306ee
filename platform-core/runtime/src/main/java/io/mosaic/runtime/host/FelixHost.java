package io.mosaic.runtime.host;

import io.mosaic.sdk.DomainPlugin;
import io.mosaic.sdk.MosaicPlugin;
import io.mosaic.sdk.PluginManifest;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.Attributes;

/**
 * One tenant's Apache Felix framework, holding its domain plugins as bundles. The framework's storage is
 * {@code <tenant data dir>/felix}, cleaned when the framework starts: the tenant's installed plugins are recorded
 * elsewhere, and the host installs them again. The system bundle exports the SDK packages, so bundles share the
 * host's {@code io.mosaic.sdk} classes.
 */
final class FelixHost implements AutoCloseable {

    /** Packages of the SDK that bundles import from the host. */
    static final List<String> SDK_PACKAGES = List.of("io.mosaic.sdk");

    private static final String SDK_POM_PROPERTIES = "/META-INF/maven/io.mosaic/mosaic-sdk/pom.properties";
    /** Used when the SDK is on the class path as a directory (IDE, reactor without packaging), with no pom.properties. */
    private static final String SDK_VERSION_FALLBACK = "0.1.0";

    private final String tenant;
    private final Framework framework;
    private final Duration timeout;
    private final AtomicLong installs = new AtomicLong();

    FelixHost(String tenant, Path storageDir, Duration timeout) {
        this.tenant = tenant;
        this.timeout = timeout;
        Map<String, String> config = Map.of(
                Constants.FRAMEWORK_STORAGE, storageDir.toAbsolutePath().toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, systemPackagesExtra(),
                // No JVM-wide URL stream handler factory: several frameworks share this JVM.
                "felix.service.urlhandlers", "false",
                "felix.log.level", "1");
        this.framework = new FrameworkFactory().newFramework(config);
        try {
            framework.init();
            framework.start();
        } catch (BundleException e) {
            throw new PluginHostException("tenant " + tenant + ": the OSGi framework does not start: " + e.getMessage(), e);
        }
    }

    /** {@code io.mosaic.sdk;version="0.1.0.SNAPSHOT"}: the SDK's Maven version as an OSGi version. */
    static String systemPackagesExtra() {
        String version = osgiVersion(sdkMavenVersion());
        return String.join(",", SDK_PACKAGES.stream().map(name -> name + ";version=\"" + version + "\"").toList());
    }

    static String sdkMavenVersion() {
        try (InputStream in = MosaicPlugin.class.getResourceAsStream(SDK_POM_PROPERTIES)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && !version.isBlank()) {
                    return version.strip();
                }
            }
        } catch (IOException e) {
            throw new PluginHostException("cannot read the SDK version from " + SDK_POM_PROPERTIES + ": " + e.getMessage(), e);
        }
        String implementation = MosaicPlugin.class.getPackage().getImplementationVersion();
        return implementation != null ? implementation : SDK_VERSION_FALLBACK;
    }

    /** Maven {@code 0.1.0-SNAPSHOT} to OSGi {@code 0.1.0.SNAPSHOT}, the way bnd converts it. */
    static String osgiVersion(String maven) {
        String[] parts = maven.split("-", 2);
        String[] numbers = parts[0].split("\\.");
        StringBuilder version = new StringBuilder();
        int count = 0;
        String extra = "";
        for (String number : numbers) {
            if (count < 3 && number.matches("[0-9]+")) {
                version.append(count == 0 ? "" : ".").append(Integer.parseInt(number));
                count++;
            } else {
                extra = extra.isEmpty() ? number : extra + "_" + number;
            }
        }
        for (; count < 3; count++) {
            version.append(count == 0 ? "0" : ".0");
        }
        String qualifier = parts.length > 1 ? (extra.isEmpty() ? parts[1] : extra + "_" + parts[1]) : extra;
        if (!qualifier.isEmpty()) {
            version.append('.').append(qualifier.replaceAll("[^A-Za-z0-9_-]", "_"));
        }
        return version.toString();
    }

    /**
     * Installs the jar as a bundle, starts it and creates the manifest's entry class from the bundle's class loader.
     * On any failure the bundle is uninstalled again.
     */
    BundlePlugin install(Path jar, PluginManifest manifest) {
        Attributes attributes = ManifestReader.jarAttributes(jar);
        if (attributes.getValue(Constants.BUNDLE_SYMBOLICNAME) == null) {
            throw new PluginHostException("tenant " + tenant + ": " + jar.getFileName() + " declares kind domain in "
                    + ManifestReader.MANIFEST_FILE + " but is not an OSGi bundle (no Bundle-SymbolicName in META-INF/MANIFEST.MF)");
        }
        Bundle bundle;
        try (InputStream in = Files.newInputStream(jar)) {
            String location = "mosaic:" + manifest.plugin() + "#" + installs.incrementAndGet();
            bundle = framework.getBundleContext().installBundle(location, in);
        } catch (IOException | BundleException e) {
            throw new PluginHostException("tenant " + tenant + ": bundle " + jar.getFileName() + " (" + manifest.plugin()
                    + ") cannot be installed: " + e.getMessage(), e);
        }
        try {
            bundle.start();
            MosaicPlugin instance = instantiate(bundle, jar, manifest);
            return new BundlePlugin(tenant, manifest, instance, bundle);
        } catch (BundleException | RuntimeException e) {
            try {
                remove(bundle);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof PluginHostException hostException) {
                throw hostException;
            }
            throw new PluginHostException("tenant " + tenant + ": bundle " + jar.getFileName() + " (" + manifest.plugin()
                    + ") cannot start: " + e.getMessage(), e);
        }
    }

    /**
     * Installs and starts the new version beside the old one, and only when that worked uninstalls the old one; on a
     * failure the old version stays as it was.
     */
    BundlePlugin update(BundlePlugin old, Path jar, PluginManifest manifest) {
        BundlePlugin replacement = install(jar, manifest);
        old.release();
        return replacement;
    }

    private MosaicPlugin instantiate(Bundle bundle, Path jar, PluginManifest manifest) {
        String entryClass = manifest.entryClass();
        Class<?> type;
        try {
            type = bundle.loadClass(entryClass);
        } catch (ClassNotFoundException e) {
            throw new PluginHostException("tenant " + tenant + ": bundle " + jar.getFileName() + ": entry class " + entryClass
                    + " is not in the bundle", e);
        }
        if (!DomainPlugin.class.isAssignableFrom(type)) {
            throw new PluginHostException("tenant " + tenant + ": bundle " + jar.getFileName() + ": entry class " + entryClass
                    + " does not implement " + DomainPlugin.class.getName() + " (as loaded by the host; a domain plugin must"
                    + " import io.mosaic.sdk, not embed it)");
        }
        try {
            return (MosaicPlugin) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new PluginHostException("tenant " + tenant + ": bundle " + jar.getFileName() + ": entry class " + entryClass
                    + " needs a public no-argument constructor", e);
        } catch (InstantiationException | InvocationTargetException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new PluginHostException("tenant " + tenant + ": bundle " + jar.getFileName() + ": entry class " + entryClass
                    + " cannot be created: " + cause, cause);
        }
    }

    /** Stops and uninstalls the bundle, and refreshes so that the framework drops the bundle's class loader. */
    private void remove(Bundle bundle) {
        try {
            if (bundle.getState() != Bundle.UNINSTALLED) {
                bundle.uninstall();
            }
        } catch (BundleException e) {
            throw new PluginHostException("tenant " + tenant + ": bundle " + bundle.getSymbolicName()
                    + " cannot be uninstalled: " + e.getMessage(), e);
        }
        CountDownLatch refreshed = new CountDownLatch(1);
        framework.adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        try {
            if (!refreshed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new PluginHostException("tenant " + tenant + ": refreshing after uninstalling bundle "
                        + bundle.getSymbolicName() + " did not finish within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginHostException("tenant " + tenant + ": interrupted while uninstalling bundle " + bundle.getSymbolicName(), e);
        }
    }

    /** Number of bundles besides the system bundle; for tests. */
    int bundleCount() {
        return framework.getBundleContext().getBundles().length - 1;
    }

    @Override
    public void close() {
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(timeout.toMillis());
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                throw new PluginHostException("tenant " + tenant + ": the OSGi framework did not stop within " + timeout);
            }
        } catch (BundleException e) {
            throw new PluginHostException("tenant " + tenant + ": the OSGi framework does not stop: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginHostException("tenant " + tenant + ": interrupted while stopping the OSGi framework", e);
        }
    }

    /** A domain plugin in this framework. */
    final class BundlePlugin extends HostedPlugin {
        private volatile Bundle bundle;

        private BundlePlugin(String tenant, PluginManifest manifest, MosaicPlugin instance, Bundle bundle) {
            super(tenant, manifest, instance);
            this.bundle = bundle;
        }

        @Override
        Optional<String> readResource(String name) {
            Bundle current = bundle;
            if (current == null) {
                throw unloaded();
            }
            URL entry = current.getEntry(name.startsWith("/") ? name.substring(1) : name);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = entry.openStream()) {
                byte[] bytes = in.readNBytes(ManifestReader.MAX_FILE_BYTES + 1);
                if (bytes.length > ManifestReader.MAX_FILE_BYTES) {
                    throw new PluginHostException("tenant " + tenant() + ": plugin " + manifest().plugin() + ": " + name
                            + " is larger than " + ManifestReader.MAX_FILE_BYTES + " bytes");
                }
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new PluginHostException("tenant " + tenant() + ": plugin " + manifest().plugin() + ": cannot read "
                        + name + ": " + e.getMessage(), e);
            }
        }

        @Override
        synchronized void release() {
            Bundle current = bundle;
            if (current == null) {
                return;
            }
            forget();
            bundle = null;
            try {
                current.stop();
            } catch (BundleException e) {
                // The bundle is uninstalled below whatever state stopping left it in; the failure is kept on the error.
                PluginHostException failure = new PluginHostException("tenant " + tenant() + ": bundle of plugin "
                        + manifest().plugin() + " failed to stop: " + e.getMessage(), e);
                try {
                    remove(current);
                } catch (RuntimeException removal) {
                    failure.addSuppressed(removal);
                }
                throw failure;
            }
            remove(current);
        }
    }
}
