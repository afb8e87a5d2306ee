package io.mosaic.hsm;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Key pairs made inside a token and the certificates (Bouncy Castle) that hold their public keys. */
final class TokenCertificates {
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenCertificates() {
    }

    /** An ECDSA P-256 key pair generated inside the token: the private key is sensitive and never extractable. */
    static KeyPair generateEcKeyPair(Pkcs11Token token) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", token.provider());
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            token.countCall();
            return generator.generateKeyPair();
        } catch (GeneralSecurityException | ProviderException e) {
            throw new TokenException(token.describe() + ": cannot generate an ECDSA P-256 key pair: " + e, e);
        }
    }

    /** Signs with a private key inside the token. */
    static ContentSigner signer(Pkcs11Token token, PrivateKey key) {
        try {
            token.countCall();
            return new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setProvider(token.provider()).build(key);
        } catch (OperatorCreationException | ProviderException e) {
            throw new TokenException(token.describe() + ": cannot sign with its key: " + e, e);
        }
    }

    /** A self-signed certificate; {@code ca} adds CA basic constraints and certificate/CRL signing usage. */
    static X509Certificate selfSigned(Pkcs11Token token, KeyPair pair, X500Name subject, Instant from, Instant to,
                                      boolean ca) {
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(from),
                    Date.from(to), subject, pair.getPublic())
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                        .addExtension(Extension.keyUsage, true,
                                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            }
            return toX509(builder, signer(token, pair.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new KeyException("cannot build a certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    static X509Certificate toX509(X509v3CertificateBuilder builder, ContentSigner signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertificateException e) {
            throw new KeyException("cannot encode a certificate: " + e.getMessage(), e);
        }
    }

    /** A positive random 127-bit serial number. */
    static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(0);
    }

    static boolean samePublicKey(PublicKey a, PublicKey b) {
        return java.util.Arrays.equals(a.getEncoded(), b.getEncoded());
    }
}
