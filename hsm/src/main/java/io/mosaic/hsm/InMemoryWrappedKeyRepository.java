package io.mosaic.hsm;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Wrapped keys in memory, for tests, benchmarks and the embedded default. Thread-safe. Stores and returns copies,
 * so a caller cannot change a stored key by changing an array it holds.
 */
public final class InMemoryWrappedKeyRepository implements WrappedKeyRepository {
    private final Map<String, NavigableMap<Integer, WrappedKey>> versionsByName = new HashMap<>();
    private final Set<String> destroyed = new HashSet<>();

    @Override
    public synchronized void insert(WrappedKey key) {
        Objects.requireNonNull(key, "key");
        String name = qualified(key.ref().tenant(), key.ref().name());
        if (destroyed.contains(name)) {
            throw new KeyException("key " + key.ref() + " cannot be stored: " + name + " was destroyed");
        }
        NavigableMap<Integer, WrappedKey> versions = versionsByName.computeIfAbsent(name, n -> new TreeMap<>());
        if (versions.containsKey(key.ref().version())) {
            throw new KeyException("key " + key.ref() + " already exists; a key version is never overwritten");
        }
        versions.put(key.ref().version(), copy(key));
    }

    @Override
    public synchronized Optional<WrappedKey> find(KeyRef ref) {
        Objects.requireNonNull(ref, "ref");
        NavigableMap<Integer, WrappedKey> versions = versionsByName.get(qualified(ref.tenant(), ref.name()));
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(ref.version())).map(
                InMemoryWrappedKeyRepository::copy);
    }

    @Override
    public synchronized Optional<WrappedKey> latest(String tenant, String name) {
        NavigableMap<Integer, WrappedKey> versions = versionsByName.get(qualified(tenant, name));
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(copy(versions.lastEntry().getValue()));
    }

    @Override
    public synchronized void destroyAll(String tenant, String name) {
        String qualified = qualified(tenant, name);
        versionsByName.remove(qualified);
        destroyed.add(qualified);
    }

    @Override
    public synchronized boolean isDestroyed(String tenant, String name) {
        return destroyed.contains(qualified(tenant, name));
    }

    @Override
    public synchronized List<WrappedKey> keysWrappedBy(KeyRef kek, int limit) {
        Objects.requireNonNull(kek, "kek");
        return versionsByName.values().stream()
                .flatMap(versions -> versions.values().stream())
                .filter(key -> key.wrappedBy().equals(kek))
                .limit(limit)
                .map(InMemoryWrappedKeyRepository::copy)
                .toList();
    }

    @Override
    public synchronized boolean replaceWrapping(WrappedKey current, WrappedKey replacement) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(replacement, "replacement");
        if (!current.ref().equals(replacement.ref())) {
            throw new KeyException("cannot replace the wrapping of " + current.ref() + " by a key of "
                    + replacement.ref());
        }
        NavigableMap<Integer, WrappedKey> versions = versionsByName.get(
                qualified(current.ref().tenant(), current.ref().name()));
        WrappedKey stored = versions == null ? null : versions.get(current.ref().version());
        if (stored == null || !stored.wrappedBy().equals(current.wrappedBy())) {
            return false;
        }
        versions.put(current.ref().version(), copy(replacement));
        return true;
    }

    @Override
    public synchronized void retire(KeyRef ref) {
        NavigableMap<Integer, WrappedKey> versions = versionsByName.get(qualified(ref.tenant(), ref.name()));
        if (versions != null) {
            versions.remove(ref.version());
        }
    }

    private static String qualified(String tenant, String name) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        return tenant + "/" + name;
    }

    private static WrappedKey copy(WrappedKey key) {
        return new WrappedKey(key.ref(), key.algorithm(), key.wrappedBy(), key.wrapped().clone(),
                key.publicPart().clone(), key.createdAt());
    }
}
