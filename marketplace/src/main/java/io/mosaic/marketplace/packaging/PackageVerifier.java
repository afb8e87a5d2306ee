package io.mosaic.marketplace.packaging;

import io.mosaic.marketplace.packaging.PackageRefusal.Reason;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies a marketplace package: a plugin jar and its detached CMS signature ({@link PackageSigner}).
 * <p>
 * In this order, each failure a {@link Verification.Refused} with its {@link Reason}: the signature exists and is a
 * detached CMS SignedData with one signer; the signer's key is registered to a publisher; its certificate is valid
 * now; the SHA-256 digest of the jar's bytes equals the signed digest; the signature over the signed attributes
 * verifies with the registered key; only then is the manifest read (so nothing of an unverified jar is parsed
 * beyond its bytes being hashed), and it must name the signing publisher and be an app.
 * <p>
 * Thread-safe; reads the jar once to hash it and once more for the manifest. Verify a copy the caller owns
 * (the catalog verifies the copy in its store) so the file cannot change between the two reads.
 */
public final class PackageVerifier {
    private static final int MAX_SIGNATURE_BYTES = 64 * 1024;

    private final PublisherRegistry publishers;
    private final ManifestParser manifests;
    private final Clock clock;

    public PackageVerifier(PublisherRegistry publishers, ManifestParser manifests, Clock clock) {
        this.publishers = Objects.requireNonNull(publishers, "publishers");
        this.manifests = Objects.requireNonNull(manifests, "manifests");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Verifies {@code jar} with the signature beside it ({@link PackageSigner#signatureOf}). */
    public Verification verify(Path jar) {
        return verify(jar, PackageSigner.signatureOf(jar));
    }

    public Verification verify(Path jar, Path signatureFile) {
        String name = jar.getFileName().toString();
        if (!Files.isRegularFile(jar)) {
            return Verification.refused(Reason.BAD_MANIFEST, name + ": no such jar (" + jar + ")");
        }
        Optional<byte[]> signatureBytes = readSignature(signatureFile);
        if (signatureBytes.isEmpty()) {
            return Verification.refused(Reason.UNSIGNED, name + " is not signed: no signature " + signatureFile.getFileName()
                    + " beside it (sign it with PackageSigner; unsigned packages are never accepted)");
        }
        CMSSignedData parsed;
        try {
            parsed = new CMSSignedData(signatureBytes.get());
        } catch (CMSException | RuntimeException e) {
            return Verification.refused(Reason.MALFORMED_SIGNATURE, name + ": " + signatureFile.getFileName()
                    + " is not a CMS signature (expected DER SignedData from PackageSigner): " + e.getMessage());
        }
        if (parsed.getSignedContent() != null) {
            return Verification.refused(Reason.MALFORMED_SIGNATURE, name + ": " + signatureFile.getFileName()
                    + " embeds content; a package signature must be detached (it signs the jar beside it)");
        }
        Collection<SignerInformation> signers = parsed.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            return Verification.refused(Reason.MALFORMED_SIGNATURE, name + ": the signature has " + signers.size()
                    + " signers; a package is signed by exactly one publisher key");
        }
        SignerInformation signer = signers.iterator().next();
        Optional<Match> match = registeredSigner(signer.getSID());
        if (match.isEmpty()) {
            return Verification.refused(Reason.UNKNOWN_PUBLISHER, name + " is signed by a key that is registered to no "
                    + "publisher (" + describe(parsed, signer.getSID()) + "); the publisher must register its "
                    + "certificate with the marketplace first");
        }
        Publisher publisher = match.get().publisher();
        X509Certificate certificate = match.get().certificate();
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return Verification.refused(Reason.CERTIFICATE_NOT_VALID, name + ": the signing certificate of publisher '"
                    + publisher.name() + "' is valid from " + certificate.getNotBefore().toInstant() + " to "
                    + certificate.getNotAfter().toInstant() + ", not now (" + clock.instant() + ")");
        }
        if (!NISTObjectIdentifiers.id_sha256.getId().equals(signer.getDigestAlgOID())) {
            return Verification.refused(Reason.BAD_SIGNATURE, name + ": signed with digest algorithm "
                    + signer.getDigestAlgOID() + "; packages are signed over their SHA-256 digest");
        }
        byte[] digest = sha256(jar);
        try {
            CMSSignedData withDigest = new CMSSignedData(Map.of(NISTObjectIdentifiers.id_sha256, digest),
                    signatureBytes.get());
            SignerInformation toVerify = withDigest.getSignerInfos().getSigners().iterator().next();
            boolean valid = toVerify.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(PublisherKeys.BC)
                    .build(certificate));
            if (!valid) {
                return Verification.refused(Reason.BAD_SIGNATURE, name + ": the signature does not verify with the "
                        + "registered key of publisher '" + publisher.name() + "' (" + subject(certificate) + ")");
            }
        } catch (CMSSignerDigestMismatchException e) {
            return Verification.refused(Reason.MODIFIED, name + " was modified after it was signed: its SHA-256 "
                    + HexFormat.of().formatHex(digest) + " is not the digest publisher '" + publisher.name()
                    + "' signed");
        } catch (CMSVerifierCertificateNotValidException e) {
            return Verification.refused(Reason.CERTIFICATE_NOT_VALID, name + ": publisher '" + publisher.name()
                    + "' signed it at a time its certificate was not valid: " + e.getMessage());
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            return Verification.refused(Reason.BAD_SIGNATURE, name + ": the signature of publisher '"
                    + publisher.name() + "' cannot be verified: " + e.getMessage());
        }
        PluginManifest manifest;
        try {
            manifest = manifests.read(jar);
        } catch (RuntimeException e) {
            return Verification.refused(Reason.BAD_MANIFEST, name + ": the manifest is not valid: " + e.getMessage());
        }
        if (!manifest.publisher().equals(publisher.name())) {
            return Verification.refused(Reason.PUBLISHER_MISMATCH, name + ": the manifest names publisher '"
                    + manifest.publisher() + "' but the package is signed by the key of publisher '"
                    + publisher.name() + "'");
        }
        if (manifest.kind() != PluginKind.APP) {
            return Verification.refused(Reason.NOT_AN_APP, name + ": " + manifest.plugin() + " is a "
                    + manifest.kind().name().toLowerCase(Locale.ROOT)
                    + " plugin; the marketplace offers apps (kind: app) only");
        }
        return new Verification.Verified(jar, manifest, HexFormat.of().formatHex(digest), certificate);
    }

