package io.mosaic.hsm;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which backend holds the tenant keys: the one switch between the embedded default and an HSM. Read from the
 * server's {@code keys} config node ({@link #fromProperties}); see docs/keys.md.
 */
public sealed interface KeyBackendConfig {

    /** Tenant keys in a password-protected PKCS12 file (embedded default). */
    record Software(Path keyStoreFile, PinSource password) implements KeyBackendConfig {
        public Software {
            Objects.requireNonNull(keyStoreFile, "keyStoreFile");
            Objects.requireNonNull(password, "password");
        }
    }

    /** Tenant keys in one PKCS#11 token, or in a cluster when several labels are given (first = preferred). */
    record Pkcs11(Path library, List<String> tokenLabels, PinSource pin) implements KeyBackendConfig {
        public Pkcs11 {
            Objects.requireNonNull(library, "library");
            Objects.requireNonNull(pin, "pin");
            tokenLabels = List.copyOf(tokenLabels);
            if (tokenLabels.isEmpty()) {
                throw new IllegalArgumentException("keys.pkcs11.tokens names no token");
            }
        }

        public List<Pkcs11Config> tokens() {
            return tokenLabels.stream().map(label -> new Pkcs11Config(library, label, pin)).toList();
        }
    }

    /**
     * Reads the flattened {@code keys} node:
     * <pre>
     * backend = software | pkcs11                       (default software)
     * software.key-store = var/keys/tenants.p12          (default)
     * software.password-env = MOSAIC_KEYSTORE_PASSWORD   (default; or software.password-file = /run/secrets/...)
     * pkcs11.library = /usr/lib/softhsm/libsofthsm2.so   (default)
     * pkcs11.tokens = mosaic-1,mosaic-2                  (required; one label = one token, several = a cluster)
     * pkcs11.pin-env = MOSAIC_HSM_PIN                    (default; or pkcs11.pin-file = /run/secrets/hsm-pin)
     * </pre>
     */
    static KeyBackendConfig fromProperties(Map<String, String> keys) {
        String backend = keys.getOrDefault("backend", "software").strip();
        return switch (backend) {
            case "software" -> new Software(Path.of(keys.getOrDefault("software.key-store", "var/keys/tenants.p12")),
                    secret(keys, "software.password", "MOSAIC_KEYSTORE_PASSWORD"));
            case "pkcs11" -> {
                String tokens = keys.get("pkcs11.tokens");
                if (tokens == null || tokens.isBlank()) {
                    throw new IllegalArgumentException("keys.pkcs11.tokens is required with keys.backend = pkcs11 "
                            + "(the label of the token, or a comma-separated list for a cluster)");
                }
                yield new Pkcs11(Path.of(keys.getOrDefault("pkcs11.library",
                        Pkcs11Config.SOFTHSM2_LIBRARY.toString())),
                        Arrays.stream(tokens.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                        secret(keys, "pkcs11.pin", "MOSAIC_HSM_PIN"));
            }
            default -> throw new IllegalArgumentException("keys.backend '" + backend
                    + "' is not a key backend (expected software or pkcs11)");
        };
    }

    private static PinSource secret(Map<String, String> keys, String prefix, String defaultVariable) {
        String file = keys.get(prefix + "-file");
        if (file != null && !file.isBlank()) {
            return PinSource.file(Path.of(file.strip()));
        }
        return PinSource.environment(keys.getOrDefault(prefix + "-env", defaultVariable).strip());
    }
}
