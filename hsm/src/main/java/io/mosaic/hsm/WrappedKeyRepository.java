package io.mosaic.hsm;

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
}
