package io.mosaic.hsm;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Signs operations of high value (a grant, a marketplace install, a destruction of keys) with an ECDSA P-256 key
 * per tenant that lives inside the token ({@code <tenant>/hv/v1}, sensitive, never extractable); every signature
 * is one call into the token. Verification uses the public key from the certificate stored beside the key (the
 * JDK's PKCS#11 key store finds a private key by alias only with a certificate), in software.
 *
 * <p>Per-message signing stays with the Ed25519 keys of {@link KeyService#signer}: a network HSM signs only a few
 * thousand times a second.
 */
public final class HighValueSigner {
    private static final String NAME = "hv";
    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

    private final Pkcs11Token token;
    private final Clock clock;
    private final ReentrantLock createLock = new ReentrantLock();
    private final Map<KeyRef, PrivateKey> privateKeys = new ConcurrentHashMap<>();
    private final Map<KeyRef, PublicKey> publicKeys = new ConcurrentHashMap<>();

    private HighValueSigner(Pkcs11Token token, Clock clock) {
        this.token = token;
        this.clock = clock;
    }

    /** Over an open token; the caller keeps ownership of it. */
    public static HighValueSigner open(Pkcs11Token token, Clock clock) {
        return new HighValueSigner(Objects.requireNonNull(token, "token"), Objects.requireNonNull(clock, "clock"));
    }

    /** Creates the tenant's key in the token when it does not exist; returns its reference. Idempotent. */
    public KeyRef createKey(String tenant) {
        KeyRef ref = new KeyRef(tenant, NAME, 1);
        if (privateKey(ref).isPresent()) {
            return ref;
        }
        createLock.lock();
        try {
            if (privateKey(ref).isPresent()) {
                return ref;
            }
            KeyPair pair = TokenCertificates.generateEcKeyPair(token);
            Instant now = clock.instant();
            X509Certificate certificate = TokenCertificates.selfSigned(token, pair, new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Mosaic").addRDN(BCStyle.OU, tenant)
                    .addRDN(BCStyle.CN, "high-value signing key " + ref).build(), now.minusSeconds(60),
                    now.plus(CERTIFICATE_VALIDITY), false);
            token.storePrivateKey(ref.toString(), pair.getPrivate(), new X509Certificate[] {certificate});
            return ref;
        } finally {
            createLock.unlock();
        }
    }

    /** The tenant's key, if it was created. */
    public Optional<KeyRef> key(String tenant) {
        KeyRef ref = new KeyRef(tenant, NAME, 1);
        return privateKey(ref).map(k -> ref);
    }

    /**
     * Signs {@code data} inside the token with the tenant's key.
     *
     * @throws KeyException when the tenant has no high-value key ({@link #createKey} first) or the token fails
     */
    public HighValueSignature sign(String tenant, byte[] data) {
        Objects.requireNonNull(data, "data");
        KeyRef ref = new KeyRef(tenant, NAME, 1);
        PrivateKey key = privateKey(ref).orElseThrow(() -> new KeyException("tenant " + tenant
                + " has no high-value signing key in " + token.describe() + "; create it first"));
        try {
            Signature signature = Signature.getInstance(TokenCertificates.SIGNATURE_ALGORITHM, token.provider());
            token.countCall();
            signature.initSign(key);
            signature.update(data);
            return new HighValueSignature(ref, signature.sign());
        } catch (GeneralSecurityException | ProviderException e) {
            privateKeys.remove(ref);
            throw new TokenException(token.describe() + ": cannot sign with " + ref + ": " + e, e);
        }
    }

    /** True when {@code signature} is the signature of {@code data} by the key {@code ref}; false otherwise. */
    public boolean verify(KeyRef ref, byte[] data, byte[] signature) {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(signature, "signature");
        Optional<PublicKey> publicKey = publicKey(ref);
        if (publicKey.isEmpty()) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(TokenCertificates.SIGNATURE_ALGORITHM);
            verifier.initVerify(publicKey.get());
            verifier.update(data);
            return verifier.verify(signature);
        } catch (java.security.SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot verify a signature by " + ref + ": " + e.getMessage(), e);
        }
    }

    /** The public key of {@code ref}, e.g. to publish it beside the audit trail. */
    public Optional<PublicKey> publicKey(KeyRef ref) {
        PublicKey known = publicKeys.get(ref);
        if (known != null) {
            return Optional.of(known);
        }
        if (!ref.name().equals(NAME)) {
            return Optional.empty();
        }
        Optional<PublicKey> found = token.certificate(ref.toString()).map(X509Certificate::getPublicKey);
        found.ifPresent(k -> publicKeys.put(ref, k));
        return found;
    }

    private Optional<PrivateKey> privateKey(KeyRef ref) {
        PrivateKey known = privateKeys.get(ref);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<PrivateKey> found = token.privateKey(ref.toString());
        found.ifPresent(k -> privateKeys.put(ref, k));
        return found;
    }
}
