package io.mosaic.identity.keycloak;

import io.mosaic.identity.IdentityException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority in memory (EC P-256, Bouncy Castle): issues the TLS certificate of the managed
 * Keycloak, and in tests stands in for the platform CA of {@code mosaic-hsm} (whose client certificates are factor 1)
 * until that lands. Replace by the HSM-backed CA; nothing else depends on this class's internals.
 */
public final class LocalCa {
    /** A key pair with its certificate, issued by this CA. */
    public record Issued(KeyPair keyPair, X509Certificate certificate, X509Certificate issuer) {
        /** A PKCS#12 key store holding the key and chain under alias {@code key}. */
        public KeyStore keyStore(char[] password) {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("key", keyPair.getPrivate(), password, new X509Certificate[]{certificate, issuer});
                return store;
            } catch (GeneralSecurityException | IOException e) {
                throw new IdentityException("cannot build a key store for " + certificate.getSubjectX500Principal(), e);
            }
        }
    }

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private long serial = System.currentTimeMillis();

    private LocalCa(KeyPair caKeys, X509Certificate caCertificate) {
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
    }

    public static LocalCa create(String commonName) {
        KeyPair keys = ecKeys();
        X500Name name = new X500Name("CN=" + commonName + ",O=Mosaic");
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    Date.from(Instant.now().minus(Duration.ofHours(1))), Date.from(Instant.now().plus(Duration.ofDays(3650))),
                    name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new LocalCa(keys, sign(builder, keys));
        } catch (IOException e) {
            throw new IdentityException("cannot build the CA certificate " + name, e);
        }
    }

    /**
     * The CA kept in a PKCS#12 file: loaded when {@code keyStore} exists, else created and written there (readable by
     * the owner only), so that certificates it issued stay trusted across restarts.
     */
    public static LocalCa openOrCreate(Path keyStore, char[] password, String commonName) {
        try {
            if (Files.exists(keyStore)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (var in = Files.newInputStream(keyStore)) {
                    store.load(in, password);
                }
                if (!(store.getKey("ca", password) instanceof java.security.PrivateKey key)
                        || !(store.getCertificate("ca") instanceof X509Certificate certificate)) {
                    throw new IdentityException(keyStore + " holds no CA key under alias 'ca'");
                }
                return new LocalCa(new KeyPair(certificate.getPublicKey(), key), certificate);
            }
            LocalCa created = create(commonName);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("ca", created.caKeys.getPrivate(), password, new X509Certificate[]{created.caCertificate});
            Files.createDirectories(keyStore.toAbsolutePath().getParent());
            Path written = keyStore.resolveSibling(keyStore.getFileName() + ".new");
            try (var out = Files.newOutputStream(written)) {
                store.store(out, password);
            }
            ownerOnly(written);
            Files.move(written, keyStore, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return created;
        } catch (GeneralSecurityException | IOException e) {
            throw new IdentityException("cannot open the CA key store " + keyStore + ": " + e.getMessage(), e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: the directory's permissions apply
        }
    }

    public X509Certificate certificate() {
        return caCertificate;
    }

    /** A TLS server certificate for 127.0.0.1 and localhost. */
    public Issued issueServer(String commonName) {
        return issue(commonName, true);
    }

    /** A TLS client certificate whose CN is the user name (what Keycloak's X.509 authenticator maps). */
    public Issued issueClient(String commonName) {
        return issue(commonName, false);
    }

    private synchronized Issued issue(String commonName, boolean server) {
        KeyPair keys = ecKeys();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, BigInteger.valueOf(++serial),
                    Date.from(Instant.now().minus(Duration.ofHours(1))), Date.from(Instant.now().plus(Duration.ofDays(825))),
                    new X500Name("CN=" + commonName + ",O=Mosaic"), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            if (server) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            return new Issued(keys, sign(builder, caKeys), caCertificate);
        } catch (IOException e) {
            throw new IdentityException("cannot issue a certificate for " + commonName, e);
        }
    }

    /** A certificate on this CA's revocation list. {@code reason} is an RFC 5280 CRLReason code. */
    public record Revoked(BigInteger serial, Instant revokedAt, int reason) {
    }

    /**
     * A CRL signed by this CA's key: this update {@code now}, next update {@code now + validity}, one entry per
     * revoked certificate, with the authority key identifier and a CRL number that grows with time.
     */
    public X509CRL crl(java.util.Collection<Revoked> revoked, Instant now, Duration validity) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(
                    caCertificate.getSubjectX500Principal().getEncoded()), Date.from(now));
            builder.setNextUpdate(Date.from(now.plus(validity)));
            for (Revoked r : revoked) {
                builder.addCRLEntry(r.serial(), Date.from(r.revokedAt()), r.reason());
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate));
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(now.toEpochMilli())));
            return new JcaX509CRLConverter().getCRL(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IdentityException("cannot sign the CRL of " + caCertificate.getSubjectX500Principal() + ": "
                    + e.getMessage(), e);
        }
    }

    /** An SSL context trusting this CA, presenting {@code client} when a server asks for a certificate. */
    public SSLContext sslContext(java.util.Optional<Issued> client) {
        return sslContext(caCertificate, client);
    }

    /** An SSL context trusting {@code trusted}, presenting {@code client} when a server asks for a certificate. */
    public static SSLContext sslContext(X509Certificate trusted, java.util.Optional<Issued> client) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", trusted);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            char[] password = "changeit".toCharArray();
            KeyStore keys = client.map(c -> c.keyStore(password)).orElse(null);
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(client.isPresent() ? kmf.getKeyManagers() : null, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IdentityException("cannot build an SSL context trusting " + trusted.getSubjectX500Principal(), e);
        }
    }

    /** PEM text of certificates and keys, in order. */
    public static String pem(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                pem.writeObject(object);
            }
        } catch (IOException e) {
            throw new IdentityException("cannot encode PEM", e);
        }
        return text.toString();
    }

    /** Writes a PEM file (certificate, chain or key). */
    public static void writePem(Path file, Object... objects) {
        String text = pem(objects);
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new IdentityException("cannot write " + file, e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IdentityException("cannot generate an EC P-256 key pair", e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IdentityException("cannot sign a certificate", e);
        }
    }
}
