package io.mosaic.hsm;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The SoftHSM2 tokens of this module's tests, in {@code target/softhsm/tokens} (never the system token directory).
 * SoftHSM2 reads {@code SOFTHSM2_CONF} once per process, so surefire sets it (see pom.xml) and every token is
 * initialised here, once per JVM, before the first provider loads the library.
 */
final class SoftHsmFixture {
    static final String CONTRACT = "contract";
    static final String CLUSTER_1 = "cluster-1";
    static final String CLUSTER_2 = "cluster-2";
    static final String FAILOVER_1 = "failover-1";
    static final String FAILOVER_2 = "failover-2";
    static final String SIGNING = "signing";
    static final String ROTATION = "rotation";
    static final List<String> LABELS = List.of(CONTRACT, CLUSTER_1, CLUSTER_2, FAILOVER_1, FAILOVER_2, SIGNING,
            ROTATION);
    static final char[] PIN = "4711-user".toCharArray();
    private static final String SO_PIN = "4711-security-officer";

    static final Path ROOT = Path.of("target", "softhsm").toAbsolutePath();
    static final Path CONF = ROOT.resolve("softhsm2.conf");
    static final Path TOKENS = ROOT.resolve("tokens");

    private static boolean ready;

    private SoftHsmFixture() {
    }

    static synchronized void ensureTokens() {
        if (ready) {
            return;
        }
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !Path.of(conf).toAbsolutePath().normalize().equals(CONF.normalize())) {
            fail("SOFTHSM2_CONF must be " + CONF + " (set by hsm/pom.xml for surefire), was " + conf
                    + "; run the tests with Maven");
        }
        try {
            run(List.of("softhsm2-util", "--version"));
        } catch (IOException e) {
            fail("softhsm2-util is not installed (" + e.getMessage() + "); run ./mosaic test, which installs "
                    + "softhsm2 and opensc");
        }
        try {
            deleteRecursively(TOKENS);
            Files.createDirectories(TOKENS);
            Files.writeString(CONF, "directories.tokendir = " + TOKENS + "\nobjectstore.backend = file\n"
                    + "log.level = ERROR\nslots.removable = false\n", StandardCharsets.UTF_8);
            for (String label : LABELS) {
                run(List.of("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", SO_PIN,
                        "--pin", new String(PIN)));
            }
        } catch (IOException e) {
            fail("cannot initialise the test tokens in " + TOKENS + ": " + e.getMessage());
        }
        ready = true;
    }

    static Pkcs11Config config(String label) {
        ensureTokens();
        return new Pkcs11Config(Pkcs11Config.SOFTHSM2_LIBRARY, label, PinSource.of(PIN));
    }

    /** The folder of a token: SoftHSM2 names it by a UUID whose last 16 hex digits are the token's serial. */
    static Path tokenDirectory(String label) throws IOException {
        String slots = run(List.of("softhsm2-util", "--show-slots"));
        String serial = null;
        String lastSerial = null;
        for (String line : slots.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("Serial number:")) {
                lastSerial = trimmed.substring("Serial number:".length()).strip();
            } else if (trimmed.startsWith("Label:") && trimmed.substring("Label:".length()).strip().equals(label)) {
                serial = lastSerial;
            }
        }
        if (serial == null) {
            throw new IOException("no token labelled " + label);
        }
        String wanted = serial;
        try (Stream<Path> dirs = Files.list(TOKENS)) {
            return dirs.filter(d -> d.getFileName().toString().replace("-", "").endsWith(wanted)).findFirst()
                    .orElseThrow(() -> new IOException("no folder for token " + label + " (serial " + wanted + ")"));
        }
    }

    /**
     * Runs a tool and returns its standard output. Its standard error goes to a file of its own: merged, a warning
     * (pkcs11-tool prints one for every sensitive attribute) can land in the middle of an output line.
     */
    static String run(List<String> command) throws IOException {
        Path errors = Files.createTempFile("softhsm-tool", ".err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output + Files.readString(errors));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        } finally {
            Files.deleteIfExists(errors);
        }
        return output;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
