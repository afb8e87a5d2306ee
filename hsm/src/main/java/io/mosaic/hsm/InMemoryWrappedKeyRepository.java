package io.mosaic.hsm;

import java.util.HashMap;
import java.util.HashSet;
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
