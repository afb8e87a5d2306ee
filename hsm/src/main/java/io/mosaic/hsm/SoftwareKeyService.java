package io.mosaic.hsm;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * The software backend of {@link KeyService}, the embedded default: tenant key-encryption keys are AES-256
 * entries (alias {@code <tenant>/kek/v1}) of a password-protected PKCS12 file; data keys and signing keys are
 * stored wrapped in a {@link WrappedKeyRepository} and cached unwrapped per {@link CachePolicy}.
 *
 * <pre>{@code
 * try (SoftwareKeyService keys = SoftwareKeyService.open(Path.of("var/keys.p12"), password,
 *         new InMemoryWrappedKeyRepository(), Clock.systemUTC())) {
 *     keys.createTenantKey("demo");
 *     Encrypted e = keys.encrypt("demo", "client-7", plaintext, aad);
 * }
 * }</pre>
 *
 * Thread-safe. Closing clears the cached keys and the copy of the password.
 */
public final class SoftwareKeyService implements HierarchyBacked {
    private final KeyHierarchy keys;

    private SoftwareKeyService(KeyHierarchy keys) {
        this.keys = keys;
    }

    /** Opens with {@link CachePolicy#defaults()}. */
    public static SoftwareKeyService open(Path keyStoreFile, char[] password, WrappedKeyRepository repository,
                                          Clock clock) {
        return open(keyStoreFile, password, repository, clock, CachePolicy.defaults());
    }

    /**
     * Opens the key store file, creating it (and its folder) when missing. The password is copied; the caller may
     * clear its array afterwards.
     *
     * @throws KeyException when the file exists but cannot be opened with {@code password}
     */
    public static SoftwareKeyService open(Path keyStoreFile, char[] password, WrappedKeyRepository repository,
                                          Clock clock, CachePolicy cachePolicy) {
        return open(keyStoreFile, password, repository, clock, cachePolicy, KeyAuditListener.none());
    }

    /** Like {@link #open(Path, char[], WrappedKeyRepository, Clock, CachePolicy)}, reporting to {@code audit}. */
    public static SoftwareKeyService open(Path keyStoreFile, char[] password, WrappedKeyRepository repository,
                                          Clock clock, CachePolicy cachePolicy, KeyAuditListener audit) {
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(keyStoreFile, "keyStoreFile");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(cachePolicy, "cachePolicy");
        SecureRandom random = new SecureRandom();
        KeyEncryptionKeys keks = Pkcs12KeyEncryptionKeys.open(keyStoreFile, password, random);
        return new SoftwareKeyService(new KeyHierarchy(keks, repository, clock, cachePolicy, random, audit));
    }

    /** Cache and unwrap counters since this service was opened. */
    public KeyServiceMetrics metrics() {
        return keys.metrics();
    }

    @Override
    public KeyHierarchy hierarchy() {
        return keys;
    }

    /** The keys held unwrapped in memory now (for tests of the cache). */
    Set<KeyRef> cachedKeyRefs() {
        return keys.cachedRefs();
    }

    @Override
    public String toString() {
        return "SoftwareKeyService[" + keys.describe() + "]";
    }
}
