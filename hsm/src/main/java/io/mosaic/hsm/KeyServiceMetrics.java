package io.mosaic.hsm;

/**
 * Counters of a key service since it was opened, for export as metrics.
 *
 * @param cacheHits   operations served by an unwrapped key already in memory
 * @param cacheMisses operations that had to load (or create) the key first
 * @param unwraps     unwrap calls against the tenant key-encryption key
 * @param keysCreated data keys and signing keys generated
 * @param cachedKeys  unwrapped keys in memory now
 * @param tokenCalls  calls into the store of key-encryption keys (the HSM token in the PKCS#11 backend; the
 *                    PKCS12 file in the software backend): wraps, unwraps, key creation, lookups that reach it
 */
public record KeyServiceMetrics(long cacheHits, long cacheMisses, long unwraps, long keysCreated, int cachedKeys,
                                long tokenCalls) {

    public KeyServiceMetrics {
        if (cacheHits < 0 || cacheMisses < 0 || unwraps < 0 || keysCreated < 0 || cachedKeys < 0 || tokenCalls < 0) {
            throw new IllegalArgumentException("key service metrics cannot be negative");
        }
    }
}
