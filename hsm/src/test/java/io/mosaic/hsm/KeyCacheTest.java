package io.mosaic.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** After expiry, eviction or shredding nothing of a key stays in memory the cache owns. */
class KeyCacheTest {
    private static final KeyRef REF = KeyRef.dataKey("demo", "client-1", 1);

    private static byte[] key() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x5a);
        return key;
    }

    @Test
    void expiredEntry_isZeroedBySweep_withoutAnyoneAskingForIt() {
        SoftwareKeyServiceTest.MutableClock clock = new SoftwareKeyServiceTest.MutableClock();
        KeyCache cache = new KeyCache(new CachePolicy(Duration.ofMinutes(5), 1_000, 100), clock);
        byte[] key = key();
        cache.put(REF, new KeyCache.DataKey(key), true).close();

        clock.advance(Duration.ofMinutes(5));
        assertThat(cache.sweepExpired()).isEqualTo(1);

        assertThat(key).containsOnly(0);
        assertThat(cache.size()).isZero();
        assertThat(cache.current("demo", REF.name())).isEmpty();
    }

    @Test
    void usedUpEntry_isZeroedWhenItIsNextAskedFor() {
        KeyCache cache = new KeyCache(new CachePolicy(Duration.ofMinutes(5), 2, 100), Clock.systemUTC());
        byte[] key = key();
        cache.put(REF, new KeyCache.DataKey(key), true).close();
        cache.use(REF).orElseThrow().close();

        assertThat(cache.use(REF)).isEmpty();

        assertThat(key).containsOnly(0);
    }

    @Test
    void leasedKey_isZeroedOnlyAfterTheLastLeaseIsReleased() {
        KeyCache cache = new KeyCache(CachePolicy.defaults(), Clock.systemUTC());
        byte[] key = key();
        KeyCache.Lease creator = cache.put(REF, new KeyCache.DataKey(key), true);
        KeyCache.Lease reader = cache.use(REF).orElseThrow();

        cache.evictAll("demo", REF.name());
        assertThat(key).as("still in use by two operations").containsOnly(0x5a);
        assertThat(cache.use(REF)).as("an evicted entry cannot be leased again").isEmpty();
        creator.close();
        assertThat(key).containsOnly(0x5a);
        reader.close();

        assertThat(key).containsOnly(0);
    }

    @Test
    void evictionForSpace_andClose_zeroTheKeys() {
        KeyCache cache = new KeyCache(new CachePolicy(Duration.ofMinutes(5), 1_000, 10), Clock.systemUTC());
        byte[][] keys = new byte[20][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key();
            cache.put(KeyRef.dataKey("demo", "e-" + i, 1), new KeyCache.DataKey(keys[i]), true).close();
        }
        long zeroed = Arrays.stream(keys).filter(k -> k[0] == 0).count();
        assertThat(zeroed).isEqualTo(20 - cache.size());

        cache.clear();

        for (byte[] k : keys) {
            assertThat(k).containsOnly(0);
        }
    }

    @Test
    void signingKeySeed_isZeroedToo() {
        KeyCache cache = new KeyCache(CachePolicy.defaults(), Clock.systemUTC());
        byte[] seed = key();
        KeyRef ref = KeyRef.signingKey("demo", "custody", 1);
        cache.put(ref, new KeyCache.SigningKey(seed, new byte[32]), false).close();

        cache.evict(ref);

        assertThat(seed).containsOnly(0);
    }
}
