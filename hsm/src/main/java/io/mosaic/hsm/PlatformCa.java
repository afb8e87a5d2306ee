package io.mosaic.hsm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * The platform CA: an ECDSA P-256 root key inside the token ({@code platform/ca/v1}, sensitive, never extractable)
 * with a self-signed root certificate stored beside it. It issues client certificates for end clients (the first
 * login factor), delivered as a PKCS#12 file under a generated one-time password, and signs a CRL that the identity
 * provider checks.
 *
 * <p>Revocations are kept in memory; the caller persists each returned {@link Revocation} (in its journal) and
 * hands them back to {@link #open(Pkcs11Token, String, Clock, Collection)} on start.
 */
public final class PlatformCa {
    static final KeyRef ROOT = new KeyRef("platform", "ca", 1);
    private static final Duration ROOT_VALIDITY = Duration.ofDays(20 * 365);
    private static final Duration CRL_VALIDITY = Duration.ofDays(1);
    private static final char[] PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
            .toCharArray();
    private static final int PASSWORD_LENGTH = 24;

    /** A revoked certificate. {@code reason} is an RFC 5280 CRLReason code (e.g. 1 keyCompromise, 4 superseded). */
    public record Revocation(BigInteger serial, Instant revokedAt, int reason) {
        public Revocation {
            Objects.requireNonNull(serial, "serial");
            Objects.requireNonNull(revokedAt, "revokedAt");
            if (reason < 0 || reason > 10 || reason == 7) {
                throw new IllegalArgumentException("CRL reason " + reason + " is not an RFC 5280 reason code");
            }
        }
    }

    private final Pkcs11Token token;
    private final Clock clock;
    private final PrivateKey rootKey;
    private final X509Certificate root;
    private final SecureRandom random = new SecureRandom();
    private final Map<BigInteger, Revocation> revoked = new ConcurrentHashMap<>();
    private final AtomicLong crlNumber;

    private PlatformCa(Pkcs11Token token, Clock clock, PrivateKey rootKey, X509Certificate root) {
        this.token = token;
        this.clock = clock;
        this.rootKey = rootKey;
        this.root = root;
        this.crlNumber = new AtomicLong(clock.millis());
    }

    public static PlatformCa open(Pkcs11Token token, String caName, Clock clock) {
        return open(token, caName, clock, java.util.List.of());
    }

    /**
     * Opens the CA in the token, creating its root key and self-signed root certificate on first use.
     *
     * @param caName      the root's common name, e.g. {@code Mosaic Platform CA}
     * @param revocations revocations recorded earlier
     */
    public static PlatformCa open(Pkcs11Token token, String caName, Clock clock, Collection<Revocation> revocations) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(caName, "caName");
        Objects.requireNonNull(clock, "clock");
        String alias = ROOT.toString();
        PrivateKey key = token.privateKey(alias).orElse(null);
        X509Certificate certificate = token.certificate(alias).orElse(null);
        if (key == null || certificate == null) {
            KeyPair pair = TokenCertificates.generateEcKeyPair(token);
            Instant now = clock.instant();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Mosaic")
                    .addRDN(BCStyle.CN, caName).build();
            certificate = TokenCertificates.selfSigned(token, pair, subject, now.minusSeconds(60),
                    now.plus(ROOT_VALIDITY), true);
            token.storePrivateKey(alias, pair.getPrivate(), new X509Certificate[] {certificate});
            key = token.privateKey(alias).orElseThrow(() -> new TokenException(token.describe()
                    + ": the CA key was stored but cannot be found again", null));
        }
        PlatformCa ca = new PlatformCa(token, clock, key, certificate);
        revocations.forEach(r -> ca.revoked.put(r.serial(), r));
        return ca;
    }

    /** The root certificate: the trust anchor the identity provider is configured with. */
    public X509Certificate rootCertificate() {
        return root;
    }

    /**
     * Issues a client certificate (ECDSA P-256, client authentication) for {@code subject} of {@code tenant}; the key
     * pair is made in software for the client and leaves only inside the PKCS#12 file.
     */
    public IssuedClientCertificate issueClientCertificate(String tenant, String subject, Duration validity) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(subject, "subject");
        KeyPair client = clientKeyPair();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Mosaic").addRDN(BCStyle.OU, tenant)
                .addRDN(BCStyle.CN, subject).build();
        X509Certificate certificate = issue(name, client, validity, KeyPurposeId.id_kp_clientAuth, null);
        char[] password = oneTimePassword();
        return new IssuedClientCertificate(certificate, pkcs12(client.getPrivate(), certificate, password), password);
    }

    /**
     * Issues a TLS server certificate (ECDSA P-256, server authentication) for the platform's own listener: common
     * name {@code host}, subject alternative names {@code 127.0.0.1}, {@code localhost} and {@code host}. The key
     * pair is made in software: the listener holds it in memory, as any TLS server does.
     */
    public ServerCertificate issueServerCertificate(String host, Duration validity) {
        Objects.requireNonNull(host, "host");
        KeyPair server = clientKeyPair();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Mosaic").addRDN(BCStyle.CN, host).build();
        java.util.List<GeneralName> names = new java.util.ArrayList<>(java.util.List.of(
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")));
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            names.add(host.matches("[0-9.]+|[0-9a-fA-F:]+") ? new GeneralName(GeneralName.iPAddress, host)
                    : new GeneralName(GeneralName.dNSName, host));
        }
        return new ServerCertificate(server, issue(name, server, validity, KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(names.toArray(GeneralName[]::new))), root);
    }

    /** A TLS server's key pair and certificate, and the root that issued it (the chain to present). */
    public record ServerCertificate(KeyPair keyPair, X509Certificate certificate, X509Certificate root) {
    }

    /** A certificate for {@code keys} under {@code name}, signed by the root key in the token. */
    private X509Certificate issue(X500Name name, KeyPair keys, Duration validity, KeyPurposeId purpose,
                                  GeneralNames alternativeNames) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("certificate validity must be positive, was " + validity);
        }
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root, TokenCertificates.serial(),
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(validity)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(root));
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
            return TokenCertificates.toX509(builder, TokenCertificates.signer(token, rootKey));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new KeyException("cannot build the certificate of " + name + ": " + e.getMessage(), e);
        }
    }

    /** Revokes a certificate; it appears in every CRL from now on. Persist the returned record. */
    public Revocation revoke(BigInteger serial, int reason) {
        Revocation revocation = new Revocation(serial, clock.instant(), reason);
        Revocation earlier = revoked.putIfAbsent(serial, revocation);
        return earlier == null ? revocation : earlier;
    }

    /** Records a revocation made (and persisted) elsewhere; a serial revoked before keeps its first record. */
    public Revocation revoke(Revocation revocation) {
        Objects.requireNonNull(revocation, "revocation");
        Revocation earlier = revoked.putIfAbsent(revocation.serial(), revocation);
        return earlier == null ? revocation : earlier;
    }

    public boolean isRevoked(BigInteger serial) {
        return revoked.containsKey(serial);
    }

    /** A CRL signed by the root key in the token, valid for one day; publish it where the identity provider reads. */
    public X509CRL crl() {
        Instant now = clock.instant();
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(
                    root.getSubjectX500Principal().getEncoded()), Date.from(now));
            builder.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
            for (Revocation revocation : revoked.values()) {
                builder.addCRLEntry(revocation.serial(), Date.from(revocation.revokedAt()), revocation.reason());
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(root));
            builder.addExtension(Extension.cRLNumber, false,
                    new CRLNumber(BigInteger.valueOf(crlNumber.incrementAndGet())));
            return new JcaX509CRLConverter().getCRL(builder.build(TokenCertificates.signer(token, rootKey)));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new KeyException("cannot build the CRL of " + root.getSubjectX500Principal() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The CRL in DER, e.g. for a file the identity provider reads. */
    public byte[] crlEncoded() {
        try {
            return crl().getEncoded();
        } catch (CRLException e) {
            throw new KeyException("cannot encode the CRL: " + e.getMessage(), e);
        }
    }

    private KeyPair clientKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot generate a client key pair: " + e.getMessage(), e);
        }
    }

    private char[] oneTimePassword() {
        char[] password = new char[PASSWORD_LENGTH];
        for (int i = 0; i < password.length; i++) {
            password[i] = PASSWORD_ALPHABET[random.nextInt(PASSWORD_ALPHABET.length)];
        }
        return password;
    }

    private byte[] pkcs12(PrivateKey key, X509Certificate certificate, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, password, new X509Certificate[] {certificate, root});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyException("cannot build the PKCS#12 file of " + certificate.getSubjectX500Principal()
                    + ": " + e.getMessage(), e);
        }
    }
}
