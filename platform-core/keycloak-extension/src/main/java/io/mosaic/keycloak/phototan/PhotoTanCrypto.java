package io.mosaic.keycloak.phototan;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The photoTAN cryptography, JDK only.
 * <ul>
 * <li>Device keys: EC P-256. A device's public key travels as base64url X.509 SubjectPublicKeyInfo.</li>
 * <li>Sealing a challenge to a device: ECIES = ephemeral P-256 ECDH, HKDF-SHA256, AES-256-GCM; format
 * {@code 0x01 | u16 length | ephemeral SPKI | 12-byte IV | ciphertext+tag}; the header is the associated data.</li>
 * <li>TAN: HMAC-SHA256 keyed with the challenge's fresh nonce over challenge id and canonical operation details,
 * truncated to {@value #TAN_DIGITS} digits (HOTP-style dynamic truncation). Only the holder of the device's private
 * key learns the nonce; a different operation or changed details give a different TAN.</li>
 * <li>Enrolment: the device answers an activation letter with its public key and an HMAC over it keyed with the
 * letter's one-time secret, so only the holder of the letter can register a device.</li>
 * </ul>
 */
public final class PhotoTanCrypto {
    public static final int TAN_DIGITS = 8;
    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private PhotoTanCrypto() {
    }

    /** A new device key pair (the emulator's, or a phone's secure element in production). */
    public static KeyPair newDeviceKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PhotoTanException("cannot generate an EC P-256 key pair", e);
        }
    }

    public static String encodePublicKey(PublicKey key) {
        return B64.encodeToString(key.getEncoded());
    }

    public static PublicKey decodePublicKey(String base64url) {
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(B64D.decode(base64url)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new PhotoTanException("device public key is not a base64url EC SubjectPublicKeyInfo", e);
        }
    }

    /** A short, stable id of a device key: the first 8 bytes of SHA-256 over its encoding, hex. */
    public static String deviceId(PublicKey key) {
        return java.util.HexFormat.of().formatHex(sha256(key.getEncoded()), 0, 8);
    }

    /** Encrypts {@code plaintext} so that only the holder of {@code device}'s private key can read it. */
    public static byte[] seal(PublicKey device, byte[] plaintext) {
        try {
            KeyPair ephemeral = newDeviceKeyPair();
            byte[] ephemeralSpki = ephemeral.getPublic().getEncoded();
            byte[] key = sharedKey(ephemeral.getPrivate(), device, ephemeralSpki, device.getEncoded());
            byte[] iv = random(IV_BYTES);
            ByteBuffer header = ByteBuffer.allocate(3 + ephemeralSpki.length);
            header.put(VERSION).putShort((short) ephemeralSpki.length).put(ephemeralSpki);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            gcm.updateAAD(header.array());
            byte[] ciphertext = gcm.doFinal(plaintext);
            return ByteBuffer.allocate(header.capacity() + IV_BYTES + ciphertext.length)
                    .put(header.array()).put(iv).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new PhotoTanException("cannot seal a challenge to the device key", e);
        }
    }

    /** Decrypts what {@link #seal} produced for the device whose key pair is given. */
    public static byte[] open(KeyPair device, byte[] sealed) {
        try {
            ByteBuffer in = ByteBuffer.wrap(sealed);
            if (in.get() != VERSION) {
                throw new PhotoTanException("sealed challenge has an unknown version");
            }
            int length = Short.toUnsignedInt(in.getShort());
            if (length > in.remaining() - IV_BYTES - 16) {
                throw new PhotoTanException("sealed challenge is truncated");
            }
            byte[] ephemeralSpki = new byte[length];
            in.get(ephemeralSpki);
            byte[] iv = new byte[IV_BYTES];
            in.get(iv);
            byte[] ciphertext = new byte[in.remaining()];
            in.get(ciphertext);
            PublicKey ephemeral = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(ephemeralSpki));
            byte[] key = sharedKey(device.getPrivate(), ephemeral, ephemeralSpki, device.getPublic().getEncoded());
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            gcm.updateAAD(sealed, 0, 3 + length);
            return gcm.doFinal(ciphertext);
        } catch (GeneralSecurityException | java.nio.BufferUnderflowException e) {
            throw new PhotoTanException("the challenge was not sealed to this device, or was altered", e);
        }
    }

    /** The TAN for a challenge: HMAC-SHA256(nonce, id and canonical details), truncated to 8 decimal digits. */
    public static String tan(byte[] nonce, String challengeId, OperationDetails details) {
        byte[] mac = hmac(nonce, ("mosaic-tan:v1\n" + challengeId + "\n" + details.canonical())
                .getBytes(StandardCharsets.UTF_8));
        int offset = mac[mac.length - 1] & 0x0f;
        int binary = ((mac[offset] & 0x7f) << 24) | ((mac[offset + 1] & 0xff) << 16)
                | ((mac[offset + 2] & 0xff) << 8) | (mac[offset + 3] & 0xff);
        int modulus = 1;
        for (int i = 0; i < TAN_DIGITS; i++) {
            modulus *= 10;
        }
        return String.format("%0" + TAN_DIGITS + "d", binary % modulus);
    }

    /** The device's answer to an activation letter: {@code <public key>.<HMAC over it with the letter's secret>}. */
    public static String enrolmentCode(ActivationLetter letter, PublicKey device) {
        String key = encodePublicKey(device);
        return key + "." + B64.encodeToString(enrolmentMac(letter, key));
    }

    /** The device key that an enrolment code registers, if its MAC matches the letter; otherwise an exception. */
    public static PublicKey verifyEnrolmentCode(ActivationLetter letter, String code) {
        String trimmed = code.strip();
        int dot = trimmed.lastIndexOf('.');
        if (dot < 1) {
            throw new PhotoTanException("enrolment code is not <key>.<mac>");
        }
        String key = trimmed.substring(0, dot);
        byte[] mac;
        try {
            mac = B64D.decode(trimmed.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new PhotoTanException("enrolment code's MAC is not base64url", e);
        }
        if (!MessageDigest.isEqual(mac, enrolmentMac(letter, key))) {
            throw new PhotoTanException("enrolment code does not answer this activation letter");
        }
        return decodePublicKey(key);
    }

    private static byte[] enrolmentMac(ActivationLetter letter, String encodedKey) {
        byte[] full = hmac(letter.secret(), ("mosaic-enrol:v1\n" + letter.realm() + "\n" + letter.username() + "\n"
                + encodedKey).getBytes(StandardCharsets.UTF_8));
        return java.util.Arrays.copyOf(full, 16);
    }

    /** Compares two TANs in constant time. */
    public static boolean sameTan(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.strip().getBytes(StandardCharsets.US_ASCII));
    }

    public static byte[] random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return out;
    }

    static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    static byte[] unb64(String text) {
        try {
            return B64D.decode(text);
        } catch (IllegalArgumentException e) {
            throw new PhotoTanException("'" + text + "' is not base64url", e);
        }
    }

    private static byte[] sharedKey(PrivateKey mine, PublicKey theirs, byte[] ephemeralSpki, byte[] deviceSpki)
            throws GeneralSecurityException {
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(mine);
        ecdh.doPhase(theirs, true);
        byte[] secret = ecdh.generateSecret();
        // HKDF-SHA256 (RFC 5869), one block of output
        byte[] prk = hmac("mosaic-phototan-seal:v1".getBytes(StandardCharsets.US_ASCII), secret);
        byte[] info = ByteBuffer.allocate(ephemeralSpki.length + deviceSpki.length + 1)
                .put(ephemeralSpki).put(deviceSpki).put((byte) 1).array();
        return hmac(prk, info);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new PhotoTanException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new PhotoTanException("SHA-256 is not available", e);
        }
    }
}
