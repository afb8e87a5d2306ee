package io.mosaic.hsm;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Unwrapped keys in memory, bounded by age, uses and count ({@link CachePolicy}). Also remembers which version is
 * the current one of a data key, so the hot path of {@code encrypt} touches no repository. Thread-safe.
 *
 * <p>An entry owns its raw key bytes (its own array, never handed to a JCA object that keeps it) and zeroes them
 * when it leaves the cache: on expiry, when used up, when evicted for space, on shredding and on close. An
 * operation {@linkplain Lease leases} the entry for its duration, so bytes in use are zeroed only after the last
 * lease is released; a closed entry cannot be leased again.
 */
final class KeyCache {

    /** What an entry holds; the arrays belong to the entry and are zeroed when it leaves the cache. */
    sealed interface Material permits DataKey, SigningKey {
        void wipe();
    }

    /** An AES-256 data key: 32 raw bytes. */
    record DataKey(byte[] key) implements Material {
        @Override
        public void wipe() {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** An Ed25519 key: the 32-byte private seed and its 32-byte public key. */
    record SigningKey(byte[] seed, byte[] publicKey) implements Material {
        @Override
        public void wipe() {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** One operation's hold on an entry's material; release it (try-with-resources) when the operation is done. */
    static final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean released;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        Material material() {
            return entry.material;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                entry.release();
            }
        }
    }

    private static final int CLOSED = 1 << 30;

    private static final class Entry {
        final Material material;
        final long loadedAtMillis;
        final AtomicLong uses = new AtomicLong();
        /** number of leases held, plus {@link #CLOSED} once the entry left the cache */
        final AtomicInteger state = new AtomicInteger();

        Entry(Material material, long loadedAtMillis) {
            this.material = material;
            this.loadedAtMillis = loadedAtMillis;
        }

        boolean acquire() {
            while (true) {
                int s = state.get();
                if ((s & CLOSED) != 0) {
                    return false;
                }
                if (state.compareAndSet(s, s + 1)) {
                    return true;
                }
            }
        }

        void release() {
            if (state.decrementAndGet() == CLOSED) {
                material.wipe();
            }
        }

        /** Marks the entry closed; wipes at once when no lease is held, else the last release wipes. */
        void close() {
            int before = state.getAndUpdate(s -> s | CLOSED);
            if (before == 0) {
                material.wipe();
            }
        }
    }

    private final CachePolicy policy;
    private final Clock clock;
    private final long maxAgeMillis;
    private final Map<KeyRef, Entry> entries = new ConcurrentHashMap<>();
    /** tenant/name -> current version; only for keys that also have an entry. */
    private final Map<String, KeyRef> current = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    KeyCache(CachePolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
        this.maxAgeMillis = policy.maxAge().toMillis();
    }

    /** The key leased for one use, counting a hit; empty (and the stale entry dropped) when absent or used up. */
    Optional<Lease> use(KeyRef ref) {
        Optional<Lease> lease = take(ref);
        if (lease.isPresent()) {
            hits.increment();
        }
        return lease;
    }

    /** Like {@link #use} without counting: for the re-check after taking the loading lock. */
    Optional<Lease> take(KeyRef ref) {
        Entry entry = entries.get(ref);
        if (entry == null) {
            return Optional.empty();
        }
        if (clock.millis() - entry.loadedAtMillis >= maxAgeMillis
                || entry.uses.incrementAndGet() > policy.maxUses()) {
            remove(ref, entry);
            return Optional.empty();
        }
        if (!entry.acquire()) {
            return Optional.empty();
        }
        return Optional.of(new Lease(entry));
    }

    void recordMiss() {
        misses.increment();
    }

    Optional<KeyRef> current(String tenant, String name) {
        return Optional.ofNullable(current.get(qualified(tenant, name)));
    }

    /**
     * Takes ownership of {@code material} for {@code ref} (already used once) and returns a lease on it for the
     * caller's operation; {@code isCurrent} marks the version to encrypt with.
     */
    Lease put(KeyRef ref, Material material, boolean isCurrent) {
        Entry entry = new Entry(material, clock.millis());
        entry.uses.set(1);
        entry.acquire();
        Entry replaced = entries.put(ref, entry);
        if (replaced != null) {
            replaced.close();
        }
        if (isCurrent) {
            current.put(qualified(ref.tenant(), ref.name()), ref);
        }
        if (entries.size() > policy.maxEntries()) {
            shrink();
        }
        return new Lease(entry);
    }

    /** Marks a cached key as the version to encrypt with. */
    void markCurrent(KeyRef ref) {
        if (entries.containsKey(ref)) {
            current.put(qualified(ref.tenant(), ref.name()), ref);
        }
    }

    /** Forgets which version of {@code tenant/name} is current (after a new version was made); keeps the keys. */
    void forgetCurrent(String tenant, String name) {
        current.remove(qualified(tenant, name));
    }

    /** Drops (and wipes) every version of {@code tenant/name}. */
    void evictAll(String tenant, String name) {
        current.remove(qualified(tenant, name));
        entries.forEach((ref, entry) -> {
            if (ref.tenant().equals(tenant) && ref.name().equals(name)) {
                remove(ref, entry);
            }
        });
    }

    /** Drops (and wipes) one version. */
    void evict(KeyRef ref) {
        Entry entry = entries.get(ref);
        if (entry != null) {
            remove(ref, entry);
        }
    }

    /** Drops (and wipes) every entry that is older than {@code maxAge} or used up; returns how many. */
    int sweepExpired() {
        long now = clock.millis();
        int[] removed = {0};
        entries.forEach((ref, entry) -> {
            if (now - entry.loadedAtMillis >= maxAgeMillis || entry.uses.get() >= policy.maxUses()) {
                if (remove(ref, entry)) {
                    removed[0]++;
                }
            }
        });
        return removed[0];
    }

    Set<KeyRef> refs() {
        return Set.copyOf(entries.keySet());
    }

    int size() {
        return entries.size();
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    void clear() {
        current.clear();
        entries.forEach(this::remove);
    }

    /** Drops stale entries, then the oldest, down to 90% of the bound, so a full cache does not sort per put. */
    private void shrink() {
        sweepExpired();
        int target = Math.max(1, policy.maxEntries() - policy.maxEntries() / 10);
        int excess = entries.size() - target;
        if (excess <= 0) {
            return;
        }
        List<Map.Entry<KeyRef, Entry>> oldestFirst = new ArrayList<>(entries.entrySet());
        oldestFirst.sort(Comparator.comparingLong(e -> e.getValue().loadedAtMillis));
        for (int i = 0; i < excess && i < oldestFirst.size(); i++) {
            remove(oldestFirst.get(i).getKey(), oldestFirst.get(i).getValue());
        }
    }

    private boolean remove(KeyRef ref, Entry entry) {
        if (entries.remove(ref, entry)) {
            current.remove(qualified(ref.tenant(), ref.name()), ref);
            entry.close();
            return true;
        }
        return false;
    }

    private static String qualified(String tenant, String name) {
        return tenant + "/" + name;
    }
}
