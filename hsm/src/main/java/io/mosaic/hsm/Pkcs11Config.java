package io.mosaic.hsm;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One PKCS#11 token: the module (library) that drives it, the token's label, and where its user PIN comes from.
 * The slot is looked up by label when the token is opened (slot ids of SoftHSM2 and of many HSMs change when
 * tokens are added).
 *
 * @param library    the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param tokenLabel the token's label, as given to {@code softhsm2-util --init-token --label}
 * @param pin        the user PIN
 */
public record Pkcs11Config(Path library, String tokenLabel, PinSource pin) {
    public static final Path SOFTHSM2_LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    public Pkcs11Config {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(tokenLabel, "tokenLabel");
        Objects.requireNonNull(pin, "pin");
        if (tokenLabel.isBlank() || tokenLabel.length() > 32) {
            throw new IllegalArgumentException("token label '" + tokenLabel + "' must be 1 to 32 characters");
        }
    }
}
