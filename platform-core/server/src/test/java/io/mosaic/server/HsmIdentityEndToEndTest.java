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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
        Path pin = initToken();
        Map<String, String> keys = Map.of("backend", "pkcs11", "pkcs11.library", library(), "pkcs11.tokens", LABEL,
                "pkcs11.pin-file", pin.toString());
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
        LocalCa.Issued certificate = identity.heldCertificate("alpine", user).orElseThrow();
        certificate.certificate().verify(root.getPublicKey()); // issued by the root in the token
        String token = identity.login("alpine", user, "correct horse 42");

        String url = "https://127.0.0.1:" + server.tlsPort() + "/api/tenants/alpine/queries/assets/assets";
        // trusting only the HSM root: the listener's own certificate chains to it as well
        HttpClient withCertificate = HttpClient.newBuilder().sslContext(identity.platformCa().sslContext(Optional.of(certificate))).build();
        HttpClient without = HttpClient.newBuilder().sslContext(identity.platformCa().sslContext(Optional.empty())).build();
        HttpResponse<String> ok = withCertificate.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        HttpResponse<String> refused = without.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("the bound token without its certificate").isEqualTo(401);
    }

    static Path initToken() throws Exception {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !Path.of(conf).toAbsolutePath().equals(SOFTHSM.resolve("softhsm2.conf"))) {
            fail("SOFTHSM2_CONF must be " + SOFTHSM.resolve("softhsm2.conf") + " (set by the server pom), was " + conf);
        }
        Path tokens = SOFTHSM.resolve("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> walk = Files.walk(tokens)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(SOFTHSM.resolve("softhsm2.conf"), "directories.tokendir = " + tokens
                + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        Path pin = SOFTHSM.resolve("pin");
        Files.writeString(pin, "1234-server");
        Process p = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", LABEL, "--so-pin",
                "5678-officer", "--pin", "1234-server").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            fail("softhsm2-util --init-token failed: " + out);
        }
        return pin;
    }

    static String library() {
        for (String candidate : List.of("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")) {
            if (Files.exists(Path.of(candidate))) {
                return candidate;
            }
        }
        fail("libsofthsm2.so not found: ./mosaic test installs the Debian package softhsm2");
        return null;
    }
}
