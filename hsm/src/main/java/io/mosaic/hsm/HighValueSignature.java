package io.mosaic.hsm;

import java.util.Objects;

/** An ECDSA P-256 signature (DER, SHA-256) made inside the token, and the key that made it. */
public record HighValueSignature(KeyRef keyRef, byte[] signature) {
    public HighValueSignature {
        Objects.requireNonNull(keyRef, "keyRef");
        Objects.requireNonNull(signature, "signature");
    }
}
