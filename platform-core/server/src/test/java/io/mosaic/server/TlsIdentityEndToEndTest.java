package io.mosaic.server;

import io.mosaic.identity.Role;
import io.mosaic.identity.keycloak.LocalCa;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's TLS listener (client certificates of the platform CA wanted) enforces RFC 8705: a certificate-bound
 * token of alpine (certificate, password, photoTAN) works only on a connection that presents its certificate; a
 * token that is not bound (demo, password only) works with or without one.
 */
@ExtendWith(IdentityServer.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIdentityEndToEndTest {
    private static final String ALPINE_ASSETS = "/api/tenants/alpine/queries/assets/assets?owner=" + IdentityServer.OWNER;
    private static final String DEMO_ASSETS = "/api/tenants/demo/queries/assets/assets?owner=" + IdentityServer.OWNER;

    private final IdentityServer s;
    private IdentityServer.Enrolled alpineUser;
    private String boundToken;
    private String demoToken;

    TlsIdentityEndToEndTest(IdentityServer s) {
        this.s = s;
    }

    @BeforeAll
    void logIn() {
        alpineUser = s.enrolledAlpineUser(Set.of(Role.CLIENT));
        boundToken = s.fullLogin(alpineUser).get("access_token").asText();
        String demoUser = "tls-demo-" + System.nanoTime() % 100_000;
        s.identity.createUserWithHeldDevice("demo", demoUser, IdentityServer.PASSWORD, Set.of(Role.ADVISOR));
        s.seesTestOwner("demo", demoUser);
        demoToken = s.identity.login("demo", demoUser, IdentityServer.PASSWORD);
    }

    private HttpResponse<String> overTls(Optional<LocalCa.Issued> certificate, String path, String token) throws Exception {
        return IdentityServer.get(s.tlsClient(certificate), s.https + path, token);
    }

    @Test
    void certificateBoundToken_withItsCertificate_isAccepted() throws Exception {
        HttpResponse<String> r = overTls(Optional.of(alpineUser.certificate()), ALPINE_ASSETS, boundToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void certificateBoundToken_withoutACertificate_isRefusedByTheServer() throws Exception {
        HttpResponse<String> r = overTls(Optional.empty(), ALPINE_ASSETS, boundToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        // nor on the plain loopback listener, which cannot carry a certificate
        HttpResponse<String> plain = IdentityServer.get(HttpClient.newHttpClient(), s.http + ALPINE_ASSETS, boundToken);
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(401);
    }

    @Test
    void certificateBoundToken_withAnotherCertificate_isRefused() throws Exception {
        LocalCa.Issued other = s.identity.platformCa().issueClient(alpineUser.username()); // same CA and name, other key
        HttpResponse<String> r = overTls(Optional.of(other), ALPINE_ASSETS, boundToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    }

    @Test
    void tokenThatIsNotBound_worksOverTls_withOrWithoutACertificate() throws Exception {
        assertThat(overTls(Optional.empty(), DEMO_ASSETS, demoToken).statusCode()).isEqualTo(200);
        assertThat(overTls(Optional.of(alpineUser.certificate()), DEMO_ASSETS, demoToken).statusCode()).isEqualTo(200);
        // and another tenant's token stays refused over TLS too
        assertThat(overTls(Optional.of(alpineUser.certificate()), ALPINE_ASSETS, demoToken).statusCode()).isEqualTo(401);
    }

    @Test
    void theTlsListener_servesOnlyRoutesGuardedByTokens() throws Exception {
        HttpResponse<String> admin = IdentityServer.get(s.tlsClient(Optional.empty()), s.https + "/admin/tenants", demoToken);
        assertThat(admin.statusCode()).isEqualTo(404);
    }

    /**
     * The certificate factor for an API client, as the README shows it: the demo API user of a certificate tenant
     * gets a token from the dev token route (the server answers certificate, password and photoTAN with the factors
     * it holds for that user) and its certificate as PEM from the dev certificate route; the token works over TLS
     * with that certificate only.
     */
    @Test
    void apiClientOfACertificateTenant_usesTheHeldCertificateWithItsBoundToken() throws Exception {
        String user = "api-" + System.nanoTime() % 100_000;
        s.identity.createUserWithHeldDevice("alpine", user, IdentityServer.PASSWORD, Set.of(Role.ADVISOR));
        s.seesTestOwner("alpine", user);
        HttpClient loopback = HttpClient.newHttpClient();
        HttpResponse<String> token = loopback.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(s.http + "/admin/dev/tenants/alpine/token"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user
                        + "\",\"password\":\"" + IdentityServer.PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String accessToken = Json.object(token.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .path("access_token").asText();
        HttpResponse<String> pem = IdentityServer.get(loopback, s.http + "/admin/dev/tenants/alpine/users/" + user
                + "/certificate", null);
        assertThat(pem.statusCode()).as(pem.body()).isEqualTo(200);
        assertThat(pem.body()).contains("BEGIN CERTIFICATE").contains("PRIVATE KEY");
        LocalCa.Issued certificate = fromPem(pem.body());
        assertThat(certificate.certificate().getSubjectX500Principal().getName()).contains("CN=" + user);

        HttpResponse<String> with = overTls(Optional.of(certificate), ALPINE_ASSETS, accessToken);
        assertThat(with.statusCode()).as(with.body()).isEqualTo(200);
        assertThat(overTls(Optional.empty(), ALPINE_ASSETS, accessToken).statusCode())
                .as("the bound token without its certificate").isEqualTo(401);
        assertThat(IdentityServer.get(loopback, s.http + "/admin/dev/tenants/alpine/users/nobody-" + user
                + "/certificate", null).statusCode()).as("no certificate of a user the server does not hold").isEqualTo(404);
    }

    /** Certificate, CA certificate and private key from the PEM of the dev certificate route. */
    private static LocalCa.Issued fromPem(String text) throws Exception {
        java.util.List<java.security.cert.X509Certificate> certificates = new java.util.ArrayList<>();
        java.security.PrivateKey key = null;
        try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(text))) {
            var converter = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof org.bouncycastle.cert.X509CertificateHolder holder) {
                    certificates.add(new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(holder));
                } else if (o instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
                    key = converter.getKeyPair(pair).getPrivate();
                } else if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                    key = converter.getPrivateKey(info);
                }
            }
        }
        assertThat(certificates).hasSize(2);
        assertThat(key).isNotNull();
        return new LocalCa.Issued(new java.security.KeyPair(certificates.get(0).getPublicKey(), key),
                certificates.get(0), certificates.get(1));
    }
}
