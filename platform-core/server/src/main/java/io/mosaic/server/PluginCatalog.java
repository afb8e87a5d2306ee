package io.mosaic.server;

import io.mosaic.runtime.host.ManifestReader;
import io.mosaic.sdk.PluginManifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The plugin jars the server can install, found by id in the configured folders (the built {@code plugins/} tree). */
final class PluginCatalog {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PluginCatalog.class.getName());
    private final Map<String, Path> jars = new HashMap<>();
    private final Map<String, PluginManifest> manifests = new HashMap<>();

    private final List<Path> roots = new java.util.ArrayList<>();

    PluginCatalog(List<Path> dirs) {
        for (Path dir : dirs) {
            try {
                if (Files.isDirectory(dir)) {
                    roots.add(dir.toRealPath());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot resolve plugin folder " + dir, e);
            }
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir, 6)) {
                files.filter(p -> {
                    String name = p.getFileName().toString();
                    return name.startsWith("mosaic-plugin-") && name.endsWith(".jar") && !name.endsWith("-tests.jar")
                            && !name.endsWith("-sources.jar");
                }).forEach(this::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot search " + dir + " for plugin jars", e);
            }
        }
    }

    private void add(Path jar) {
        if (!hasManifest(jar)) {
            LOG.fine(() -> jar + " has no " + ManifestReader.MANIFEST_FILE + "; not a plugin");
            return;
        }
        PluginManifest m = new ManifestReader().read(jar);
        jars.put(m.plugin().id(), jar);
        manifests.put(m.plugin().id(), m);
    }

    private static boolean hasManifest(Path jar) {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            return file.getEntry(ManifestReader.MANIFEST_FILE) != null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plugin jar " + jar, e);
        }
    }

    /**
     * Whether {@code jar} is a plugin jar of the catalog's folders (its real path, links resolved, lies below one of
     * them): the operator installs from the catalog, never from an arbitrary path.
     */
    boolean holds(Path jar) {
        try {
            Path real = jar.toRealPath();
            String name = real.getFileName().toString();
            return name.endsWith(".jar") && roots.stream().anyMatch(real::startsWith);
        } catch (IOException e) {
            return false;
        }
    }

    Optional<Path> jar(String id) {
        return Optional.ofNullable(jars.get(id));
    }

    Optional<PluginManifest> manifest(String id) {
        return Optional.ofNullable(manifests.get(id));
    }
}
