package io.mosaic.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The real plugin jars, built earlier in the reactor (plugins come before runtime in the root pom). */
final class PluginJars {
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    private PluginJars() {
    }

    static Path assets() {
        return find(ROOT.resolve("plugins/assets/target"), "mosaic-plugin-assets-");
    }

    static Path custody() {
        return find(ROOT.resolve("plugins/custody/target"), "mosaic-plugin-custody-");
    }

    static Path structures() {
        return find(ROOT.resolve("plugins/structures/target"), "mosaic-plugin-structures-");
    }

    static Path consolidation() {
        return find(ROOT.resolve("plugins/consolidation/target"), "mosaic-plugin-consolidation-");
    }

    static Path marketData() {
        return find(ROOT.resolve("plugins/market-data/target"), "mosaic-plugin-market-data-");
    }

    static Path valuationAlerts() {
        return find(ROOT.resolve("plugins/apps/valuation-alerts/target"), "mosaic-plugin-valuation-alerts-");
    }

    private static Path find(Path dir, String prefix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar")
                            && !p.toString().endsWith("-tests.jar") && !p.toString().endsWith("-sources.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + dir + ": build the plugins first"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": build the plugins first (./mosaic build)", e);
        }
    }
}
