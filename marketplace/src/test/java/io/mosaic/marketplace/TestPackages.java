package io.mosaic.marketplace;

import io.mosaic.marketplace.packaging.PackageSigner;
import io.mosaic.marketplace.packaging.PublisherKeys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Real plugin jars for tests, written with {@link JarOutputStream}: a PF4J manifest, {@code mosaic-plugin.yaml},
 * {@code policy.yaml} and a few compiled classes (taken from this test's class path), and keys to sign them.
 */
public final class TestPackages {
    public static final String ACME = "Acme Analytics AG";

    private TestPackages() {
    }

    public static PublisherKeys keys(String publisher) {
        return PublisherKeys.generate(publisher, Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(365));
    }

    public static String manifest(String app, String version, String publisher, String kind) {
        return """
                id: %s
                version: %s
                publisher: %s
                kind: %s
                domain: %s
                entry-class: io.mosaic.marketplace.TestPackages
                consumes: [custody.PositionChanged, assets.ValuationRecorded]
                publishes: [%s.ScreeningResult]
                scopes:
                  - scope: custody.positions.read
                    reason: "Screens your positions against ESG ratings"
                  - scope: assets.valuations.read
                    reason: "Includes non-bankable assets in the screening"
                """.formatted(app, version, publisher, kind, app, app);
    }

    /** An app jar of {@code app@version} by {@code publisher} in {@code dir}. */
    public static Path appJar(Path dir, String app, String version, String publisher) {
        return jar(dir.resolve(app + "-" + version + ".jar"), manifest(app, version, publisher, "app"), 0);
    }

    /** A jar with the given manifest text, padded with {@code paddingBytes} of incompressible resource. */
    public static Path jar(Path file, String manifestText, int paddingBytes) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        String id = manifestText.lines().filter(l -> l.startsWith("id: ")).findFirst().orElse("id: x").substring(4);
        String version = manifestText.lines().filter(l -> l.startsWith("version: ")).findFirst().orElse("version: 0")
                .substring(9);
        manifest.getMainAttributes().putValue("Plugin-Id", id);
        manifest.getMainAttributes().putValue("Plugin-Version", version);
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
                entry(jar, "mosaic-plugin.yaml", manifestText.getBytes(StandardCharsets.UTF_8));
                entry(jar, "policy.yaml", "rules: []\n".getBytes(StandardCharsets.UTF_8));
                for (Class<?> type : new Class<?>[]{TestPackages.class, PackageSigner.class}) {
                    String name = type.getName().replace('.', '/') + ".class";
                    try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
                        entry(jar, name, in.readAllBytes());
                    }
                }
                if (paddingBytes > 0) {
                    byte[] padding = new byte[paddingBytes];
                    new java.util.Random(42).nextBytes(padding);
                    entry(jar, "data/padding.bin", padding);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void entry(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }
}
