package io.mosaic.hsm;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/** AES-GCM with the JDK's provider; output is {@code nonce(12) || ciphertext || tag(16)}. */
final class Gcm {
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private Gcm() {
    }

    static byte[] seal(Key key, byte[] plaintext, byte[] aad, SecureRandom random) throws GeneralSecurityException {
        byte[] out = new byte[NONCE_BYTES + plaintext.length + TAG_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
        cipher.updateAAD(aad);
        cipher.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
        System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
        return out;
    }

    /** @throws javax.crypto.AEADBadTagException when the ciphertext, the aad or the key do not match */
    static byte[] open(Key key, byte[] sealed, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, NONCE_BYTES));
        cipher.updateAAD(aad);
        return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }

    static boolean tooShort(byte[] sealed) {
        return sealed.length < NONCE_BYTES + TAG_BYTES;
    }
}
