package io.mosaic.hsm;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The key ceremony that gives several tokens the same tenant key-encryption key: the key is generated ONCE in the
 * JVM from {@link SecureRandom}, imported into each token as a sensitive, non-extractable key, and the clear copy
 * is overwritten. Each token then computes a key check value; all must agree, or the imported copies are deleted
 * and the ceremony fails. See docs/keys.md for how an operator runs it.
 */
public final class KeyCeremony {

    /** What a ceremony did: the key, the tokens that now hold it, and its check value (the same on each). */
    public record Report(KeyRef kek, List<String> tokens, String keyCheckValue) {
        public Report {
            Objects.requireNonNull(kek, "kek");
            tokens = List.copyOf(tokens);
            Objects.requireNonNull(keyCheckValue, "keyCheckValue");
        }
    }

    private KeyCeremony() {
    }

    /**
     * Imports a new tenant key-encryption key into every token.
     *
     * @throws KeyException when a token already holds {@code kek}, a token fails, or the check values differ
     */
    public static Report importTenantKey(List<Pkcs11Token> tokens, KeyRef kek) {
        Objects.requireNonNull(kek, "kek");
        SecureRandom random = new SecureRandom();
        return importInto(tokens.stream().map(t -> new Pkcs11KeyEncryptionKeys(t, false, random)).toList(), kek,
                random);
    }

    static Report importInto(List<Pkcs11KeyEncryptionKeys> tokens, KeyRef kek, SecureRandom random) {
        if (!kek.name().equals("kek")) {
            throw new KeyException("key " + kek + " is not a tenant key-encryption key");
        }
        if (tokens.isEmpty()) {
            throw new KeyException("a key ceremony needs at least one token");
        }
        for (Pkcs11KeyEncryptionKeys token : tokens) {
            if (token.exists(kek)) {
                throw new KeyException(token.describe() + " already holds " + kek + "; the ceremony imports only "
                        + "new key versions");
            }
        }
        byte[] material = new byte[32];
        random.nextBytes(material);
        List<Pkcs11KeyEncryptionKeys> imported = new ArrayList<>();
        try {
            for (Pkcs11KeyEncryptionKeys token : tokens) {
                token.importKey(kek, material);
                imported.add(token);
            }
        } catch (KeyException e) {
            undo(imported, kek, e);
            throw new KeyException("key ceremony for " + kek + " failed; no token keeps the key: " + e.getMessage(),
                    e);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
        String checkValue = tokens.getFirst().keyCheckValue(kek);
        for (Pkcs11KeyEncryptionKeys token : tokens) {
            String other = token.keyCheckValue(kek);
            if (!other.equals(checkValue)) {
                KeyException mismatch = new KeyException("key ceremony for " + kek + ": " + token.describe()
                        + " has check value " + other + ", " + tokens.getFirst().describe() + " has " + checkValue);
                undo(imported, kek, mismatch);
                throw mismatch;
            }
        }
        return new Report(kek, tokens.stream().map(t -> t.token().label()).toList(), checkValue);
    }

    private static void undo(List<Pkcs11KeyEncryptionKeys> imported, KeyRef kek, KeyException failure) {
        for (Pkcs11KeyEncryptionKeys token : imported) {
            try {
                token.destroy(kek);
            } catch (KeyException cleanup) {
                failure.addSuppressed(cleanup);
            }
        }
    }
}
