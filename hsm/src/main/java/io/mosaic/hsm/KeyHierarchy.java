package io.mosaic.hsm;

import io.mosaic.sdk.EntityForgottenException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The whole {@link KeyService} over any store of tenant key-encryption keys: data keys and signing keys are
 * generated here, wrapped by the store, kept in a {@link WrappedKeyRepository} and cached unwrapped. Backends
 * (software PKCS12 file, PKCS#11 token, cluster of tokens) differ only in their {@link KeyEncryptionKeys}.
 *
 * <p>Loading or creating a key takes a lock striped by {@code tenant/name}, so concurrent first uses of one entity
 * create one key and unwrap it once; the cached hot path takes no lock. Cached raw key bytes are zeroed when they
 * leave the cache; a background sweep removes expired entries even when nobody asks for them again.
 */
final class KeyHierarchy implements KeyService {
    static final String DATA_KEY_ALGORITHM = "AES-256";
    static final String SIGNING_KEY_ALGORITHM = "Ed25519";
    private static final int DATA_KEY_BYTES = 32;
    private static final int ED25519_BYTES = 32;
    private static final int SIGNATURE_BYTES = 64;
    private static final int LOCK_STRIPES = 256;
    private static final int REWRAP_BATCH = 500;
    private static final byte[] NO_PUBLIC_PART = new byte[0];

    private record CurrentKek(KeyRef ref, long loadedAtMillis) {
    }

    private final KeyEncryptionKeys keks;
    private final WrappedKeyRepository repository;
    private final Clock clock;
    private final SecureRandom random;
    private final KeyCache cache;
    private final KeyAuditListener audit;
    private final long kekRefreshMillis;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final Map<String, ReentrantLock> rotationLocks = new ConcurrentHashMap<>();
    private final Map<String, CurrentKek> currentKeks = new ConcurrentHashMap<>();
    private final Map<KeyRef, Ed25519PublicKeyParameters> publicKeys = new ConcurrentHashMap<>();
    private final Map<String, KeyRef> signerRefs = new ConcurrentHashMap<>();
    private final LongAdder unwraps = new LongAdder();
    private final LongAdder keysCreated = new LongAdder();
    private final ScheduledExecutorService sweeper;
    private volatile boolean closed;

    KeyHierarchy(KeyEncryptionKeys keks, WrappedKeyRepository repository, Clock clock, CachePolicy policy,
                 SecureRandom random) {
        this(keks, repository, clock, policy, random, KeyAuditListener.none());
    }

    KeyHierarchy(KeyEncryptionKeys keks, WrappedKeyRepository repository, Clock clock, CachePolicy policy,
                 SecureRandom random, KeyAuditListener audit) {
        this.keks = Objects.requireNonNull(keks, "keks");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.cache = new KeyCache(Objects.requireNonNull(policy, "policy"), clock);
        this.kekRefreshMillis = policy.maxAge().toMillis();
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
        long sweepMillis = Math.max(1_000, Math.min(policy.maxAge().toMillis() / 4, 30_000));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mosaic-key-cache-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(cache::sweepExpired, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    // ---- tenant keys

    @Override
    public void createTenantKey(String tenant) {
        checkOpen();
        ReentrantLock lock = rotationLock(tenant);
        lock.lock();
        try {
            if (currentKek(tenant).isPresent()) {
                return;
            }
            KeyRef kek = KeyRef.tenantKek(tenant, 1);
            keks.create(kek);
            currentKeks.put(tenant, new CurrentKek(kek, clock.millis()));
            audit.record(new KeyAuditEvent.TenantKeyCreated(kek, clock.instant()));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean hasTenantKey(String tenant) {
        checkOpen();
        return currentKek(tenant).isPresent();
    }

    /** The version that wraps new keys: the highest in the store, re-read after the cache's max age. */
    private Optional<KeyRef> currentKek(String tenant) {
        CurrentKek known = currentKeks.get(tenant);
        if (known != null && clock.millis() - known.loadedAtMillis() < kekRefreshMillis) {
            return Optional.of(known.ref());
        }
        Optional<KeyRef> latest = keks.latest(tenant);
        latest.ifPresent(ref -> currentKeks.put(tenant, new CurrentKek(ref, clock.millis())));
        return latest;
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
            Optional<KeyCache.Lease> lease = cache.use(cachedRef.get());
            if (lease.isPresent()) {
                try (KeyCache.Lease held = lease.get()) {
                    return seal(cachedRef.get(), held, plaintext, aad);
                }
            }
        }
        cache.recordMiss();
        try (RefLease held = currentDataKey(tenant, entity, name)) {
            return seal(held.ref(), held.lease(), plaintext, aad);
        }
    }

    /** A lease and the ref it is for. */
    private record RefLease(KeyRef ref, KeyCache.Lease lease) implements AutoCloseable {
        @Override
        public void close() {
            lease.close();
        }
    }

    private RefLease currentDataKey(String tenant, String entity, String name) {
        ReentrantLock lock = lockFor(tenant, name);
        lock.lock();
        try {
            Optional<KeyRef> again = cache.current(tenant, name);
            if (again.isPresent()) {
                Optional<KeyCache.Lease> lease = cache.take(again.get());
                if (lease.isPresent()) {
                    return new RefLease(again.get(), lease.get());
                }
            }
            if (repository.isDestroyed(tenant, name)) {
                throw new EntityForgottenException(tenant, entity);
            }
            Optional<WrappedKey> latest = repository.latest(tenant, name);
            if (latest.isPresent()) {
                KeyRef ref = latest.get().ref();
                Optional<KeyCache.Lease> loadedByDecrypt = cache.take(ref);
                if (loadedByDecrypt.isPresent()) {
                    cache.markCurrent(ref);
                    return new RefLease(ref, loadedByDecrypt.get());
                }
                byte[] key = unwrap(ref, latest.get(), DATA_KEY_ALGORITHM, DATA_KEY_BYTES);
                return new RefLease(ref, cache.put(ref, new KeyCache.DataKey(key), true));
            }
            KeyRef ref = KeyRef.dataKey(tenant, entity, 1);
            return new RefLease(ref, createDataKey(ref, entity, true));
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
        byte[] ciphertext = encrypted.ciphertext();
        try (KeyCache.Lease lease = cache.use(ref).orElseGet(() -> loadDataKey(ref, entity))) {
            if (Gcm.tooShort(ciphertext)) {
                throw new KeyException("ciphertext under " + ref + " is too short (" + ciphertext.length
                        + " bytes; a ciphertext has at least " + (Gcm.NONCE_BYTES + Gcm.TAG_BYTES) + ")");
            }
            return Gcm.open(new SecretKeySpec(dataKey(ref, lease), "AES"), ciphertext, aad);
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
        audit.record(new KeyAuditEvent.EntityKeysDestroyed(tenant, entity, clock.instant()));
    }

    private KeyCache.Lease loadDataKey(KeyRef ref, String entity) {
        cache.recordMiss();
        ReentrantLock lock = lockFor(ref.tenant(), ref.name());
        lock.lock();
        try {
            Optional<KeyCache.Lease> again = cache.take(ref);
            if (again.isPresent()) {
                return again.get();
            }
            if (repository.isDestroyed(ref.tenant(), ref.name())) {
                throw new EntityForgottenException(ref.tenant(), entity);
            }
            WrappedKey wrapped = repository.find(ref)
                    .orElseThrow(() -> new KeyException("data key " + ref + " is unknown: it is not in the key "
                            + "repository (never created, or retired)"));
            byte[] key = unwrap(ref, wrapped, DATA_KEY_ALGORITHM, DATA_KEY_BYTES);
            return cache.put(ref, new KeyCache.DataKey(key), false);
        } finally {
            lock.unlock();
        }
    }

    /** Creates, stores and caches a data key; the caller holds the entity's lock. */
    private KeyCache.Lease createDataKey(KeyRef ref, String entity, boolean isCurrent) {
        byte[] secret = new byte[DATA_KEY_BYTES];
        random.nextBytes(secret);
        try {
            store(ref, DATA_KEY_ALGORITHM, secret, NO_PUBLIC_PART);
            return cache.put(ref, new KeyCache.DataKey(secret), isCurrent);
        } catch (KeyVersionRace race) {
            Arrays.fill(secret, (byte) 0);
            if (race.winner == null) {
                throw new EntityForgottenException(ref.tenant(), entity);
            }
            byte[] theirs = unwrap(ref, race.winner, DATA_KEY_ALGORITHM, DATA_KEY_BYTES);
            return cache.put(ref, new KeyCache.DataKey(theirs), isCurrent);
        } catch (RuntimeException e) {
            Arrays.fill(secret, (byte) 0);
            throw e;
        }
    }

    private Encrypted seal(KeyRef ref, KeyCache.Lease lease, byte[] plaintext, byte[] aad) {
        try {
            return new Encrypted(ref, Gcm.seal(new SecretKeySpec(dataKey(ref, lease), "AES"), plaintext, aad,
                    random));
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot encrypt under " + ref + ": " + e.getMessage(), e);
        }
    }

    private static byte[] dataKey(KeyRef ref, KeyCache.Lease lease) {
        if (lease.material() instanceof KeyCache.DataKey(byte[] key)) {
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

    // ---- rotation and retirement

    /** Makes a new data key version the one new data of the entity is encrypted with; older versions still read. */
    RotationReport rotateDataKey(String tenant, String entity) {
        checkOpen();
        long start = System.nanoTime();
        String name = KeyRef.dataKey(tenant, entity, 1).name();
        ReentrantLock lock = lockFor(tenant, name);
        KeyRef next;
        Optional<KeyRef> previous;
        lock.lock();
        try {
            if (repository.isDestroyed(tenant, name)) {
                throw new EntityForgottenException(tenant, entity);
            }
            previous = repository.latest(tenant, name).map(WrappedKey::ref);
            next = KeyRef.dataKey(tenant, entity, previous.map(r -> r.version() + 1).orElse(1));
            cache.forgetCurrent(tenant, name);
            createDataKey(next, entity, true).close();
        } finally {
            lock.unlock();
        }
        audit.record(new KeyAuditEvent.DataKeyRotated(next, clock.instant()));
        return new RotationReport(tenant, previous, next, 0, 0, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Creates the next version of the tenant's key-encryption key, makes it current, and re-wraps every data and
     * signing key of the tenant that is wrapped by an older version. No ciphertext changes.
     */
    RotationReport rotateTenantKey(String tenant) {
        checkOpen();
        long start = System.nanoTime();
        ReentrantLock lock = rotationLock(tenant);
        lock.lock();
        try {
            List<KeyRef> versions = keks.versions(tenant);
            if (versions.isEmpty()) {
                throw new KeyException("tenant " + tenant + " has no key-encryption key; provision the tenant "
                        + "first (nothing to rotate)");
            }
            KeyRef from = versions.getLast();
            KeyRef to = KeyRef.tenantKek(tenant, from.version() + 1);
            keks.create(to);
            currentKeks.put(tenant, new CurrentKek(to, clock.millis()));
            audit.record(new KeyAuditEvent.TenantKeyCreated(to, clock.instant()));
            long[] counts = rewrapAll(versions, to);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            audit.record(new KeyAuditEvent.TenantKeyRotated(from, to, counts[0], took, clock.instant()));
            return new RotationReport(tenant, Optional.of(from), to, counts[0], counts[1], took);
        } finally {
            lock.unlock();
        }
    }

    /** Re-wraps keys still under an older version to the current one (resumes an interrupted rotation). */
    RotationReport completeRotation(String tenant) {
        checkOpen();
        long start = System.nanoTime();
        ReentrantLock lock = rotationLock(tenant);
        lock.lock();
        try {
            List<KeyRef> versions = keks.versions(tenant);
            if (versions.isEmpty()) {
                throw new KeyException("tenant " + tenant + " has no key-encryption key");
            }
            KeyRef to = versions.getLast();
            long[] counts = rewrapAll(versions.subList(0, versions.size() - 1), to);
            return new RotationReport(tenant, Optional.empty(), to, counts[0], counts[1],
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            lock.unlock();
        }
    }

    /** {rewrapped, skipped} */
    private long[] rewrapAll(List<KeyRef> olds, KeyRef to) {
        long rewrapped = 0;
        long skipped = 0;
        for (KeyRef old : olds) {
            if (old.equals(to)) {
                continue;
            }
            Set<KeyRef> seen = new HashSet<>();
            while (true) {
                List<WrappedKey> batch = repository.keysWrappedBy(old, REWRAP_BATCH);
                List<WrappedKey> fresh = new ArrayList<>();
                for (WrappedKey key : batch) {
                    if (seen.add(key.ref())) {
                        fresh.add(key);
                    }
                }
                if (fresh.isEmpty()) {
                    break;
                }
                for (WrappedKey key : fresh) {
                    if (rewrap(key, to)) {
                        rewrapped++;
                    } else {
                        skipped++;
                    }
                }
            }
        }
        return new long[] {rewrapped, skipped};
    }

    private boolean rewrap(WrappedKey key, KeyRef to) {
        byte[] aad = associatedData(key.ref());
        unwraps.increment();
        byte[] secret = keks.unwrap(key.wrappedBy(), key.wrapped(), aad);
        try {
            WrappedKey replacement = new WrappedKey(key.ref(), key.algorithm(), to, keks.wrap(to, secret, aad),
                    key.publicPart(), key.createdAt());
            return repository.replaceWrapping(key, replacement);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Destroys an old version of a tenant key-encryption key. Refused while it is the current version or while any
     * key is still wrapped by it (run or complete the rotation first).
     */
    void retireTenantKey(KeyRef kek) {
        checkOpen();
        if (!kek.name().equals("kek")) {
            throw new KeyException("key " + kek + " is not a tenant key-encryption key");
        }
        ReentrantLock lock = rotationLock(kek.tenant());
        lock.lock();
        try {
            List<KeyRef> versions = keks.versions(kek.tenant());
            if (!versions.isEmpty() && versions.getLast().equals(kek)) {
                throw new KeyException("key-encryption key " + kek + " is the current version of tenant "
                        + kek.tenant() + "; rotate before retiring it");
            }
            List<WrappedKey> still = repository.keysWrappedBy(kek, 1);
            if (!still.isEmpty()) {
                throw new KeyException("key-encryption key " + kek + " still wraps " + still.getFirst().ref()
                        + " (and maybe more); complete the rotation before retiring it");
            }
            keks.destroy(kek);
        } finally {
            lock.unlock();
        }
        audit.record(new KeyAuditEvent.KeyVersionRetired(kek, clock.instant()));
    }

    /**
     * Destroys one old data key version: data encrypted under it becomes unreadable ({@link KeyException} naming
     * the key as unknown). Refused for the current version (use shredding to forget an entity).
     */
    void retireDataKey(KeyRef ref) {
        checkOpen();
        String entity = entityOf(ref);
        ReentrantLock lock = lockFor(ref.tenant(), ref.name());
        lock.lock();
        try {
            Optional<WrappedKey> latest = repository.latest(ref.tenant(), ref.name());
            if (latest.isPresent() && latest.get().ref().equals(ref)) {
                throw new KeyException("data key " + ref + " is the current version of entity " + entity
                        + "; rotate the entity's data key before retiring it");
            }
            cache.evict(ref);
            repository.retire(ref);
        } finally {
            lock.unlock();
        }
        audit.record(new KeyAuditEvent.KeyVersionRetired(ref, clock.instant()));
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
        byte[] seed = new byte[ED25519_BYTES];
        random.nextBytes(seed);
        byte[] publicKey = new byte[ED25519_BYTES];
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        try {
            store(ref, SIGNING_KEY_ALGORITHM, seed, publicKey);
            cache.put(ref, new KeyCache.SigningKey(seed, publicKey), false).close();
            publicKeys.put(ref, new Ed25519PublicKeyParameters(publicKey, 0));
        } catch (KeyVersionRace race) {
            Arrays.fill(seed, (byte) 0);
            if (race.winner == null) {
                throw new KeyException("signing key " + ref + " was destroyed while it was being created", race);
            }
            // another node created this installation's key first: use theirs, loaded on first sign
            return race.winner.ref();
        } catch (RuntimeException e) {
            Arrays.fill(seed, (byte) 0);
            throw e;
        }
        return ref;
    }

    private byte[] sign(KeyRef ref, byte[] data) {
        Objects.requireNonNull(data, "data");
        checkOpen();
        try (KeyCache.Lease lease = cache.use(ref).orElseGet(() -> loadSigningKey(ref))) {
            if (!(lease.material() instanceof KeyCache.SigningKey(byte[] seed, byte[] publicKey))) {
                throw new KeyException("key " + ref + " is not a signing key");
            }
            byte[] signature = new byte[SIGNATURE_BYTES];
            Ed25519.sign(seed, 0, publicKey, 0, data, 0, data.length, signature, 0);
            return signature;
        }
    }

    private KeyCache.Lease loadSigningKey(KeyRef ref) {
        cache.recordMiss();
        ReentrantLock lock = lockFor(ref.tenant(), ref.name());
        lock.lock();
        try {
            Optional<KeyCache.Lease> again = cache.take(ref);
            if (again.isPresent()) {
                return again.get();
            }
            WrappedKey wrapped = repository.find(ref)
                    .orElseThrow(() -> new KeyException("signing key " + ref + " is not in the key repository"));
            byte[] seed = unwrap(ref, wrapped, SIGNING_KEY_ALGORITHM, ED25519_BYTES);
            byte[] publicKey = new byte[ED25519_BYTES];
            Ed25519.generatePublicKey(seed, 0, publicKey, 0);
            return cache.put(ref, new KeyCache.SigningKey(seed, publicKey), false);
        } finally {
            lock.unlock();
        }
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
     * Wraps {@code secret} under the tenant's current KEK and inserts it; throws {@link KeyVersionRace} when the
     * version was inserted (or destroyed) concurrently by another writer, e.g. another node.
     */
    private void store(KeyRef ref, String algorithm, byte[] secret, byte[] publicPart) {
        KeyRef kek = currentKek(ref.tenant()).orElseThrow(() -> new KeyException("tenant " + ref.tenant()
                + " has no key-encryption key; provision the tenant first (cannot create " + ref + ")"));
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
        return new KeyServiceMetrics(cache.hits(), cache.misses(), unwraps.sum(), keysCreated.sum(), cache.size(),
                keks.calls());
    }

    Set<KeyRef> cachedRefs() {
        return cache.refs();
    }

    /** Removes (and wipes) expired cache entries now; the background sweep does the same periodically. */
    int sweepExpired() {
        return cache.sweepExpired();
    }

    String describe() {
        return keks.describe();
    }

    KeyEncryptionKeys keyEncryptionKeys() {
        return keks;
    }

    @Override
    public void close() {
        closed = true;
        sweeper.shutdownNow();
        cache.clear();
        publicKeys.clear();
        signerRefs.clear();
        currentKeks.clear();
        keks.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new KeyException("key service over " + keks.describe() + " is closed");
        }
    }

    private ReentrantLock rotationLock(String tenant) {
        return rotationLocks.computeIfAbsent(tenant, t -> new ReentrantLock());
    }

    private ReentrantLock lockFor(String tenant, String name) {
        int h = tenant.hashCode() * 31 + name.hashCode();
        h ^= h >>> 16;
        return locks[h & (LOCK_STRIPES - 1)];
    }
}
