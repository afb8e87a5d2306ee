package io.mosaic.server;

import io.mosaic.hsm.Pkcs11KeyService;
import io.mosaic.identity.Role;
import io.mosaic.identity.keycloak.LocalCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The certificate factor on the HSM's platform CA: with the keys in a SoftHSM2 token ({@code backend=pkcs11}, what
 * {@code ./mosaic run --keys softhsm} configures), the server's CA is {@code PlatformCa} with its root key in the
 * token. Keycloak trusts that root, a client certificate it issues logs a user of alpine in with all three factors,
 * the token is bound to it, and the TLS listener's own certificate chains to the same root.
 */
class HsmIdentityEndToEndTest {
    static final Path SOFTHSM = Path.of("target", "softhsm").toAbsolutePath();
    static final String LABEL = "mosaic-server-test";

    @TempDir
    static Path data;
    static MosaicServer server;
    static Identity identity;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> keys = io.mosaic.hsm.SoftHsmTokens.freshToken(SOFTHSM, LABEL, "1234-server");
        server = MosaicServer.start(new ServerOptions(data, PlatformEndToEndTest.ROOT.resolve("tenant-config/tenants"),
                List.of(PlatformEndToEndTest.ROOT.resolve("plugins")), 0, false, keys, false, true, "127.0.0.1", 0));
        identity = server.identity().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void clientCertificateOfTheHsmCa_logsInWithAllThreeFactors_andItsTokenIsBoundToIt() throws Exception {
        assertThat(server.platform().keys()).isInstanceOf(Pkcs11KeyService.class);
        assertThat(identity.platformCa().describe()).contains("in the HSM");
        assertThat(Files.exists(data.resolve("identity/platform-ca.p12"))).as("no software CA").isFalse();
        var root = identity.platformCa().certificate();
        assertThat(LocalCa.pem(root)).isEqualTo(Files.readString(data.resolve("identity/platform-ca.pem")));

        String user = "hsm-" + System.nanoTime() % 100_000;
        identity.createUserWithHeldDevice("alpine", user, "correct horse 42", Set.of(Role.ADVISOR));
        IdentityServer.seesTestOwner(server, identity, "alpine", user);
        LocalCa.Issued certificate = identity.heldCertificate("alpine", user).orElseThrow();
        certificate.certificate().verify(root.getPublicKey()); // issued by the root in the token
        String token = identity.login("alpine", user, "correct horse 42");

        String url = "https://127.0.0.1:" + server.tlsPort() + "/api/tenants/alpine/queries/assets/assets?owner="
                + IdentityServer.OWNER;
        // trusting only the HSM root: the listener's own certificate chains to it as well
        HttpClient withCertificate = HttpClient.newBuilder().sslContext(identity.platformCa().sslContext(Optional.of(certificate))).build();
        HttpClient without = HttpClient.newBuilder().sslContext(identity.platformCa().sslContext(Optional.empty())).build();
        HttpResponse<String> ok = withCertificate.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        HttpResponse<String> refused = without.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("the bound token without its certificate").isEqualTo(401);

        // revoked by serial: the API refuses the certificate at once, and the CRL signed in the token lists it
        HttpClient loopback = HttpClient.newHttpClient();
        HttpResponse<String> revoked = loopback.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/admin/pki/revocations")).POST(HttpRequest.BodyPublishers.ofString("{\"serial\":\""
                        + certificate.certificate().getSerialNumber().toString(16) + "\",\"reason\":\"cessationOfOperation\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
        HttpResponse<String> afterRevocation = withCertificate.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(afterRevocation.statusCode()).as(afterRevocation.body()).isEqualTo(401);
        byte[] der = loopback.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + Pki.CRL_PATH))
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        var crl = (java.security.cert.X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCRL(new java.io.ByteArrayInputStream(der));
        crl.verify(root.getPublicKey());
        assertThat(crl.isRevoked(certificate.certificate())).isTrue();
        assertThat(Files.readString(data.resolve("identity/revocations.tsv")))
                .contains(certificate.certificate().getSerialNumber().toString(16));
    }
}
