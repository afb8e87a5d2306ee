package io.mosaic.hsm;

import java.util.List;
import java.util.Optional;

/**
 * Where wrapped keys live (the journal's key table in production; memory in tests). Knows which keys were
 * destroyed, so that a read of a shredded entity says "forgotten" rather than "unknown".
 */
public interface WrappedKeyRepository {

    /** Stores a new key version; fails with {@link KeyException} if that version exists. */
    void insert(WrappedKey key);

    Optional<WrappedKey> find(KeyRef ref);

    /** The highest version of {@code tenant/name}, if any and not destroyed. */
    Optional<WrappedKey> latest(String tenant, String name);

    /** Deletes every version of {@code tenant/name} and remembers that it was destroyed. */
    void destroyAll(String tenant, String name);

    boolean isDestroyed(String tenant, String name);

    // ---- rotation (the defaults refuse, so repositories written before rotation keep compiling)

    /**
     * Up to {@code limit} keys (data and signing keys, any version) whose {@code wrappedBy} is {@code kek}, in any
     * order. A rotation calls this repeatedly until it returns nothing.
     */
    default List<WrappedKey> keysWrappedBy(KeyRef kek, int limit) {
        throw new KeyException(getClass().getSimpleName() + " cannot list keys by key-encryption key, so tenant "
                + "keys cannot be rotated over it");
    }

    /**
     * Replaces the stored wrapping of {@code current.ref()} by {@code replacement} (same ref, another
     * {@code wrappedBy}) if the stored key is still wrapped by {@code current.wrappedBy()}; false when it was
     * changed, retired or destroyed meanwhile.
     */
    default boolean replaceWrapping(WrappedKey current, WrappedKey replacement) {
        throw new KeyException(getClass().getSimpleName() + " cannot replace the wrapping of " + current.ref()
                + ", so tenant keys cannot be rotated over it");
    }

    /** Deletes one version of a key for good (retirement after rotation), without marking the name destroyed. */
    default void retire(KeyRef ref) {
        throw new KeyException(getClass().getSimpleName() + " cannot retire key " + ref);
    }
}
