package io.mosaic.hsm;

import java.time.Duration;
import java.util.Objects;

/**
 * How long unwrapped keys (data keys, signing keys) stay in memory: an entry is dropped when it is older than
 * {@code maxAge} or has served {@code maxUses} operations, whichever comes first; at most {@code maxEntries} keys
 * are held at once.
 */
public record CachePolicy(Duration maxAge, long maxUses, int maxEntries) {

    public CachePolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("cache maxAge must be positive, was " + maxAge);
        }
        if (maxUses < 1) {
            throw new IllegalArgumentException("cache maxUses must be 1 or more, was " + maxUses);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache maxEntries must be 1 or more, was " + maxEntries);
        }
    }

    /** 5 minutes, 100,000 uses, 10,000 keys. */
    public static CachePolicy defaults() {
        return new CachePolicy(Duration.ofMinutes(5), 100_000, 10_000);
    }
}
