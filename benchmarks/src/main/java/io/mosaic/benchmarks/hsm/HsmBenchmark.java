package io.mosaic.benchmarks.hsm;

import io.mosaic.hsm.CachePolicy;
import io.mosaic.hsm.Encrypted;
import io.mosaic.hsm.HighValueSigner;
import io.mosaic.hsm.InMemoryWrappedKeyRepository;
import io.mosaic.hsm.KeyService;
import io.mosaic.hsm.KeyServiceMetrics;
import io.mosaic.hsm.PinSource;
import io.mosaic.hsm.Pkcs11Config;
import io.mosaic.hsm.Pkcs11KeyService;
import io.mosaic.hsm.Pkcs11Token;
import io.mosaic.hsm.Signer;
import io.mosaic.hsm.SoftwareKeyService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Key service numbers on SoftHSM2 (PKCS#11) against the software backend in the same run:
 * calls into the token per 10,000 encrypted events for 100 entities, data-key protect/unprotect per second, ECDSA
 * P-256 signs in the token, Ed25519 sign/verify in software. Not JMH: it needs its own SoftHSM2 token folder, and
 * SoftHSM2 reads SOFTHSM2_CONF once per process, so without it set the harness prepares a token in
 * {@code target/hsm-bench} and runs itself again as a child JVM with the variable set.
 *
 * <pre>java -cp $(cat benchmarks/target/classpath.txt):benchmarks/target/classes io.mosaic.benchmarks.hsm.HsmBenchmark</pre>
 */
public final class HsmBenchmark {
    private static final String LABEL = "bench";
    private static final char[] PIN = "bench-pin".toCharArray();
    private static final byte[] AAD = "tenant|entity|event|type".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EVENT = new byte[1024];

    private HsmBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getenv("SOFTHSM2_CONF") == null) {
            System.exit(relaunch());
        }
        Path dir = Path.of(System.getProperty("bench.dir", "target/hsm-bench")).toAbsolutePath();
        Pkcs11Config token = new Pkcs11Config(Pkcs11Config.SOFTHSM2_LIBRARY, LABEL, PinSource.of(PIN));
        List<String> rows = new ArrayList<>();
        try (KeyService software = SoftwareKeyService.open(dir.resolve("keys.p12"), "bench".toCharArray(),
                new InMemoryWrappedKeyRepository(), Clock.systemUTC());
             Pkcs11KeyService hsm = Pkcs11KeyService.open(token, new InMemoryWrappedKeyRepository(),
                     Clock.systemUTC())) {
            for (var backend : List.of(new Named("software", software), new Named("SoftHSM2", hsm))) {
                rows.add(tokenCallsPer10kEvents(backend));
            }
            for (var backend : List.of(new Named("software", software), new Named("SoftHSM2", hsm))) {
                rows.add(protect(backend));
            }
            rows.add(unprotect("software", SoftwareKeyService.open(dir.resolve("keys.p12"), "bench".toCharArray(),
                    new InMemoryWrappedKeyRepository(), Clock.systemUTC(), new CachePolicy(Duration.ofMinutes(5), 1,
                            10_000))));
            rows.add(unprotect("SoftHSM2", Pkcs11KeyService.open(token, new InMemoryWrappedKeyRepository(),
                    Clock.systemUTC(), new CachePolicy(Duration.ofMinutes(5), 1, 10_000),
                    event -> { })));
            rows.add(ed25519(software));
            try (Pkcs11Token signingToken = Pkcs11Token.open(token)) {
                HighValueSigner signer = HighValueSigner.open(signingToken, Clock.systemUTC());
                signer.createKey("bench");
                rows.add(rate("ECDSA P-256 sign in the token (HighValueSigner)", "SoftHSM2",
                        i -> signer.sign("bench", EVENT)));
            }
        }
        System.out.println("| measurement | backend | result |");
        System.out.println("|---|---|---|");
        rows.forEach(System.out::println);
    }

    private record Named(String name, KeyService keys) {
        KeyServiceMetrics metrics() {
            return keys instanceof Pkcs11KeyService p ? p.metrics() : ((SoftwareKeyService) keys).metrics();
        }
    }

    private static String tokenCallsPer10kEvents(Named backend) {
        String tenant = "calls-" + backend.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        backend.keys().createTenantKey(tenant);
        long start = backend.metrics().tokenCalls();
        for (int i = 0; i < 10_000; i++) {
            backend.keys().encrypt(tenant, "entity-" + (i % 100), EVENT, AAD);
        }
        long cold = backend.metrics().tokenCalls() - start;
        long warmStart = backend.metrics().tokenCalls();
        for (int i = 0; i < 10_000; i++) {
            backend.keys().encrypt(tenant, "entity-" + (i % 100), EVENT, AAD);
        }
        long warm = backend.metrics().tokenCalls() - warmStart;
        return "| calls into the key store per 10,000 events, 100 entities (new entities / keys cached) | "
                + backend.name() + " | " + cold + " / " + warm + " |";
    }

    /** protect = a new entity's first encrypt: generate a data key and wrap it under the tenant key. */
    private static String protect(Named backend) {
        String tenant = "protect-" + backend.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        backend.keys().createTenantKey(tenant);
        return rate("data-key protect (new data key, wrapped under the tenant key)", backend.name(),
                i -> backend.keys().encrypt(tenant, "new-" + i, AAD, AAD));
    }

    /** unprotect = decrypt with a cache that allows one use, so every decrypt unwraps the data key. */
    private static String unprotect(String name, KeyService keys) {
        try (keys) {
            keys.createTenantKey("unprotect");
            Encrypted encrypted = keys.encrypt("unprotect", "client", EVENT, AAD);
            return rate("data-key unprotect (unwrap, cache off)", name, i -> keys.decrypt(encrypted, AAD));
        }
    }

    private static String ed25519(KeyService keys) {
        keys.createTenantKey("ed");
        Signer signer = keys.signer("ed", "custody");
        byte[] signature = signer.sign(EVENT);
        String sign = rate("Ed25519 sign (software, key wrapped)", "software", i -> signer.sign(EVENT));
        String verify = rate("Ed25519 verify", "software", i -> keys.verify(signer.keyRef(), EVENT, signature));
        return sign + "\n" + verify;
    }

    /** Runs {@code operation} for 1 s of warm-up, then 2 s measured; one thread. */
    private static String rate(String what, String backend, IntConsumer operation) {
        int i = 0;
        long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < warmUpEnd) {
            operation.accept(i++);
        }
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(2);
        int count = 0;
        while (System.nanoTime() < end) {
            operation.accept(i++);
            count++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "| %s | %s | %,.0f ops/s (%.1f µs/op) |", what, backend, count / seconds,
                seconds * 1e6 / count);
    }

    /** Makes the token folder and config, initialises the token, and runs this class again with SOFTHSM2_CONF. */
    private static int relaunch() throws IOException, InterruptedException {
        Path dir = Path.of("target", "hsm-bench").toAbsolutePath();
        Path tokens = dir.resolve("tokens");
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(tokens);
        Path conf = dir.resolve("softhsm2.conf");
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                + "log.level = ERROR\n");
        ProcessBuilder init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", LABEL,
                "--so-pin", "bench-so-pin", "--pin", new String(PIN)).inheritIO();
        init.environment().put("SOFTHSM2_CONF", conf.toString());
        if (init.start().waitFor() != 0) {
            throw new IOException("softhsm2-util --init-token failed; is softhsm2 installed (./mosaic test does)?");
        }
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dbench.dir=" + dir, "-cp", System.getProperty("java.class.path"), HsmBenchmark.class.getName())
                .inheritIO();
        child.environment().put("SOFTHSM2_CONF", conf.toString());
        return child.start().waitFor();
    }
}
