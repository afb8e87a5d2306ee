package io.mosaic.runtime;

import io.mosaic.hsm.HighValueSigner;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.Pkcs11KeyService;
import io.mosaic.hsm.Signer;

import java.time.Clock;
import java.util.Optional;

/**
 * Audit checkpoints signed inside the HSM with the tenant's high-value ECDSA P-256 key ({@link HighValueSigner},
 * first token; the key is created there on first use). Checkpoints signed before the keys moved into the HSM (by the
 * software Ed25519 checkpoint key) are checked as before.
 */
final class HsmCheckpointKeys implements AuditCheckpointKeys {
    /** The name of {@link HighValueSigner}'s keys ({@code <tenant>/hv/v1}). */
    private static final String HIGH_VALUE_KEY = "hv";

    private final HighValueSigner highValue;
    private final SoftwareCheckpointKeys earlier;

    HsmCheckpointKeys(Pkcs11KeyService hsm, Clock clock, SoftwareCheckpointKeys earlier) {
        this.highValue = HighValueSigner.open(hsm.tokens().getFirst(), clock);
        this.earlier = earlier;
    }

    @Override
    public Signer signer(String tenant) {
        KeyRef key = highValue.createKey(tenant);
        return new Signer() {
            @Override
            public KeyRef keyRef() {
                return key;
            }

            @Override
            public byte[] sign(byte[] data) {
                return highValue.sign(tenant, data).signature();
            }
        };
    }

    @Override
    public Optional<String> check(String tenant, KeyRef key, byte[] data, byte[] signature) {
        if (highValue.key(tenant).filter(key::equals).isPresent()) {
            return highValue.verify(key, data, signature) ? Optional.empty()
                    : Optional.of("its signature by " + key + " does not verify with the high-value key in the HSM");
        }
        if (key.tenant().equals(tenant) && key.name().equals(HIGH_VALUE_KEY)) {
            return Optional.of("it is signed by " + key + ", which the HSM does not hold");
        }
        return earlier.check(tenant, key, data, signature);
    }
}
