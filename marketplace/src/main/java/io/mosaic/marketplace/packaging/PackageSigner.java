package io.mosaic.marketplace.packaging;

import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableFile;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Signs a plugin jar for the marketplace: writes {@code <jar>.p7s} beside it, a DER CMS SignedData (RFC 5652) that is
 * <em>detached</em> (it does not contain the jar) with one signer whose signed attributes carry the SHA-256 digest of
 * the jar's bytes, the content type and the signing time, and which includes the signer's certificate.
 *
 * <pre>
 * java -cp mosaic-marketplace.jar:bcprov.jar:bcpkix.jar:bcutil.jar io.mosaic.marketplace.packaging.PackageSigner \
 *     keygen "Acme Analytics" keys/          # once: keys/publisher-key.pem, keys/publisher-cert.pem
 * java ... PackageSigner sign target/acme-esg-1.0.0.jar keys/publisher-key.pem keys/publisher-cert.pem
 * </pre>
 */
public final class PackageSigner {
    /** The extension of the signature file beside the jar. */
    public static final String SIGNATURE_SUFFIX = ".p7s";

    private final PublisherKeys keys;

    public PackageSigner(PublisherKeys keys) {
        this.keys = keys;
    }

    /** Where the signature of {@code jar} lives: {@code <jar>.p7s} in the same folder. */
    public static Path signatureOf(Path jar) {
        return jar.resolveSibling(jar.getFileName() + SIGNATURE_SUFFIX);
    }

    /** Signs the jar and writes its signature to {@link #signatureOf}; returns that path. */
    public Path sign(Path jar) {
        Path signature = signatureOf(jar);
        try {
            Files.write(signature, signature(jar));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the signature " + signature, e);
        }
        return signature;
    }

    /** The DER bytes of a detached CMS signature of the jar. */
    public byte[] signature(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + ": no such jar");
        }
        try {
            ContentSigner signer = new JcaContentSignerBuilder(algorithm()).setProvider(PublisherKeys.BC)
                    .build(keys.privateKey());
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(PublisherKeys.BC).build())
                    .build(signer, keys.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(keys.certificate())));
            CMSSignedData signed = generator.generate(new CMSProcessableFile(jar.toFile()), false);
            return signed.getEncoded();
        } catch (OperatorCreationException | CertificateEncodingException | CMSException e) {
            throw new IllegalStateException("cannot sign " + jar + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sign " + jar, e);
        }
    }

    private String algorithm() {
        return switch (keys.privateKey().getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("publisher keys of type " + keys.privateKey().getAlgorithm()
                    + " are not supported (use EC P-256, RSA or Ed25519)");
        };
    }

    /** {@code keygen <publisher> <dir>} or {@code sign <jar> <key.pem> <cert.pem>}. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 3 && args[0].equals("keygen")) {
                PublisherKeys generated = PublisherKeys.generate(args[1], Instant.now(), Duration.ofDays(3 * 365));
                Path dir = Path.of(args[2]);
                generated.writePem(dir);
                out.println("wrote " + dir.resolve("publisher-key.pem") + " (keep it secret) and "
                        + dir.resolve("publisher-cert.pem") + " (send it to the platform operator)");
                return 0;
            }
            if (args.length == 4 && args[0].equals("sign")) {
                Path signature = new PackageSigner(PublisherKeys.readPem(Path.of(args[2]), Path.of(args[3])))
                        .sign(Path.of(args[1]));
                out.println("wrote " + signature);
                return 0;
            }
        } catch (RuntimeException e) {
            err.println("PackageSigner: " + e.getMessage());
            return 1;
        }
        err.println("usage: PackageSigner keygen <publisher name> <dir>\n"
                + "       PackageSigner sign <jar> <publisher-key.pem> <publisher-cert.pem>");
        return 2;
    }
}
