package io.mosaic.runtime;

import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.KeyService;
import io.mosaic.hsm.Pkcs11KeyService;
import io.mosaic.hsm.Signer;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The keys that sign a tenant's audit checkpoints, and the check of their signatures. With keys in an HSM
 * ({@link Pkcs11KeyService}) the tenant's high-value ECDSA P-256 key in the first token signs
 * ({@code <tenant>/hv/v1}); with the software key store, an Ed25519 key of the tenant kept wrapped under its
 * key-encryption key ({@code <tenant>/platform:audit-checkpoints/sig/v1}). Either way, whoever can only write the
 * journal cannot sign.
 */
public interface AuditCheckpointKeys {

    /** The signer of the tenant's checkpoints; its key is created on first use. */
    Signer signer(String tenant);

    /**
     * Checks that {@code signature} is a signature of {@code data} by {@code key}, and that {@code key} is a key that
     * signs audit checkpoints of {@code tenant}.
     *
     * @return empty when it is, else why not (a sentence without the checkpoint's name)
     */
    Optional<String> check(String tenant, KeyRef key, byte[] data, byte[] signature);

    /** The keys of {@code keys}: its high-value signer when it is an HSM, else its own signing keys. */
    static AuditCheckpointKeys of(KeyService keys, Clock clock) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(clock, "clock");
        SoftwareCheckpointKeys software = new SoftwareCheckpointKeys(keys);
        return keys instanceof Pkcs11KeyService hsm ? new HsmCheckpointKeys(hsm, clock, software) : software;
    }

    /**
     * As {@link #of}, for a key service opened after the audit trail (the key service reports its own events to the
     * trail): resolved on first use.
     *
     * @throws IllegalStateException on use while {@code keys} still supplies null
     */
    static AuditCheckpointKeys later(Supplier<KeyService> keys, Clock clock) {
        return new LaterCheckpointKeys(keys, clock);
    }
}
