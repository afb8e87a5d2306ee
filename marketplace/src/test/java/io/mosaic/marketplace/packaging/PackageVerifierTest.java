package io.mosaic.marketplace.packaging;

import io.mosaic.marketplace.TestPackages;
import io.mosaic.marketplace.packaging.PackageRefusal.Reason;
import io.mosaic.runtime.host.ManifestReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static io.mosaic.marketplace.TestPackages.ACME;
import static org.assertj.core.api.Assertions.assertThat;

class PackageVerifierTest {
    private static final PublisherKeys ACME_KEYS = TestPackages.keys(ACME);
    private static final PublisherKeys OTHER_KEYS = TestPackages.keys("Other Fintech GmbH");

    @TempDir
    Path dir;

    private final PublisherRegistry registry = new InMemoryPublisherRegistry();
    private final PackageVerifier verifier = new PackageVerifier(registry, new ManifestReader()::read,
            Clock.systemUTC());

    PackageVerifierTest() {
        registry.register(ACME, ACME_KEYS.certificate());
        registry.register("Other Fintech GmbH", OTHER_KEYS.certificate());
    }

    private Path signedAcmeJar() {
        Path jar = TestPackages.appJar(dir, "esg-screening", "1.0.0", ACME);
        new PackageSigner(ACME_KEYS).sign(jar);
        return jar;
    }

    private static PackageRefusal refusal(Verification verification) {
        assertThat(verification).isInstanceOf(Verification.Refused.class);
        return ((Verification.Refused) verification).refusal();
    }

    @Test
    void signedPackageOfARegisteredPublisher_isVerified() {
        Path jar = signedAcmeJar();

        Verification verification = verifier.verify(jar);

        assertThat(verification).isInstanceOfSatisfying(Verification.Verified.class, verified -> {
            assertThat(verified.manifest().plugin().toString()).isEqualTo("esg-screening@1.0.0");
            assertThat(verified.manifest().scopes()).extracting(s -> s.scope())
                    .containsExactly("custody.positions.read", "assets.valuations.read");
            assertThat(verified.sha256()).hasSize(64);
            assertThat(verified.signer()).isEqualTo(ACME_KEYS.certificate());
        });
    }

    @Test
    void signatureIsDetachedCms_andDoesNotContainTheJar() throws Exception {
        Path signature = PackageSigner.signatureOf(signedAcmeJar());

        org.bouncycastle.cms.CMSSignedData cms = new org.bouncycastle.cms.CMSSignedData(Files.readAllBytes(signature));

        assertThat(cms.getSignedContent()).isNull();
        assertThat(cms.getSignerInfos().size()).isEqualTo(1);
        assertThat(Files.size(signature)).isLessThan(2_000);
    }

    @Test
    void modifiedJar_isRefused() throws Exception {
        Path jar = signedAcmeJar();
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(jar, bytes);

        PackageRefusal refusal = refusal(verifier.verify(jar));

        assertThat(refusal.reason()).isEqualTo(Reason.MODIFIED);
        assertThat(refusal.message()).contains("esg-screening-1.0.0.jar was modified after it was signed",
                "publisher '" + ACME + "'");
    }

    @Test
    void jarWithAnAddedEntry_isRefused() {
        Path jar = signedAcmeJar();
        Path signature = PackageSigner.signatureOf(jar);
        // same manifest, one more class: another jar under the old signature
        TestPackages.jar(jar, TestPackages.manifest("esg-screening", "1.0.0", ACME, "app"), 16);

        assertThat(refusal(verifier.verify(jar, signature)).reason()).isEqualTo(Reason.MODIFIED);
    }

    @Test
    void unsignedJar_isRefused() {
        Path jar = TestPackages.appJar(dir, "esg-screening", "1.0.0", ACME);

        PackageRefusal refusal = refusal(verifier.verify(jar));

        assertThat(refusal.reason()).isEqualTo(Reason.UNSIGNED);
        assertThat(refusal.message()).contains("esg-screening-1.0.0.jar is not signed",
                "esg-screening-1.0.0.jar.p7s");
    }

    @Test
    void packageOfAnUnknownPublisher_isRefused() {
        PublisherKeys stranger = TestPackages.keys("Unknown Ltd");
        Path jar = TestPackages.appJar(dir, "esg-screening", "1.0.0", "Unknown Ltd");
        new PackageSigner(stranger).sign(jar);

        PackageRefusal refusal = refusal(verifier.verify(jar));

        assertThat(refusal.reason()).isEqualTo(Reason.UNKNOWN_PUBLISHER);
        assertThat(refusal.message()).contains("registered to no publisher", "CN=Unknown Ltd");
    }