    private record Match(Publisher publisher, X509Certificate certificate) {
    }

    private Optional<Match> registeredSigner(SignerId sid) {
        for (Publisher publisher : publishers.all()) {
            for (X509Certificate certificate : publisher.certificates()) {
                if (sid.match(holder(certificate))) {
                    return Optional.of(new Match(publisher, certificate));
                }
            }
        }
        return Optional.empty();
    }

    private static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new JcaX509CertificateHolder(certificate);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("registered certificate " + subject(certificate) + " cannot be encoded", e);
        }
    }

    /** The signer's certificate subject when the signature carries it, else its issuer and serial number. */
    @SuppressWarnings("unchecked")
    private static String describe(CMSSignedData signed, SignerId sid) {
        Collection<X509CertificateHolder> carried = signed.getCertificates().getMatches(sid);
        if (!carried.isEmpty()) {
            return "certificate " + carried.iterator().next().getSubject();
        }
        return "issuer " + sid.getIssuer() + ", serial " + sid.getSerialNumber();
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static Optional<byte[]> readSignature(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                return Optional.empty();
            }
            if (Files.size(file) > MAX_SIGNATURE_BYTES) {
                return Optional.of(new byte[]{0}); // refused as malformed: no package signature is that large
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signature " + file, e);
        }
    }

    static byte[] sha256(Path jar) {
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return digest.digest();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
