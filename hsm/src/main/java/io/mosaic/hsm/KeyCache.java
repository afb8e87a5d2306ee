package io.mosaic.hsm;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.SecretKey;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Unwrapped keys in memory, bounded by age, uses and count ({@link CachePolicy}). Also remembers which version is
 * the current one of a data key, so the hot path of {@code encrypt} touches no repository. Thread-safe.
 */
final class KeyCache {

    sealed interface Material permits DataKey, SigningKey {
    }

    record DataKey(SecretKey key) implements Material {
    }

    record SigningKey(Ed25519PrivateKeyParameters key) implements Material {
    }

    private static final class Entry {
        final Material material;
        final long loadedAtMillis;
        final AtomicLong uses = new AtomicLong();

        Entry(Material material, long loadedAtMillis) {
            this.material = material;
            this.loadedAtMillis = loadedAtMillis;
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

    /** The key for one use, counting a hit; empty (and the stale entry dropped) when absent or used up. */
    Optional<Material> use(KeyRef ref) {
        Optional<Material> material = take(ref);
        if (material.isPresent()) {
            hits.increment();
        }
        return material;
    }

    /** Like {@link #use} without counting: for the re-check after taking the loading lock. */
    Optional<Material> take(KeyRef ref) {
        Entry entry = entries.get(ref);
        if (entry == null) {
            return Optional.empty();
        }
        if (clock.millis() - entry.loadedAtMillis >= maxAgeMillis
                || entry.uses.incrementAndGet() > policy.maxUses()) {
            remove(ref, entry);
            return Optional.empty();
        }
        return Optional.of(entry.material);
    }

    void recordMiss() {
        misses.increment();
    }

    Optional<KeyRef> current(String tenant, String name) {
        return Optional.ofNullable(current.get(qualified(tenant, name)));
    }

    /** Holds {@code material} for {@code ref}, already used once; {@code isCurrent} marks the version to encrypt with. */
    void put(KeyRef ref, Material material, boolean isCurrent) {
        Entry entry = new Entry(material, clock.millis());
        entry.uses.set(1);
        entries.put(ref, entry);
        if (isCurrent) {
            current.put(qualified(ref.tenant(), ref.name()), ref);
        }
        if (entries.size() > policy.maxEntries()) {
            shrink();
        }
    }

    /** Marks a cached key as the version to encrypt with. */
    void markCurrent(KeyRef ref) {
        if (entries.containsKey(ref)) {
            current.put(qualified(ref.tenant(), ref.name()), ref);
        }
    }

    /** Drops every version of {@code tenant/name}. */
    void evictAll(String tenant, String name) {
        current.remove(qualified(tenant, name));
        entries.keySet().removeIf(ref -> ref.tenant().equals(tenant) && ref.name().equals(name));
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
        entries.clear();
    }

    /** Drops stale entries, then the oldest, down to 90% of the bound, so a full cache does not sort per put. */
    private void shrink() {
        long now = clock.millis();
        entries.forEach((ref, entry) -> {
            if (now - entry.loadedAtMillis >= maxAgeMillis || entry.uses.get() >= policy.maxUses()) {
                remove(ref, entry);
            }
        });
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

    private void remove(KeyRef ref, Entry entry) {
        if (entries.remove(ref, entry)) {
            current.remove(qualified(ref.tenant(), ref.name()), ref);
        }
    }

    private static String qualified(String tenant, String name) {
        return tenant + "/" + name;
    }
}
