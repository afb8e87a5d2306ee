package io.mosaic.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlatformCaTest {
    private Pkcs11Token token;
    private PlatformCa ca;

    @BeforeEach
    void openCa() {
        token = Pkcs11Token.open(SoftHsmFixture.config(SoftHsmFixture.SIGNING));
        ca = PlatformCa.open(token, "Mosaic Test Platform CA", Clock.systemUTC());
    }

    @AfterEach
    void close() {
        token.close();
    }

    private void validate(X509Certificate certificate, boolean revocationChecking, X509CRL crl) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.rootCertificate(), null)));
        parameters.setRevocationEnabled(revocationChecking);
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crl))));
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(certificate)), parameters);
    }

    @Test
    void rootKey_isInTheToken_andTheRootIsACa() {
        PrivateKey key = token.privateKey(PlatformCa.ROOT.toString()).orElseThrow();

        assertThat(key.getEncoded()).isNull();
        assertThat(ca.rootCertificate().getBasicConstraints()).isZero();
        assertThat(ca.rootCertificate().getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.rootCertificate().getKeyUsage()[6]).as("cRLSign").isTrue();
        PlatformCa reopened = PlatformCa.open(token, "ignored: the root exists", Clock.systemUTC());
        assertThat(reopened.rootCertificate()).isEqualTo(ca.rootCertificate());
    }

    @Test
    void issuedClientCertificate_validatesAgainstTheCa_withRevocationChecking() throws Exception {
        IssuedClientCertificate issued = ca.issueClientCertificate("demo", "alice@example.com", Duration.ofDays(365));

        validate(issued.certificate(), true, ca.crl());
        assertThat(issued.certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
        assertThat(issued.certificate().getSubjectX500Principal().getName()).contains("CN=alice@example.com",
                "OU=demo");
    }

    @Test
    void pkcs12File_opensWithTheOneTimePasswordOnly() throws Exception {
        IssuedClientCertificate issued = ca.issueClientCertificate("demo", "bob", Duration.ofDays(30));

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(issued.pkcs12()), issued.oneTimePassword());
        assertThat(store.getKey("client", issued.oneTimePassword())).isInstanceOf(PrivateKey.class);
        assertThat(store.getCertificate("client")).isEqualTo(issued.certificate());
        assertThat(store.getCertificateChain("client")).hasSize(2);
        assertThat(issued.oneTimePassword()).hasSize(24);
        KeyStore wrong = KeyStore.getInstance("PKCS12");
        assertThatThrownBy(() -> wrong.load(new ByteArrayInputStream(issued.pkcs12()), "guess".toCharArray()))
                .isInstanceOf(java.io.IOException.class);
        IssuedClientCertificate other = ca.issueClientCertificate("demo", "bob", Duration.ofDays(30));
        assertThat(other.oneTimePassword()).isNotEqualTo(issued.oneTimePassword());
        assertThat(other.certificate().getSerialNumber()).isNotEqualTo(issued.certificate().getSerialNumber());
    }

    @Test
    void revokedCertificate_isInTheSignedCrl_andFailsValidation() throws Exception {
        IssuedClientCertificate revoked = ca.issueClientCertificate("demo", "mallory", Duration.ofDays(365));
        IssuedClientCertificate kept = ca.issueClientCertificate("demo", "carol", Duration.ofDays(365));

        PlatformCa.Revocation revocation = ca.revoke(revoked.certificate().getSerialNumber(), 1);
        X509CRL crl = ca.crl();

        crl.verify(ca.rootCertificate().getPublicKey());
        assertThat(crl.isRevoked(revoked.certificate())).isTrue();
        assertThat(crl.isRevoked(kept.certificate())).isFalse();
        assertThat(crl.getRevokedCertificate(revocation.serial())).isNotNull();
        assertThatThrownBy(() -> validate(revoked.certificate(), true, crl))
                .isInstanceOfSatisfying(CertPathValidatorException.class,
                        e -> assertThat(e.getReason()).isEqualTo(CertPathValidatorException.BasicReason.REVOKED));
        validate(revoked.certificate(), false, crl);
        validate(kept.certificate(), true, crl);
        X509CRL decoded = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(ca.crlEncoded()));
        assertThat(decoded.isRevoked(revoked.certificate())).isTrue();
        PlatformCa restarted = PlatformCa.open(token, "x", Clock.systemUTC(), List.of(revocation));
        assertThat(restarted.crl().isRevoked(revoked.certificate())).isTrue();
    }

    @Test
    void serverCertificate_isSignedByTheRootInTheToken_forServerAuthentication_onLoopbackNames() throws Exception {
        PlatformCa.ServerCertificate server = ca.issueServerCertificate("mosaic.example", java.time.Duration.ofDays(30));
        server.certificate().verify(ca.rootCertificate().getPublicKey());
        assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.certificate().getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .containsExactly("127.0.0.1", "localhost", "mosaic.example");
        assertThat(server.certificate().getPublicKey()).isEqualTo(server.keyPair().getPublic());
        assertThat(server.certificate().getBasicConstraints()).as("not a CA").isEqualTo(-1);
    }
}
