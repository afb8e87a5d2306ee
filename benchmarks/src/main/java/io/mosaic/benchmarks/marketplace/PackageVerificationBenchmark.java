package io.mosaic.benchmarks.marketplace;

import io.mosaic.marketplace.packaging.InMemoryPublisherRegistry;
import io.mosaic.marketplace.packaging.PackageSigner;
import io.mosaic.marketplace.packaging.PackageVerifier;
import io.mosaic.marketplace.packaging.PublisherKeys;
import io.mosaic.marketplace.packaging.Verification;
import io.mosaic.runtime.host.ManifestReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Verification of a marketplace package of 1 MiB (a jar with a manifest and 1 MiB of incompressible data, and its
 * detached CMS signature, ECDSA P-256 over SHA-256).
 * <ul>
 * <li>{@code verifyPackage} (the figure): {@link PackageVerifier#verify}: parse the CMS, find the publisher's key,
 * hash the jar, verify the signature, read and check the manifest.</li>
 * <li>{@code sha256OfJar} (baseline): only reading and hashing the same file with the JDK's SHA-256, the floor any
 * verification over the jar's bytes pays.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class PackageVerificationBenchmark {
    private static final String PUBLISHER = "Benchmark Publisher AG";

    private Path dir;
    private Path jar;
    private PackageVerifier verifier;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("package-bench");
        jar = dir.resolve("bench-app-1.0.0.jar");
        writeJar(jar, 1 << 20);
        PublisherKeys keys = PublisherKeys.generate(PUBLISHER, Instant.now().minus(Duration.ofDays(1)),
                Duration.ofDays(30));
        new PackageSigner(keys).sign(jar);
        InMemoryPublisherRegistry registry = new InMemoryPublisherRegistry();
        registry.register(PUBLISHER, keys.certificate());
        verifier = new PackageVerifier(registry, new ManifestReader()::read, Clock.systemUTC());
        if (!(verifier.verify(jar) instanceof Verification.Verified)) {
            throw new IllegalStateException("the benchmark package does not verify: " + verifier.verify(jar));
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Benchmark
    public Verification verifyPackage() {
        return verifier.verify(jar);
    }

    @Benchmark
    public byte[] sha256OfJar() throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(jar)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return digest.digest();
    }

    private static void writeJar(Path file, int paddingBytes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Plugin-Id", "bench-app");
        manifest.getMainAttributes().putValue("Plugin-Version", "1.0.0");
        String yaml = """
                id: bench-app
                version: 1.0.0
                publisher: %s
                kind: app
                domain: bench-app
                entry-class: io.mosaic.bench.BenchApp
                consumes: [assets.ValuationRecorded]
                publishes: [bench-app.Result]
                scopes:
                  - scope: assets.valuations.read
                    reason: "benchmark"
                """.formatted(PUBLISHER);
        byte[] padding = new byte[paddingBytes];
        new Random(7).nextBytes(padding);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry("mosaic-plugin.yaml"));
            jarOut.write(yaml.getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
            jarOut.putNextEntry(new JarEntry("data/padding.bin"));
            jarOut.write(padding);
            jarOut.closeEntry();
        }
    }
}
