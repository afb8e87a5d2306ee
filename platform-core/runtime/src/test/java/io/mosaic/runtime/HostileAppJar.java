package io.mosaic.runtime;

import io.mosaic.sdk.MosaicPlugin;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds the deliberately hostile app of {@code src/test/resources/isolated/hostile-app/} at test time: compiles its
 * sources against the SDK alone and packs them with its {@code mosaic-plugin.yaml} and {@code policy.yaml}.
 */
final class HostileAppJar {
    private HostileAppJar() {
    }

    static Path build(Path dir) throws IOException, URISyntaxException {
        return build(dir, "");
    }

    /** With {@code config} (YAML lines) appended to its manifest, e.g. what it should probe. */
    static Path build(Path dir, String config) throws IOException, URISyntaxException {
        Path sources = Path.of(HostileAppJar.class.getResource("/isolated/hostile-app").toURI());
        Path classes = Files.createDirectories(dir.resolve("hostile-classes"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        Path sdk = Path.of(MosaicPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(null, fm, diagnostics, List.of("--release", "21", "-proc:none", "-classpath",
                    sdk.toString(), "-d", classes.toString()), null, fm.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                throw new IllegalStateException("the hostile app does not compile: " + diagnostics.getDiagnostics().stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(Object::toString).toList());
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Plugin-Id", "hostile");
        manifest.getMainAttributes().putValue("Plugin-Version", "1.0.0");
        manifest.getMainAttributes().putValue("Plugin-Provider", "Mosaic tests");
        Path jar = dir.resolve("hostile-1.0.0.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                    jarOut.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, jarOut);
                    jarOut.closeEntry();
                }
            }
            for (String text : List.of("mosaic-plugin.yaml", "policy.yaml")) {
                jarOut.putNextEntry(new JarEntry(text));
                String content = Files.readString(sources.resolve(text));
                jarOut.write((text.equals("mosaic-plugin.yaml") ? content + config : content).getBytes(StandardCharsets.UTF_8));
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