    @Test
    void packageSignedWithAnUnregisteredKey_claimingARegisteredPublisher_isRefused() {
        PublisherKeys impostor = TestPackages.keys(ACME); // same name, another key
        Path jar = TestPackages.appJar(dir, "esg-screening", "1.0.0", ACME);
        new PackageSigner(impostor).sign(jar);

        assertThat(refusal(verifier.verify(jar)).reason()).isEqualTo(Reason.UNKNOWN_PUBLISHER);
    }

    @Test
    void packageSignedByAnotherRegisteredPublisher_isRefused() {
        Path jar = TestPackages.appJar(dir, "esg-screening", "1.0.0", ACME);
        new PackageSigner(OTHER_KEYS).sign(jar);

        PackageRefusal refusal = refusal(verifier.verify(jar));

        assertThat(refusal.reason()).isEqualTo(Reason.PUBLISHER_MISMATCH);
        assertThat(refusal.message()).contains("manifest names publisher '" + ACME + "'",
                "signed by the key of publisher 'Other Fintech GmbH'");
    }

    @Test
    void corruptedSignature_isRefused() throws Exception {
        Path jar = signedAcmeJar();
        Path signature = PackageSigner.signatureOf(jar);
        byte[] bytes = Files.readAllBytes(signature);
        bytes[bytes.length - 10] ^= 0x01; // inside the signature value at the end of the SignerInfo
        Files.write(signature, bytes);

        PackageRefusal refusal = refusal(verifier.verify(jar));

        assertThat(refusal.reason()).isIn(Reason.BAD_SIGNATURE, Reason.MALFORMED_SIGNATURE);
    }

    @Test
    void signatureFileThatIsNotCms_isRefused() throws Exception {
        Path jar = TestPackages.appJar(dir, "esg-screening", "1.0.0", ACME);
        Files.writeString(PackageSigner.signatureOf(jar), "-----BEGIN PGP SIGNATURE-----\n");

        PackageRefusal refusal = refusal(verifier.verify(jar));

        assertThat(refusal.reason()).isEqualTo(Reason.MALFORMED_SIGNATURE);
        assertThat(refusal.message()).contains("is not a CMS signature");
    }

    @Test
    void revokedKey_isRefused() {
        Path jar = signedAcmeJar();
        registry.revoke(ACME, ACME_KEYS.certificate());

        assertThat(refusal(verifier.verify(jar)).reason()).isEqualTo(Reason.UNKNOWN_PUBLISHER);
    }

    @Test
    void expiredCertificate_isRefused() {
        Path jar = signedAcmeJar();
        Clock inTwoYears = Clock.fixed(Instant.now().plus(Duration.ofDays(730)), ZoneOffset.UTC);

        PackageRefusal refusal = refusal(new PackageVerifier(registry, new ManifestReader()::read, inTwoYears)
                .verify(jar));

        assertThat(refusal.reason()).isEqualTo(Reason.CERTIFICATE_NOT_VALID);
    }

    @Test
    void domainBundle_isRefused() {
        Path jar = TestPackages.jar(dir.resolve("custody-9.jar"), TestPackages.manifest("custody", "9", ACME, "domain"),
                0);
        new PackageSigner(ACME_KEYS).sign(jar);

        PackageRefusal refusal = refusal(verifier.verify(jar));

        assertThat(refusal.reason()).isEqualTo(Reason.NOT_AN_APP);
    }

    @Test
    void invalidManifest_isRefused_withTheReadersMessage() {
        Path jar = TestPackages.jar(dir.resolve("broken.jar"), "id: broken\nversion: 1\n", 0);
        new PackageSigner(ACME_KEYS).sign(jar);

        PackageRefusal refusal = refusal(verifier.verify(jar));

        assertThat(refusal.reason()).isEqualTo(Reason.BAD_MANIFEST);
        assertThat(refusal.message()).contains("field 'publisher'");
    }

    @Test
    void signerCli_generatesKeys_andSignsAJar_thatVerifies() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path keys = dir.resolve("keys");

        int generated = PackageSigner.run(new String[]{"keygen", "Cli Publisher", keys.toString()},
                new PrintStream(out), new PrintStream(err));
        Path jar = TestPackages.appJar(dir, "cli-app", "2.0.0", "Cli Publisher");
        int signed = PackageSigner.run(new String[]{"sign", jar.toString(), keys.resolve("publisher-key.pem").toString(),
                keys.resolve("publisher-cert.pem").toString()}, new PrintStream(out), new PrintStream(err));
        registry.register("Cli Publisher", PublisherKeys.readCertificate(keys.resolve("publisher-cert.pem")));

        assertThat(generated).isZero();
        assertThat(signed).as(err.toString()).isZero();
        assertThat(verifier.verify(jar)).isInstanceOf(Verification.Verified.class);
        assertThat(PackageSigner.run(new String[]{"sign"}, new PrintStream(out), new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("usage: PackageSigner");
    }
}
