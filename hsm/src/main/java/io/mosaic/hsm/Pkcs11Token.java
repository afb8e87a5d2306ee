package io.mosaic.hsm;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.SecretKey;

/**
 * One PKCS#11 token opened through the JDK's SunPKCS11 provider: its own provider instance (own sessions), logged
 * in with the user PIN, with the token's key store (objects found by label = alias).
 *
 * <p>The provider is configured so that keys made in the token are sensitive and never extractable: AES keys are
 * generated as session objects and become token objects when stored under an alias (the copy keeps both
 * attributes); EC key pairs are generated as token objects and get their alias when stored with a certificate.
 * Imported AES keys (the key ceremony of a cluster) are made sensitive and non-extractable on import.
 *
 * <p>Closing does not log out: PKCS#11 login state belongs to the process and is shared by every session of the
 * token, so a logout would also cut off other open key services on the same token.
 */
public final class Pkcs11Token implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Pkcs11Config config;
    private final long slot;
    private final Provider provider;
    private final KeyStore keyStore;
    private final ReentrantLock lock = new ReentrantLock();
    private final LongAdder calls = new LongAdder();
    private volatile boolean closed;

    private Pkcs11Token(Pkcs11Config config, long slot, Provider provider, KeyStore keyStore) {
        this.config = config;
        this.slot = slot;
        this.provider = provider;
        this.keyStore = keyStore;
    }

    /**
     * Finds the token's slot by label, configures a SunPKCS11 provider for it and logs in.
     *
     * @throws KeyException when the token is not found, the PIN is wrong, or the module cannot be loaded
     */
    public static Pkcs11Token open(Pkcs11Config config) {
        Objects.requireNonNull(config, "config");
        long slot = SlotLookup.slotOf(config.library(), config.tokenLabel());
        String name = "mosaic-" + config.tokenLabel().replaceAll("[^A-Za-z0-9]", "") + "-"
                + INSTANCES.incrementAndGet();
        String providerConfig = "--name = " + name + "\n"
                + "library = " + config.library() + "\n"
                + "slot = " + slot + "\n"
                + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
                + "  CKA_TOKEN = false\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n"
                + "attributes(import, CKO_SECRET_KEY, CKK_AES) = {\n"
                + "  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n"
                + "attributes(generate, CKO_PRIVATE_KEY, CKK_EC) = {\n"
                + "  CKA_TOKEN = true\n  CKA_PRIVATE = true\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n"
                + "attributes(generate, CKO_PUBLIC_KEY, CKK_EC) = {\n  CKA_TOKEN = true\n}\n";
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new KeyException("this JVM has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
        }
        Provider provider;
        try {
            provider = base.configure(providerConfig);
        } catch (RuntimeException e) {
            throw new TokenException("cannot load PKCS#11 module " + config.library() + " for token '"
                    + config.tokenLabel() + "' (slot " + slot + "): " + e.getMessage(), e);
        }
        char[] pin = config.pin().resolve();
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, pin);
            return new Pkcs11Token(config, slot, provider, keyStore);
        } catch (IOException e) {
            throw new KeyException("cannot log in to token '" + config.tokenLabel() + "' (slot " + slot
                    + "): the PIN is wrong or the token refused it: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TokenException("cannot open the key store of token '" + config.tokenLabel() + "': "
                    + e.getMessage(), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    public String label() {
        return config.tokenLabel();
    }

    public long slot() {
        return slot;
    }

    public Pkcs11Config config() {
        return config;
    }

    /** Calls into the token through this instance since it was opened. */
    public long calls() {
        return calls.sum();
    }

    public String describe() {
        return "token '" + config.tokenLabel() + "' (slot " + slot + ", " + config.library() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    Provider provider() {
        checkOpen();
        return provider;
    }

    void countCall() {
        calls.increment();
    }

    List<String> aliases() {
        return withKeyStore("list its keys", store -> Collections.list(store.aliases()));
    }

    Optional<Key> key(String alias) {
        return withKeyStore("read " + alias, store -> Optional.ofNullable(store.getKey(alias, null)));
    }

    Optional<X509Certificate> certificate(String alias) {
        return withKeyStore("read the certificate " + alias, store -> {
            Certificate certificate = store.getCertificate(alias);
            return certificate instanceof X509Certificate x509 ? Optional.of(x509) : Optional.empty();
        });
    }

    Optional<PrivateKey> privateKey(String alias) {
        return key(alias).filter(PrivateKey.class::isInstance).map(PrivateKey.class::cast);
    }

    void storeSecretKey(String alias, SecretKey key) {
        withKeyStore("store " + alias, store -> {
            store.setEntry(alias, new KeyStore.SecretKeyEntry(key), null);
            return null;
        });
    }

    void storePrivateKey(String alias, PrivateKey key, X509Certificate[] chain) {
        withKeyStore("store " + alias, store -> {
            store.setEntry(alias, new KeyStore.PrivateKeyEntry(key, chain), null);
            return null;
        });
    }

    void delete(String alias) {
        withKeyStore("delete " + alias, store -> {
            if (store.containsAlias(alias)) {
                store.deleteEntry(alias);
            }
            return null;
        });
    }

    private interface StoreCall<T> {
        T call(KeyStore store) throws GeneralSecurityException;
    }

    private <T> T withKeyStore(String what, StoreCall<T> call) {
        checkOpen();
        lock.lock();
        try {
            calls.increment();
            return call.call(keyStore);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TokenException(describe() + ": cannot " + what + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new KeyException(describe() + " is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
