package io.mosaic.marketplace.packaging;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * A publisher's signing key (ECDSA P-256) and its certificate, and their PEM files. A publisher generates them once
 * ({@code PackageSigner keygen}), keeps the key, and gives the certificate to the platform operator, who registers it
 * in the {@link PublisherRegistry}. The certificate is self-signed: the marketplace trusts it because the operator
 * registered it, not because of who issued it.
 */
public record PublisherKeys(PrivateKey privateKey, X509Certificate certificate) {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    public PublisherKeys {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** A new key pair with a certificate for {@code publisher} valid from {@code notBefore} for {@code validity}. */
    public static PublisherKeys generate(String publisher, Instant notBefore, Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, publisher)
                    .addRDN(BCStyle.OU, "Mosaic marketplace publisher").build();
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(notBefore),
                    Date.from(notBefore.plus(validity)), subject, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return new PublisherKeys(pair.getPrivate(),
                    new JcaX509CertificateConverter().setProvider(BC).getCertificate(holder));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a publisher key for '" + publisher + "': " + e, e);
        }
    }

    /** Writes {@code publisher-key.pem} (PKCS#8, keep it secret) and {@code publisher-cert.pem} into {@code dir}. */
    public void writePem(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("publisher-key.pem"), pem(new JcaPKCS8Generator(privateKey, null).generate()));
            Files.writeString(dir.resolve("publisher-cert.pem"), certificatePem(certificate));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write publisher keys to " + dir, e);
        }
    }

    public static String certificatePem(X509Certificate certificate) {
        return pem(certificate);
    }

    /** Reads a key written by {@link #writePem} (or any PKCS#8 / OpenSSL EC or RSA key) and a certificate. */
    public static PublisherKeys readPem(Path keyFile, Path certificateFile) {
        return new PublisherKeys(readPrivateKey(keyFile), readCertificate(certificateFile));
    }

    public static X509Certificate readCertificate(Path file) {
        Object object = readPemObject(file);
        if (!(object instanceof X509CertificateHolder holder)) {
            throw new IllegalArgumentException(file + ": not a PEM certificate (expected -----BEGIN CERTIFICATE-----)");
        }
        try {
            return new JcaX509CertificateConverter().setProvider(BC).getCertificate(holder);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": not a usable X.509 certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey readPrivateKey(Path file) {
        Object object = readPemObject(file);
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BC);
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a usable private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(file + ": not an unencrypted PEM private key "
                + "(expected -----BEGIN PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
    }

    private static Object readPemObject(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (object == null) {
                throw new IllegalArgumentException(file + ": contains no PEM object");
            }
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read as PEM", e);
        }
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PEM", e);
        }
        return text.toString();
    }
}
