package io.mosaic.hsm;

import java.util.Objects;

/**
 * Rotation and retirement of keys, for an operator's command or a scheduled job. Works on the backends of this
 * module ({@link SoftwareKeyService}, {@link Pkcs11KeyService}); the repository must support rotation
 * ({@link WrappedKeyRepository#keysWrappedBy}, {@link WrappedKeyRepository#replaceWrapping},
 * {@link WrappedKeyRepository#retire}).
 *
 * <pre>{@code
 * KeyRotation rotation = KeyRotation.of(keys);
 * RotationReport report = rotation.rotateTenantKey("demo");   // demo/kek/v2 made, every key re-wrapped
 * log.info(report.toString());
 * rotation.retireTenantKey(report.from().orElseThrow());      // v1 destroyed in the token
 * }</pre>
 *
 * Encryption and decryption go on while a rotation runs: keys are re-wrapped one at a time, and every version
 * stays readable until it is retired. No ciphertext is re-encrypted.
 */
public final class KeyRotation {
    private final KeyHierarchy keys;

    private KeyRotation(KeyHierarchy keys) {
        this.keys = keys;
    }

    /** @throws IllegalArgumentException for a key service that is not one of this module's backends */
    public static KeyRotation of(KeyService keyService) {
        Objects.requireNonNull(keyService, "keyService");
        if (keyService instanceof HierarchyBacked backed) {
            return new KeyRotation(backed.hierarchy());
        }
        throw new IllegalArgumentException("key service " + keyService + " does not support rotation");
    }

    /**
     * Creates the next version of the tenant's key-encryption key (in the token, or by ceremony on every token of
     * a cluster), makes it current and re-wraps every data and signing key of the tenant under it.
     */
    public RotationReport rotateTenantKey(String tenant) {
        return keys.rotateTenantKey(tenant);
    }

    /** Re-wraps what an interrupted tenant key rotation left under older versions. */
    public RotationReport completeTenantKeyRotation(String tenant) {
        return keys.completeRotation(tenant);
    }

    /** New data of the entity is encrypted under a new data key version; old data stays readable. */
    public RotationReport rotateDataKey(String tenant, String entity) {
        return keys.rotateDataKey(tenant, entity);
    }

    /** Destroys an old tenant key-encryption key version once nothing is wrapped by it any more. */
    public void retireTenantKey(KeyRef kek) {
        keys.retireTenantKey(kek);
    }

    /** Destroys an old data key version: what was encrypted under it becomes unreadable. */
    public void retireDataKey(KeyRef dataKey) {
        keys.retireDataKey(dataKey);
    }
}
