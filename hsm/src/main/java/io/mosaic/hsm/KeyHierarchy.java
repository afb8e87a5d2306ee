package io.mosaic.hsm;

import io.mosaic.sdk.EntityForgottenException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The whole {@link KeyService} over any store of tenant key-encryption keys: data keys and signing keys are
 * generated here, wrapped by the store, kept in a {@link WrappedKeyRepository} and cached unwrapped. Backends
 * (software PKCS12 file, PKCS#11 token) differ only in their {@link KeyEncryptionKeys}.
 *
 * <p>Loading or creating a key takes a lock striped by {@code tenant/name}, so concurrent first uses of one entity
 * create one key and unwrap it once; the cached hot path takes no lock.
 */
final class KeyHierarchy implements KeyService {
    static final String DATA_KEY_ALGORITHM = "AES-256";
    static final String SIGNING_KEY_ALGORITHM = "Ed25519";
    static final int KEK_VERSION = 1;
    private static final int DATA_KEY_BYTES = 32;
    private static final int ED25519_BYTES = 32;
    private static final int SIGNATURE_BYTES = 64;
    private static final int LOCK_STRIPES = 256;
    private static final byte[] NO_PUBLIC_PART = new byte[0];

    private final KeyEncryptionKeys keks;
    private final WrappedKeyRepository repository;
    private final Clock clock;
    private final SecureRandom random;
    private final KeyCache cache;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final Map<KeyRef, Ed25519PublicKeyParameters> publicKeys = new ConcurrentHashMap<>();
    private final Map<String, KeyRef> signerRefs = new ConcurrentHashMap<>();
    private final LongAdder unwraps = new LongAdder();
    private final LongAdder keysCreated = new LongAdder();
    private volatile boolean closed;

    KeyHierarchy(KeyEncryptionKeys keks, WrappedKeyRepository repository, Clock clock, CachePolicy policy,
                 SecureRandom random) {
        this.keks = Objects.requireNonNull(keks, "keks");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.cache = new KeyCache(Objects.requireNonNull(policy, "policy"), clock);
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    // ---- tenant keys

    @Override
    public void createTenantKey(String tenant) {
        checkOpen();
        keks.create(KeyRef.tenantKek(tenant, KEK_VERSION));
    }

    @Override
    public boolean hasTenantKey(String tenant) {
        checkOpen();
        return keks.exists(KeyRef.tenantKek(tenant, KEK_VERSION));
    }

    // ---- data keys

    @Override
    public Encrypted encrypt(String tenant, String entity, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(aad, "aad");
        checkOpen();
        String name = KeyRef.dataKey(tenant, entity, 1).name();
        Optional<KeyRef> cachedRef = cache.current(tenant, name);
        if (cachedRef.isPresent()) {
            Optional<KeyCache.Material> material = cache.use(cachedRef.get());
            if (material.isPresent()) {
                return seal(cachedRef.get(), material.get(), plaintext, aad);
            }
        }
        cache.recordMiss();
        ReentrantLock lock = lockFor(tenant, name);
        lock.lock();
        try {
            Optional<KeyRef> again = cache.current(tenant, name);
            if (again.isPresent()) {
                Optional<KeyCache.Material> material = cache.take(again.get());
                if (material.isPresent()) {
                    return seal(again.get(), material.get(), plaintext, aad);
                }
            }
            if (repository.isDestroyed(tenant, name)) {
                throw new EntityForgottenException(tenant, entity);
            }
            Optional<WrappedKey> latest = repository.latest(tenant, name);
            if (latest.isPresent()) {
                KeyRef ref = latest.get().ref();
                Optional<KeyCache.Material> loadedByDecrypt = cache.take(ref);
                if (loadedByDecrypt.isPresent()) {
                    cache.markCurrent(ref);
                    return seal(ref, loadedByDecrypt.get(), plaintext, aad);
                }
                SecretKey key = unwrapDataKey(ref, latest.get());
                cache.put(ref, new KeyCache.DataKey(key), true);
                return seal(ref, new KeyCache.DataKey(key), plaintext, aad);
            }
            KeyRef ref = KeyRef.dataKey(tenant, entity, 1);
            SecretKey key = createDataKey(ref, entity);
            cache.put(ref, new KeyCache.DataKey(key), true);
            return seal(ref, new KeyCache.DataKey(key), plaintext, aad);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public byte[] decrypt(Encrypted encrypted, byte[] aad) {
        Objects.requireNonNull(encrypted, "encrypted");
        Objects.requireNonNull(aad, "aad");
        checkOpen();
        KeyRef ref = encrypted.keyRef();
        String entity = entityOf(ref);
        SecretKey key = cache.use(ref).map(m -> dataKey(ref, m)).orElseGet(() -> loadDataKey(ref, entity));
        byte[] ciphertext = encrypted.ciphertext();
        if (Gcm.tooShort(ciphertext)) {
            throw new KeyException("ciphertext under " + ref + " is too short (" + ciphertext.length
                    + " bytes; a ciphertext has at least " + (Gcm.NONCE_BYTES + Gcm.TAG_BYTES) + ")");
        }
        try {
            return Gcm.open(key, ciphertext, aad);
        } catch (AEADBadTagException e) {
            throw new KeyException("ciphertext under " + ref + " failed authentication: the ciphertext or its "
                    + "associated data were altered, or it was not made with this key", e);
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot decrypt under " + ref + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void destroyEntityKeys(String tenant, String entity) {
        checkOpen();
        String name = KeyRef.dataKey(tenant, entity, 1).name();
        ReentrantLock lock = lockFor(tenant, name);
        lock.lock();
        try {
            cache.evictAll(tenant, name);
            repository.destroyAll(tenant, name);
            cache.evictAll(tenant, name);
        } finally {
            lock.unlock();
        }
    }

    private SecretKey loadDataKey(KeyRef ref, String entity) {
        cache.recordMiss();
        ReentrantLock lock = lockFor(ref.tenant(), ref.name());
        lock.lock();
        try {
            Optional<KeyCache.Material> again = cache.take(ref);
            if (again.isPresent()) {
                return dataKey(ref, again.get());
            }
            if (repository.isDestroyed(ref.tenant(), ref.name())) {
                throw new EntityForgottenException(ref.tenant(), entity);
            }
            WrappedKey wrapped = repository.find(ref)
                    .orElseThrow(() -> new KeyException("data key " + ref + " is unknown: it is not in the key "
                            + "repository"));
            SecretKey key = unwrapDataKey(ref, wrapped);
            cache.put(ref, new KeyCache.DataKey(key), false);
            return key;
        } finally {
            lock.unlock();
        }
    }

    private SecretKey createDataKey(KeyRef ref, String entity) {
        byte[] secret = new byte[DATA_KEY_BYTES];
        random.nextBytes(secret);
        try {
            store(ref, DATA_KEY_ALGORITHM, secret, NO_PUBLIC_PART);
            return new SecretKeySpec(secret, "AES");
        } catch (KeyVersionRace race) {
            if (race.winner == null) {
                throw new EntityForgottenException(ref.tenant(), entity);
            }
            return unwrapDataKey(ref, race.winner);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private SecretKey unwrapDataKey(KeyRef ref, WrappedKey wrapped) {
        byte[] secret = unwrap(ref, wrapped, DATA_KEY_ALGORITHM, DATA_KEY_BYTES);
        try {
            return new SecretKeySpec(secret, "AES");
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private Encrypted seal(KeyRef ref, KeyCache.Material material, byte[] plaintext, byte[] aad) {
        try {
            return new Encrypted(ref, Gcm.seal(dataKey(ref, material), plaintext, aad, random));
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot encrypt under " + ref + ": " + e.getMessage(), e);
        }
    }

    private static SecretKey dataKey(KeyRef ref, KeyCache.Material material) {
        if (material instanceof KeyCache.DataKey(SecretKey key)) {
            return key;
        }
        throw new KeyException("key " + ref + " is not a data key");
    }

    /** {@code e/<entity>/dek} -> entity; anything else is not a data key. */
    private static String entityOf(KeyRef ref) {
        String name = ref.name();
        if (!name.startsWith("e/") || !name.endsWith("/dek") || name.length() <= "e//dek".length()) {
            throw new KeyException("key " + ref + " is not a data key (expected <tenant>/e/<entity>/dek/vN)");
        }
        return name.substring(2, name.length() - 4);
    }

    // ---- signing keys

    @Override
    public Signer signer(String tenant, String installation) {
        checkOpen();
        String name = KeyRef.signingKey(tenant, installation, 1).name();
        String qualified = tenant + "/" + name;
        KeyRef known = signerRefs.get(qualified);
        if (known != null) {
            return new InstallationSigner(known);
        }
        ReentrantLock lock = lockFor(tenant, name);
        lock.lock();
        try {
            KeyRef ref = signerRefs.get(qualified);
            if (ref == null) {
                ref = repository.latest(tenant, name).map(WrappedKey::ref)
                        .orElseGet(() -> createSigningKey(KeyRef.signingKey(tenant, installation, 1)));
                signerRefs.put(qualified, ref);
            }
            return new InstallationSigner(ref);
        } finally {
            lock.unlock();
        }
    }

    private KeyRef createSigningKey(KeyRef ref) {
        Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(random);
        Ed25519PublicKeyParameters publicKey = privateKey.generatePublicKey();
        byte[] seed = privateKey.getEncoded();
        try {
            store(ref, SIGNING_KEY_ALGORITHM, seed, publicKey.getEncoded());
            cache.put(ref, new KeyCache.SigningKey(privateKey), false);
            publicKeys.put(ref, publicKey);
        } catch (KeyVersionRace race) {
            if (race.winner == null) {
                throw new KeyException("signing key " + ref + " was destroyed while it was being created", race);
            }
            // another node created this installation's key first: use theirs, loaded on first sign
            return race.winner.ref();
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        return ref;
    }

    private byte[] sign(KeyRef ref, byte[] data) {
        Objects.requireNonNull(data, "data");
        checkOpen();
        Ed25519PrivateKeyParameters key = cache.use(ref).map(m -> signingKey(ref, m))
                .orElseGet(() -> loadSigningKey(ref));
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    private Ed25519PrivateKeyParameters loadSigningKey(KeyRef ref) {
        cache.recordMiss();
        ReentrantLock lock = lockFor(ref.tenant(), ref.name());
        lock.lock();
        try {
            Optional<KeyCache.Material> again = cache.take(ref);
            if (again.isPresent()) {
                return signingKey(ref, again.get());
            }
            WrappedKey wrapped = repository.find(ref)
                    .orElseThrow(() -> new KeyException("signing key " + ref + " is not in the key repository"));
            byte[] seed = unwrap(ref, wrapped, SIGNING_KEY_ALGORITHM, ED25519_BYTES);
            try {
                Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(seed, 0);
                cache.put(ref, new KeyCache.SigningKey(key), false);
                return key;
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        } finally {
            lock.unlock();
        }
    }

    private static Ed25519PrivateKeyParameters signingKey(KeyRef ref, KeyCache.Material material) {
        if (material instanceof KeyCache.SigningKey(Ed25519PrivateKeyParameters key)) {
            return key;
        }
        throw new KeyException("key " + ref + " is not a signing key");
    }

    @Override
    public boolean verify(KeyRef signerKey, byte[] data, byte[] signature) {
        Objects.requireNonNull(signerKey, "signerKey");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
        checkOpen();
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        Optional<Ed25519PublicKeyParameters> publicKey = publicKey(signerKey);
        if (publicKey.isEmpty()) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, publicKey.get());
        verifier.update(data, 0, data.length);
        return verifier.verifySignature(signature);
    }

    private Optional<Ed25519PublicKeyParameters> publicKey(KeyRef ref) {
        Ed25519PublicKeyParameters known = publicKeys.get(ref);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<WrappedKey> stored = repository.find(ref)
                .filter(k -> k.ref().equals(ref))
                .filter(k -> SIGNING_KEY_ALGORITHM.equals(k.algorithm()))
                .filter(k -> k.publicPart().length == ED25519_BYTES);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Ed25519PublicKeyParameters parsed;
        try {
            parsed = new Ed25519PublicKeyParameters(stored.get().publicPart(), 0);
        } catch (IllegalArgumentException notAPoint) {
            return Optional.empty();
        }
        publicKeys.put(ref, parsed);
        return Optional.of(parsed);
    }

    private final class InstallationSigner implements Signer {
        private final KeyRef ref;

        InstallationSigner(KeyRef ref) {
            this.ref = ref;
        }

        @Override
        public KeyRef keyRef() {
            return ref;
        }

        @Override
        public byte[] sign(byte[] data) {
            return KeyHierarchy.this.sign(ref, data);
        }

        @Override
        public String toString() {
            return "Signer[" + ref + "]";
        }
    }

    // ---- wrapping shared by data and signing keys

    /**
     * Wraps {@code secret} under the tenant's KEK and inserts it; throws {@link KeyVersionRace} when the version
     * was inserted (or destroyed) concurrently by another writer, e.g. another node.
     */
    private void store(KeyRef ref, String algorithm, byte[] secret, byte[] publicPart) {
        KeyRef kek = KeyRef.tenantKek(ref.tenant(), KEK_VERSION);
        if (!keks.exists(kek)) {
            throw new KeyException("tenant " + ref.tenant() + " has no key-encryption key; provision the tenant "
                    + "first (cannot create " + ref + ")");
        }
        WrappedKey key = new WrappedKey(ref, algorithm, kek, keks.wrap(kek, secret, associatedData(ref)),
                publicPart, clock.instant());
        try {
            repository.insert(key);
        } catch (KeyException insertFailed) {
            Optional<WrappedKey> winner = repository.find(ref);
            if (winner.isPresent()) {
                throw new KeyVersionRace(winner.get());
            }
            if (repository.isDestroyed(ref.tenant(), ref.name())) {
                throw new KeyVersionRace(null);
            }
            throw insertFailed;
        }
        keysCreated.increment();
    }

    private byte[] unwrap(KeyRef ref, WrappedKey wrapped, String algorithm, int length) {
        KeyRef kek = wrapped.wrappedBy();
        if (!wrapped.ref().equals(ref)) {
            throw new KeyException("key repository returned " + wrapped.ref() + " when asked for " + ref);
        }
        if (!algorithm.equals(wrapped.algorithm())) {
            throw new KeyException("key " + ref + " is a " + wrapped.algorithm() + " key, expected " + algorithm);
        }
        if (!kek.tenant().equals(ref.tenant()) || !kek.name().equals("kek")) {
            throw new KeyException("key " + ref + " claims to be wrapped by " + kek
                    + ", which is not a key-encryption key of tenant " + ref.tenant());
        }
        unwraps.increment();
        byte[] secret;
        try {
            secret = keks.unwrap(kek, wrapped.wrapped(), associatedData(ref));
        } catch (KeyException e) {
            throw new KeyException("key " + ref + " cannot be unwrapped: " + e.getMessage(), e);
        }
        if (secret.length != length) {
            Arrays.fill(secret, (byte) 0);
            throw new KeyException("key " + ref + " unwraps to " + secret.length + " bytes, expected " + length);
        }
        return secret;
    }

    private static byte[] associatedData(KeyRef ref) {
        return ref.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Another writer inserted the same key version first; {@code winner} is theirs (null when it was destroyed). */
    private static final class KeyVersionRace extends KeyException {
        final transient WrappedKey winner;

        KeyVersionRace(WrappedKey winner) {
            super("key version was created concurrently");
            this.winner = winner;
        }
    }

    // ---- lifecycle and metrics

    KeyServiceMetrics metrics() {
        return new KeyServiceMetrics(cache.hits(), cache.misses(), unwraps.sum(), keysCreated.sum(), cache.size());
    }

    Set<KeyRef> cachedRefs() {
        return cache.refs();
    }

    String describe() {
        return keks.describe();
    }

    @Override
    public void close() {
        closed = true;
        cache.clear();
        publicKeys.clear();
        signerRefs.clear();
        keks.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new KeyException("key service over " + keks.describe() + " is closed");
        }
    }

    private ReentrantLock lockFor(String tenant, String name) {
        int h = tenant.hashCode() * 31 + name.hashCode();
        h ^= h >>> 16;
        return locks[h & (LOCK_STRIPES - 1)];
    }
}
