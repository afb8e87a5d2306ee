package io.mosaic.runtime;

import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.KeyService;
import io.mosaic.hsm.Signer;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Audit checkpoints signed with an Ed25519 key of the tenant that the key service keeps wrapped under the tenant's
 * key-encryption key ({@code <tenant>/platform:audit-checkpoints/sig/vN}; a plugin id cannot contain ':').
 *
 * <p>The key service verifies with the public key stored beside the wrapped private key, in the same database as the
 * journal. So before the first signature by a key is trusted, the key proves that it holds the private key of that
 * public key: it signs a random challenge, which needs the key-encryption key, and the stored public key must verify it.
 * A public key swapped in the key table is caught there.
 */
final class SoftwareCheckpointKeys implements AuditCheckpointKeys {
    static final String INSTALLATION = "platform:audit-checkpoints";

    private final KeyService keys;
    private final SecureRandom random = new SecureRandom();
    private final Set<KeyRef> proven = ConcurrentHashMap.newKeySet();

    SoftwareCheckpointKeys(KeyService keys) {
        this.keys = keys;
    }

    @Override
    public Signer signer(String tenant) {
        return keys.signer(tenant, INSTALLATION);
    }

    @Override
    public Optional<String> check(String tenant, KeyRef key, byte[] data, byte[] signature) {
        if (!key.tenant().equals(tenant) || !key.name().equals(KeyRef.signingKey(tenant, INSTALLATION, 1).name())) {
            return Optional.of("it is signed by " + key + ", which is not an audit checkpoint key of tenant " + tenant);
        }
        if (!keys.verify(key, data, signature)) {
            return Optional.of("its signature by " + key + " does not verify");
        }
        return proveHeld(tenant, key);
    }

    private Optional<String> proveHeld(String tenant, KeyRef key) {
        if (proven.contains(key)) {
            return Optional.empty();
        }
        Signer current = keys.signer(tenant, INSTALLATION);
        if (!current.keyRef().equals(key)) {
            return Optional.of("it is signed by " + key + ", but the tenant's audit checkpoint key is now "
                    + current.keyRef() + " (the older key cannot prove that it is genuine)");
        }
        byte[] challenge = new byte[32];
        random.nextBytes(challenge);
        if (!keys.verify(key, challenge, current.sign(challenge))) {
            return Optional.of("the stored public key of " + key + " does not belong to its private key"
                    + " (the key table was altered)");
        }
        proven.add(key);
        return Optional.empty();
    }
}
