package io.mosaic.hsm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.AEADBadTagException;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * Tenant key-encryption keys as AES-256 secret-key entries of a password-protected PKCS12 file, alias = the key
 * reference ({@code <tenant>/kek/v1}). The file is created when missing and rewritten atomically (temp file, then
 * move) on every change. Entries are decrypted on first use and held in memory until {@link #close()}.
 */
final class Pkcs12KeyEncryptionKeys implements KeyEncryptionKeys {
    private final Path file;
    private final char[] password;
    private final KeyStore store;
    private final SecureRandom random;
    private final ReentrantLock storeLock = new ReentrantLock();
    private final Map<KeyRef, SecretKey> loaded = new ConcurrentHashMap<>();
    private final LongAdder calls = new LongAdder();

    private Pkcs12KeyEncryptionKeys(Path file, char[] password, KeyStore store, SecureRandom random) {
        this.file = file;
        this.password = password;
        this.store = store;
        this.random = random;
    }

    static Pkcs12KeyEncryptionKeys open(Path file, char[] password, SecureRandom random) {
        if (password.length == 0) {
            throw new IllegalArgumentException("key store " + file + ": the password must not be empty");
        }
        Path absolute = file.toAbsolutePath();
        char[] ownPassword = password.clone();
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
        } catch (GeneralSecurityException e) {
            throw new KeyException("this JVM has no PKCS12 key store type", e);
        }
        var keys = new Pkcs12KeyEncryptionKeys(absolute, ownPassword, store, random);
        if (Files.exists(absolute)) {
            keys.load();
        } else {
            keys.createEmpty();
        }
        return keys;
    }

    private void load() {
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new KeyException("key store " + file + " cannot be opened: the password is wrong", e);
            }
            throw new KeyException("key store " + file + " cannot be read (not a PKCS12 key store, damaged, or "
                    + "the password is wrong): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new KeyException("key store " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void createEmpty() {
        try {
            store.load(null, null);
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyException("key store " + file + " cannot be created: " + e.getMessage(), e);
        }
        save();
    }

    @Override
    public boolean exists(KeyRef kek) {
        if (loaded.containsKey(kek)) {
            return true;
        }
        storeLock.lock();
        try {
            return store.containsAlias(kek.toString());
        } catch (GeneralSecurityException e) {
            throw new KeyException("key store " + file + ": cannot look up " + kek + ": " + e.getMessage(), e);
        } finally {
            storeLock.unlock();
        }
    }

    @Override
    public void create(KeyRef kek) {
        storeLock.lock();
        try {
            if (store.containsAlias(kek.toString())) {
                return;
            }
            calls.increment();
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            SecretKey key = generator.generateKey();
            store.setEntry(kek.toString(), new KeyStore.SecretKeyEntry(key), new KeyStore.PasswordProtection(password));
            try {
                save();
            } catch (KeyException e) {
                store.deleteEntry(kek.toString());
                throw e;
            }
            loaded.put(kek, key);
        } catch (GeneralSecurityException e) {
            throw new KeyException("key store " + file + ": cannot create " + kek + ": " + e.getMessage(), e);
        } finally {
            storeLock.unlock();
        }
    }

    @Override
    public List<KeyRef> versions(String tenant) {
        storeLock.lock();
        try {
            List<KeyRef> versions = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                KeyRef ref = parseKek(alias);
                if (ref != null && ref.tenant().equals(tenant)) {
                    versions.add(ref);
                }
            }
            versions.sort(Comparator.comparingInt(KeyRef::version));
            return versions;
        } catch (GeneralSecurityException e) {
            throw new KeyException("key store " + file + ": cannot list the keys of tenant " + tenant + ": "
                    + e.getMessage(), e);
        } finally {
            storeLock.unlock();
        }
    }

    /** {@code <tenant>/kek/vN} -> its ref; anything else -> null. */
    static KeyRef parseKek(String alias) {
        try {
            KeyRef ref = KeyRef.parse(alias);
            return ref.name().equals("kek") ? ref : null;
        } catch (IllegalArgumentException notAKeyRef) {
            return null;
        }
    }

    @Override
    public void destroy(KeyRef kek) {
        storeLock.lock();
        try {
            calls.increment();
            loaded.remove(kek);
            if (store.containsAlias(kek.toString())) {
                store.deleteEntry(kek.toString());
                save();
            }
        } catch (GeneralSecurityException e) {
            throw new KeyException("key store " + file + ": cannot destroy " + kek + ": " + e.getMessage(), e);
        } finally {
            storeLock.unlock();
        }
    }

    @Override
    public long calls() {
        return calls.sum();
    }

    @Override
    public byte[] wrap(KeyRef kek, byte[] secret, byte[] aad) {
        calls.increment();
        try {
            return Gcm.seal(key(kek), secret, aad, random);
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot wrap a key under " + kek + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] unwrap(KeyRef kek, byte[] wrapped, byte[] aad) {
        if (Gcm.tooShort(wrapped)) {
            throw new KeyException("wrapped key under " + kek + " is too short (" + wrapped.length + " bytes)");
        }
        calls.increment();
        try {
            return Gcm.open(key(kek), wrapped, aad);
        } catch (AEADBadTagException e) {
            throw new KeyException("wrapped key under " + kek + " failed authentication: it was altered, or it "
                    + "belongs to another key reference", e);
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot unwrap a key under " + kek + ": " + e.getMessage(), e);
        }
    }

    private SecretKey key(KeyRef kek) {
        SecretKey key = loaded.get(kek);
        if (key != null) {
            return key;
        }
        storeLock.lock();
        try {
            key = loaded.get(kek);
            if (key != null) {
                return key;
            }
            KeyStore.Entry entry = store.getEntry(kek.toString(), new KeyStore.PasswordProtection(password));
            if (!(entry instanceof KeyStore.SecretKeyEntry secret)) {
                throw new KeyException("key-encryption key " + kek + " is not in key store " + file
                        + "; provision the tenant first");
            }
            loaded.put(kek, secret.getSecretKey());
            return secret.getSecretKey();
        } catch (GeneralSecurityException e) {
            throw new KeyException("key store " + file + ": cannot read " + kek + ": " + e.getMessage(), e);
        } finally {
            storeLock.unlock();
        }
    }

    /** Writes the store to a temp file beside the target, forces it to disk, then moves it over the target. */
    private void save() {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, file.getFileName().toString() + ".", ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, password);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | GeneralSecurityException e) {
            KeyException failure = new KeyException("key store " + file + " cannot be saved: " + e.getMessage(), e);
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException cleanup) {
                    failure.addSuppressed(cleanup);
                }
            }
            throw failure;
        }
    }

    @Override
    public String describe() {
        return "key store " + file;
    }

    @Override
    public void close() {
        loaded.clear();
        Arrays.fill(password, '\0');
    }
}
