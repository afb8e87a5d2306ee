package io.mosaic.hsm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tenant key-encryption keys as AES-256 secret keys inside one PKCS#11 token, label = the key reference
 * ({@code <tenant>/kek/vN}), sensitive and never extractable. Wrapping is AES-GCM inside the token (AES key-wrap
 * mechanisms do not work through SunPKCS11 with SoftHSM2); the nonce comes from the JVM's {@link SecureRandom}.
 *
 * <p>Errors are split in two: a wrapped key that does not authenticate is a {@link KeyException}; the token not
 * answering is a {@link TokenException}, which a cluster answers by moving to the next token.
 */
final class Pkcs11KeyEncryptionKeys implements KeyEncryptionKeys {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final byte[] CHECK_VALUE_AAD = "mosaic key check value".getBytes(StandardCharsets.UTF_8);

    private final Pkcs11Token token;
    private final boolean ownsToken;
    private final SecureRandom random;
    private final Map<KeyRef, Key> handles = new ConcurrentHashMap<>();

    Pkcs11KeyEncryptionKeys(Pkcs11Token token, boolean ownsToken, SecureRandom random) {
        this.token = token;
        this.ownsToken = ownsToken;
        this.random = random;
    }

    Pkcs11Token token() {
        return token;
    }

    @Override
    public boolean exists(KeyRef kek) {
        return handle(kek).isPresent();
    }

    @Override
    public void create(KeyRef kek) {
        if (exists(kek)) {
            return;
        }
        SecretKey generated;
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES", token.provider());
            generator.init(256, random);
            token.countCall();
            generated = generator.generateKey();
        } catch (GeneralSecurityException | ProviderException e) {
            throw new TokenException(token.describe() + ": cannot generate " + kek + ": " + e.getMessage(), e);
        }
        token.storeSecretKey(kek.toString(), generated);
        handles.remove(kek);
        if (!exists(kek)) {
            throw new TokenException(token.describe() + ": " + kek + " was stored but cannot be found again", null);
        }
    }

    /**
     * Imports key material made outside the token (the key ceremony of a cluster) as a sensitive, non-extractable
     * token key. Refuses to overwrite. The caller wipes {@code material}.
     */
    void importKey(KeyRef kek, byte[] material) {
        if (exists(kek)) {
            throw new KeyException(token.describe() + " already holds " + kek + "; a key version is never replaced");
        }
        token.storeSecretKey(kek.toString(), new SecretKeySpec(material, "AES"));
        handles.remove(kek);
    }

    @Override
    public List<KeyRef> versions(String tenant) {
        List<KeyRef> versions = new ArrayList<>();
        for (String alias : token.aliases()) {
            KeyRef ref = Pkcs12KeyEncryptionKeys.parseKek(alias);
            if (ref != null && ref.tenant().equals(tenant)) {
                versions.add(ref);
            }
        }
        versions.sort(Comparator.comparingInt(KeyRef::version));
        return versions;
    }

    @Override
    public void destroy(KeyRef kek) {
        handles.remove(kek);
        token.delete(kek.toString());
    }

    @Override
    public byte[] wrap(KeyRef kek, byte[] secret, byte[] aad) {
        Key key = requireHandle(kek);
        byte[] nonce = new byte[Gcm.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] out = new byte[Gcm.NONCE_BYTES + secret.length + Gcm.TAG_BYTES];
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION, token.provider());
            token.countCall();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(Gcm.TAG_BYTES * 8, nonce));
            cipher.updateAAD(aad);
            int written = cipher.doFinal(secret, 0, secret.length, out, Gcm.NONCE_BYTES);
            if (written != secret.length + Gcm.TAG_BYTES) {
                throw new TokenException(token.describe() + ": wrapping under " + kek + " gave " + written
                        + " bytes, expected " + (secret.length + Gcm.TAG_BYTES), null);
            }
        } catch (GeneralSecurityException | ProviderException e) {
            handles.remove(kek);
            throw new TokenException(token.describe() + ": cannot wrap a key under " + kek + ": " + e, e);
        }
        System.arraycopy(nonce, 0, out, 0, Gcm.NONCE_BYTES);
        return out;
    }

    @Override
    public byte[] unwrap(KeyRef kek, byte[] wrapped, byte[] aad) {
        if (Gcm.tooShort(wrapped)) {
            throw new KeyException("wrapped key under " + kek + " is too short (" + wrapped.length + " bytes)");
        }
        Key key = requireHandle(kek);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION, token.provider());
            token.countCall();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(Gcm.TAG_BYTES * 8, wrapped, 0,
                    Gcm.NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(wrapped, Gcm.NONCE_BYTES, wrapped.length - Gcm.NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailed("wrapped key under " + kek + " failed authentication in " + token.describe()
                    + ": it was altered, or it belongs to another key reference", e);
        } catch (GeneralSecurityException | ProviderException e) {
            handles.remove(kek);
            throw new TokenException(token.describe() + ": cannot unwrap a key under " + kek + ": " + e, e);
        }
    }

    /**
     * A key check value: the first 6 bytes of the GCM tag over 16 zero bytes (empty input fails in SunPKCS11 with
     * SoftHSM2), under the key, with a fixed nonce and associated data. Equal on
     * two tokens exactly when they hold the same key material; reveals nothing usable about the key.
     */
    String keyCheckValue(KeyRef kek) {
        Key key = requireHandle(kek);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION, token.provider());
            token.countCall();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(Gcm.TAG_BYTES * 8, new byte[Gcm.NONCE_BYTES]));
            cipher.updateAAD(CHECK_VALUE_AAD);
            byte[] sealed = cipher.doFinal(new byte[16]);
            return HexFormat.of().formatHex(sealed, 16, 22);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new TokenException(token.describe() + ": cannot compute the check value of " + kek + ": " + e, e);
        }
    }

    private Key requireHandle(KeyRef kek) {
        return handle(kek).orElseThrow(() -> new MissingKey("key-encryption key " + kek + " is not in "
                + token.describe() + "; provision the tenant first"));
    }

    private Optional<Key> handle(KeyRef kek) {
        Key known = handles.get(kek);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Key> found = token.key(kek.toString()).filter(SecretKey.class::isInstance);
        found.ifPresent(key -> handles.put(kek, key));
        return found;
    }

    /** The key is not in this token (never made, retired, or the token lost its objects). */
    /**
     * The token says the wrapped key does not authenticate. A failing token can say so too (SoftHSM answers garbage
     * when its files vanish mid-operation), so a cluster asks the next token before it believes it.
     */
    static final class AuthenticationFailed extends KeyException {
        AuthenticationFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class MissingKey extends KeyException {
        MissingKey(String message) {
            super(message);
        }
    }

    @Override
    public long calls() {
        return token.calls();
    }

    @Override
    public String describe() {
        return token.describe();
    }

    @Override
    public void close() {
        handles.clear();
        if (ownsToken) {
            token.close();
        }
    }
}
