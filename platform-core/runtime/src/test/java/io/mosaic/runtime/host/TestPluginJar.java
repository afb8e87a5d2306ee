package io.mosaic.runtime.host;

import io.mosaic.sdk.MosaicPlugin;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds a real plugin jar at test time: compiles the Java sources under {@code src/test/resources/host/<name>/}
 * against the SDK (with {@code ${version}} replaced), and packs them with {@code mosaic-plugin.yaml},
 * {@code policy.yaml} and the MANIFEST headers of an OSGi bundle or a PF4J plugin.
 */
final class TestPluginJar {
    private static final Path COMPILED = Path.of("target", "host-test-plugins");
    private static final Map<String, Path> CLASSES = new ConcurrentHashMap<>();

    private final String name;
    private String version = "1.0.0";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> textFiles = new LinkedHashMap<>();
    private String yaml;
    private boolean withYaml = true;
    private boolean withSdkCopy;

    private TestPluginJar(String name) {
        this.name = name;
    }

    /** The domain plugin of {@code host/domain-plugin}, packed as an OSGi bundle. */
    static TestPluginJar domain() {
        return new TestPluginJar("domain-plugin").bundleHeaders("io.mosaic.test.domain");
    }

    /** The app of {@code host/app-plugin}, packed as a PF4J plugin. */
    static TestPluginJar app() {
        return new TestPluginJar("app-plugin").pluginHeaders("test-app");
    }

    TestPluginJar version(String value) {
        this.version = value;
        if (headers.containsKey("Bundle-Version")) {
            headers.put("Bundle-Version", value);
        }
        if (headers.containsKey("Plugin-Version")) {
            headers.put("Plugin-Version", value);
        }
        return this;
    }

    TestPluginJar header(String header, String value) {
        headers.put(header, value);
        return this;
    }

    TestPluginJar withoutHeader(String header) {
        headers.remove(header);
        return this;
    }

    /** Replaces the plugin's {@code mosaic-plugin.yaml} ({@code ${version}} is replaced). */
    TestPluginJar yaml(String text) {
        this.yaml = text;
        return this;
    }

    /** Replaces one line of the default {@code mosaic-plugin.yaml}, e.g. the entry class. */
    TestPluginJar yamlLine(String prefix, String line) {
        String original = yaml != null ? yaml : resourceText(name + "/" + ManifestReader.MANIFEST_FILE);
        this.yaml = String.join("\n", original.lines().map(l -> l.startsWith(prefix) ? line : l).toList()) + "\n";
        return this;
    }

    TestPluginJar withoutYaml() {
        this.withYaml = false;
        return this;
    }

    TestPluginJar file(String path, String text) {
        textFiles.put(path, text);
        return this;
    }

    /** Also packs the SDK's own class files, as a careless plugin build would. */
    TestPluginJar withSdkCopy() {
        this.withSdkCopy = true;
        return this;
    }

    private TestPluginJar bundleHeaders(String symbolicName) {
        headers.put("Bundle-ManifestVersion", "2");
        headers.put("Bundle-SymbolicName", symbolicName);
        headers.put("Bundle-Version", version);
        headers.put("Import-Package", "io.mosaic.sdk;version=\"[0.1,1)\"");
        // As bnd writes it for --release 21: the framework must offer this execution environment.
        headers.put("Require-Capability", "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=21))\"");
        return this;
    }

    private TestPluginJar pluginHeaders(String pluginId) {
        headers.put("Plugin-Id", pluginId);
        headers.put("Plugin-Version", version);
        headers.put("Plugin-Provider", "Mosaic tests");
        return this;
    }

    /** Writes the jar into {@code dir} and returns its path. */
    Path build(Path dir, String fileName) {
        Path classes = CLASSES.computeIfAbsent(name + "@" + version, key -> compile());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((header, value) -> manifest.getMainAttributes().putValue(header, value));
        Path jar = dir.resolve(fileName);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            addTree(jarOut, classes);
            if (withSdkCopy) {
                addTree(jarOut, sdkLocation());
            }
            if (withYaml) {
                String text = yaml != null ? yaml : resourceText(name + "/" + ManifestReader.MANIFEST_FILE);
                addText(jarOut, ManifestReader.MANIFEST_FILE, text.replace("${version}", version));
            }
            addText(jarOut, "policy.yaml", resourceText(name + "/policy.yaml"));
            for (Map.Entry<String, String> file : textFiles.entrySet()) {
                addText(jarOut, file.getKey(), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    private Path compile() {
        try {
            Path sources = resourceDir(name);
            Path work = COMPILED.resolve(name + "-" + version);
            Path src = work.resolve("src");
            Path out = work.resolve("classes");
            Files.createDirectories(src);
            Files.createDirectories(out);
            List<Path> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Path target = src.resolve(sources.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, Files.readString(file).replace("${version}", version));
                    files.add(target);
                }
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
                List<String> options = List.of("--release", "21", "-proc:none", "-classpath", sdkLocation().toString(),
                        "-d", out.toString());
                boolean ok = compiler.getTask(null, fileManager, diagnostics, options, null,
                        fileManager.getJavaFileObjectsFromPaths(files)).call();
                if (!ok) {
                    throw new IllegalStateException("test plugin " + name + " does not compile: " + diagnostics.getDiagnostics()
                            .stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(Object::toString).toList());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SDK on the test class path: plugins compile against it alone. */
    static Path sdkLocation() {
        try {
            return Path.of(MosaicPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addTree(JarOutputStream jar, Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            // the SDK as a jar: copy its classes
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(root.toFile())) {
                for (var entry : java.util.Collections.list(zip.entries())) {
                    if (entry.getName().endsWith(".class")) {
                        jar.putNextEntry(new JarEntry(entry.getName()));
                        try (var in = zip.getInputStream(entry)) {
                            in.transferTo(jar);
                        }
                        jar.closeEntry();
                    }
                }
            }
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
    }

    private static void addText(JarOutputStream jar, String path, String text) throws IOException {
        jar.putNextEntry(new JarEntry(path));
        jar.write(text.getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
    }

    static String resourceText(String path) {
        try {
            return Files.readString(resourceDir(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resourceDir(String path) {
        URL url = TestPluginJar.class.getResource("/host/" + path);
        if (url == null) {
            throw new IllegalStateException("no test resource host/" + path);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
