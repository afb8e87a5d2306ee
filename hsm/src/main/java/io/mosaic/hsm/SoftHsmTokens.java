package io.mosaic.hsm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A fresh SoftHSM2 token for a test or a local run: a token directory of its own under {@code root}, the
 * {@code softhsm2.conf} naming it, and a token initialised with {@code softhsm2-util}. SoftHSM2 reads
 * {@code SOFTHSM2_CONF} once per process, so the process must have it pointing at {@link #conf(Path)} before the
 * library is first loaded (the modules' surefire configurations set it).
 */
public final class SoftHsmTokens {
    private SoftHsmTokens() {
    }

    public static Path conf(Path root) {
        return root.toAbsolutePath().resolve("softhsm2.conf");
    }

    /**
     * Wipes {@code root/tokens}, writes the configuration, initialises a token {@code label} with user PIN {@code pin}
     * and returns the key configuration of the platform for it ({@code backend=pkcs11}, docs/keys.md).
     *
     * @throws IllegalStateException when {@code SOFTHSM2_CONF} is not {@link #conf(Path)} or the init fails
     */
    public static Map<String, String> freshToken(Path root, String label, String pin) {
        Path conf = conf(root);
        String env = System.getenv("SOFTHSM2_CONF");
        if (env == null || !Path.of(env).toAbsolutePath().equals(conf)) {
            throw new IllegalStateException("SOFTHSM2_CONF must be " + conf + " (set it for the process), was " + env);
        }
        try {
            Path tokens = root.toAbsolutePath().resolve("tokens");
            if (Files.exists(tokens)) {
                try (Stream<Path> walk = Files.walk(tokens)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(tokens);
            Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
            Path pinFile = root.toAbsolutePath().resolve("pin-" + label);
            Files.writeString(pinFile, pin);
            Process p = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin",
                    pin + "-officer", "--pin", pin).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("softhsm2-util --init-token --label " + label + " failed: " + out);
            }
            return Map.of("backend", "pkcs11", "pkcs11.library", library().toString(), "pkcs11.tokens", label,
                    "pkcs11.pin-file", pinFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a SoftHSM2 token under " + root, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while initialising a SoftHSM2 token", e);
        }
    }

    /** The SoftHSM2 PKCS#11 module of this machine (Debian package {@code softhsm2}). */
    public static Path library() {
        for (Path candidate : List.of(Pkcs11Config.SOFTHSM2_LIBRARY,
                Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"))) {
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("libsofthsm2.so not found: install the Debian package softhsm2"
                + " (./mosaic test does)");
    }
}
