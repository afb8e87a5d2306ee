package io.mosaic.hsm;

/**
 * Counters of a key service since it was opened, for export as metrics.
 *
 * @param cacheHits   operations served by an unwrapped key already in memory
 * @param cacheMisses operations that had to load (or create) the key first
 * @param unwraps     unwrap calls against the tenant key-encryption key (HSM calls, in the PKCS#11 backend)
 * @param keysCreated data keys and signing keys generated
 * @param cachedKeys  unwrapped keys in memory now
 */
public record KeyServiceMetrics(long cacheHits, long cacheMisses, long unwraps, long keysCreated, int cachedKeys) {

    public KeyServiceMetrics {
        if (cacheHits < 0 || cacheMisses < 0 || unwraps < 0 || keysCreated < 0 || cachedKeys < 0) {
            throw new IllegalArgumentException("key service metrics cannot be negative");
        }
    }
}
