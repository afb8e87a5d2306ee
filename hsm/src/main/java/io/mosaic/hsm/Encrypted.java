package io.mosaic.hsm;

import java.util.Objects;

/** A ciphertext and the key version that made it. */
public record Encrypted(KeyRef keyRef, byte[] ciphertext) {
    public Encrypted {
        Objects.requireNonNull(keyRef, "keyRef");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }
}
