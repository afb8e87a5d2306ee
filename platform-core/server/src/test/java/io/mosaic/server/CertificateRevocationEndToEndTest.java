package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.identity.Role;
import io.mosaic.identity.keycloak.KeycloakLauncher;
import io.mosaic.identity.keycloak.RealmGenerator;
import io.mosaic.identity.testing.BrowserLogin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Revoking a client certificate of the platform CA (the certificate login factor): the operator revokes it by
 * serial; the server's TLS API refuses it at once, even with a token that was bound to it before; the CRL the server
 * publishes lists it, signed by the CA; and Keycloak's certificate step, which reads that CRL, refuses the next login
 * with it within its CRL cache time, while other users' certificates still log in.
 */
@ExtendWith(IdentityServer.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificateRevocationEndToEndTest {
    private static final String ALPINE_ASSETS = "/api/tenants/alpine/queries/assets/assets?owner=" + IdentityServer.OWNER;

    private final IdentityServer s;
    private final HttpClient loopback = HttpClient.newHttpClient();

    CertificateRevocationEndToEndTest(IdentityServer s) {
        this.s = s;
    }

    @Test
    void aRevokedCertificate_isRefusedByTheApiAtOnce_andByTheLoginWithinTheCrlCacheTime() throws Exception {
        IdentityServer.Enrolled user = s.enrolledAlpineUser(Set.of(Role.CLIENT));
        IdentityServer.Enrolled colleague = s.enrolledAlpineUser(Set.of(Role.CLIENT));
        String boundToken = s.fullLogin(user).get("access_token").asText();
        assertThat(overTls(user, boundToken).statusCode()).isEqualTo(200);
        BigInteger serial = user.certificate().certificate().getSerialNumber();
        assertThat(crl().isRevoked(user.certificate().certificate())).isFalse();

        HttpResponse<String> revoked = revoke("{\"serial\":\"" + serial.toString(16) + "\",\"reason\":\"keyCompromise\"}");

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
        JsonNode record = Json.object(revoked.body().getBytes(StandardCharsets.UTF_8));
        assertThat(record.path("serial").asText()).isEqualTo(serial.toString(16));
        assertThat(record.path("reason").asText()).isEqualTo("keyCompromise");
        // the API refuses the certificate at once, with the token that was bound to it
        HttpResponse<String> api = overTls(user, boundToken);
        assertThat(api.statusCode()).as(api.body()).isEqualTo(401);
        assertThat(api.body()).contains("revoked");
        // the published CRL lists it, signed by the platform CA
        X509CRL crl = crl();
        assertThat(crl.isRevoked(user.certificate().certificate())).isTrue();
        assertThat(crl.getRevokedCertificate(serial).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(crl.isRevoked(colleague.certificate().certificate())).isFalse();
        // revoking again changes nothing and says so
        HttpResponse<String> again = revoke("{\"serial\":\"" + serial.toString(16) + "\",\"reason\":\"superseded\"}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Json.object(again.body().getBytes(StandardCharsets.UTF_8)).path("revokedAt").asText())
                .isEqualTo(record.path("revokedAt").asText());
        assertThat(IdentityServer.get(loopback, s.http + "/admin/pki/revocations", null).body())
                .contains(serial.toString(16));

        // Keycloak reads the CRL again once its cached copy expires: then the certificate step refuses the login
        await().atMost(KeycloakLauncher.CRL_CACHE_TIME.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> loginRefused(user));
        // while a certificate that is not revoked still logs in (the CRL is read and verified, not failing closed)
        assertThat(s.fullLogin(colleague).path("access_token").asText()).isNotEmpty();
    }

    @Test
    void theDevTokenRoute_ofAUserWithARevokedCertificate_answers401_withKeycloaksReason() throws Exception {
        String user = "held-" + System.nanoTime() % 100_000;
        s.identity.createUserWithHeldDevice("alpine", user, IdentityServer.PASSWORD, Set.of(Role.ADVISOR));
        assertThat(devToken(user).statusCode()).isEqualTo(200);
        BigInteger serial = s.identity.heldCertificate("alpine", user).orElseThrow().certificate().getSerialNumber();

        assertThat(revoke("{\"serial\":\"" + serial.toString(16) + "\",\"reason\":\"superseded\"}").statusCode())
                .isEqualTo(201);

        await().atMost(KeycloakLauncher.CRL_CACHE_TIME.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> devToken(user).statusCode() == 401);
        HttpResponse<String> refused = devToken(user);
        assertThat(refused.body()).contains("certificate step").contains("Invalid username or password");
    }

    private HttpResponse<String> devToken(String user) throws Exception {
        return loopback.send(HttpRequest.newBuilder(URI.create(s.http + "/admin/dev/tenants/alpine/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\""
                        + IdentityServer.PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCrl_isServedOnBothListeners_andRevocationOnlyOnLoopback() throws Exception {
        HttpResponse<byte[]> overTls = s.tlsClient(Optional.empty()).send(HttpRequest.newBuilder(
                URI.create(s.https + Pki.CRL_PATH)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(overTls.statusCode()).isEqualTo(200);
        assertThat(overTls.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        parseAndVerify(overTls.body());
        HttpResponse<String> revokeOverTls = s.tlsClient(Optional.empty()).send(HttpRequest.newBuilder(
                        URI.create(s.https + "/admin/pki/revocations"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"serial\":\"abc\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revokeOverTls.statusCode()).isEqualTo(404);
    }

    @Test
    void badRevocations_areRefused_namingWhatIsWrong_andRevokeNothing() throws Exception {
        int before = Json.MAPPER.readTree(IdentityServer.get(loopback, s.http + "/admin/pki/revocations", null).body()).size();

        HttpResponse<String> notHex = revoke("{\"serial\":\"xyz-1\",\"reason\":\"keyCompromise\"}");
        HttpResponse<String> missing = revoke("{\"reason\":\"keyCompromise\"}");
        HttpResponse<String> badReason = revoke("{\"serial\":\"1f2e\",\"reason\":\"lostInTheMail\"}");

        assertThat(notHex.statusCode()).isEqualTo(400);
        assertThat(notHex.body()).contains("serial").contains("xyz-1");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("serial");
        assertThat(badReason.statusCode()).isEqualTo(400);
        assertThat(badReason.body()).contains("reason").contains("lostInTheMail").contains("keyCompromise");
        assertThat(Json.MAPPER.readTree(IdentityServer.get(loopback, s.http + "/admin/pki/revocations", null).body()))
                .hasSize(before);
    }

    private HttpResponse<String> overTls(IdentityServer.Enrolled user, String token) throws Exception {
        return IdentityServer.get(s.tlsClient(Optional.of(user.certificate())), s.https + ALPINE_ASSETS, token);
    }

    private HttpResponse<String> revoke(String body) throws Exception {
        return loopback.send(HttpRequest.newBuilder(URI.create(s.http + "/admin/pki/revocations?note=test"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private X509CRL crl() throws Exception {
        HttpResponse<byte[]> r = loopback.send(HttpRequest.newBuilder(URI.create(s.http + Pki.CRL_PATH)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return parseAndVerify(r.body());
    }

    private X509CRL parseAndVerify(byte[] der) throws Exception {
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        crl.verify(s.identity.platformCa().certificate().getPublicKey()); // throws unless the CA signed it
        assertThat(crl.getIssuerX500Principal()).isEqualTo(s.identity.platformCa().certificate().getSubjectX500Principal());
        assertThat(crl.getNextUpdate()).isAfter(crl.getThisUpdate());
        return crl;
    }

    /** A login with the user's certificate ends without a code and never reaches the photoTAN step. */
    private boolean loginRefused(IdentityServer.Enrolled user) {
        BrowserLogin login = new BrowserLogin(s.identity.endpoints(), Optional.of(user.certificate()));
        BrowserLogin.Page page = login.begin("alpine", RealmGenerator.PORTAL_CLIENT, IdentityServer.REDIRECT);
        if (page.body().contains("name=\"password\"")) {
            page = login.submit(page, Map.of("password", IdentityServer.PASSWORD));
        }
        return page.code().isEmpty() && !page.hasForm("kc-phototan-form");
    }
}
