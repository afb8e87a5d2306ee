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
    private static final String ALPINE_ASSETS = "/api/tenants/alpine/queries/assets/assets";
    private static final String DEMO_ASSETS = "/api/tenants/demo/queries/assets/assets";

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
        s.identity.createUser("demo", demoUser, IdentityServer.PASSWORD, Set.of(Role.ADVISOR));
        demoToken = s.identity.passwordLogin("demo", demoUser, IdentityServer.PASSWORD);
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
}
