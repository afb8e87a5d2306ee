package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.identity.Role;
import io.mosaic.identity.keycloak.LocalCa;
import io.mosaic.identity.keycloak.RealmGenerator;
import io.mosaic.identity.phototan.DeviceEmulator;
import io.mosaic.identity.testing.BrowserLogin;
import io.mosaic.keycloak.phototan.ActivationLetter;
import io.mosaic.keycloak.phototan.PhotoTanImage;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One server with identity (real Keycloak, TLS listener) and the demo (its development routes) shared by the test classes that use this extension in a test
 * JVM; JUnit closes it when the run ends. Logs users in through Keycloak's real pages, as the identity module's
 * LoginFlowIT does: alpine requires certificate, password and photoTAN; demo a password and a photoTAN.
 */
final class IdentityServer implements ExtensionContext.Store.CloseableResource {
    static final String REDIRECT = "https://portal.mosaic.test/callback";
    static final String PASSWORD = "correct horse 42";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(IdentityServer.class);
    private static final AtomicInteger USERS = new AtomicInteger();

    /** A user of alpine with a client certificate of the platform CA and an enrolled photoTAN device. */
    record Enrolled(String username, LocalCa.Issued certificate, DeviceEmulator device) {
    }

    private final Path data;
    final MosaicServer server;
    final Identity identity;
    final String http;
    final String https;

    private IdentityServer(Path data) {
        this.data = data;
        server = MosaicServer.start(new ServerOptions(data, PlatformEndToEndTest.ROOT.resolve("tenant-config/tenants"),
                List.of(PlatformEndToEndTest.ROOT.resolve("plugins")), 0, true, Map.of(), false, true, "127.0.0.1", 0));
        identity = server.identity().orElseThrow();
        http = "http://127.0.0.1:" + server.port();
        https = "https://127.0.0.1:" + server.tlsPort();
    }

    /** {@code @ExtendWith(IdentityServer.Extension.class)}; test constructors or methods take an {@link IdentityServer}. */
    public static final class Extension implements BeforeAllCallback, ParameterResolver {
        @Override
        public void beforeAll(ExtensionContext context) {
            shared(context);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
            return parameter.getParameter().getType() == IdentityServer.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
            return shared(extension);
        }
    }

    static IdentityServer shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(IdentityServer.class, k -> {
            try {
                return new IdentityServer(Files.createTempDirectory("mosaic-identity-server"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, IdentityServer.class);
    }

    @Override
    public void close() {
        server.close();
    }

    Path data() {
        return data;
    }

    /** An HTTP client for the TLS listener: trusts the platform CA, presents {@code certificate} when asked. */
    HttpClient tlsClient(Optional<LocalCa.Issued> certificate) {
        return HttpClient.newBuilder().sslContext(identity.platformCa().sslContext(certificate))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    static HttpResponse<String> get(HttpClient client, String url, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The owner whose data the identity tests read ({@code ?owner=family-test}); see {@link #seesTestOwner}. */
    static final String OWNER = "family-test";

    /**
     * Binds a user of a tenant's realm to {@link #OWNER}: as its own owner, as an assigned client and as shared data,
     * so that whatever its role, reading that owner is allowed (the gate refuses a person bound to nothing).
     */
    void seesTestOwner(String tenant, String username) {
        seesTestOwner(server, identity, tenant, username);
    }

    static void seesTestOwner(MosaicServer server, Identity identity, String tenant, String username) {
        String id = identity.userId(tenant, username).orElseThrow(() -> new IllegalStateException(
                "no user " + username + " was created in " + tenant + " by this server"));
        var subjects = server.platform().tenant(tenant).orElseThrow().subjects();
        subjects.bindOwner(id, OWNER, "test", "the identity tests' owner");
        subjects.assignClient(id, OWNER, "test", "the identity tests' owner");
        subjects.share(OWNER, id, "test", "the identity tests' owner");
    }

    /** A new alpine user with {@code roles}: certificate issued, device enrolled at its first login. */
    Enrolled enrolledAlpineUser(Set<Role> roles) {
        String username = "user-" + USERS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
        ActivationLetter letter = ActivationLetter.issue("alpine", username);
        identity.createUser("alpine", username, PASSWORD, roles,
                Map.of("mosaic.phototan.activation-secret", letter.encodedSecret()));
        LocalCa.Issued certificate = identity.platformCa().issueClient(username);
        DeviceEmulator device = DeviceEmulator.create();
        BrowserLogin login = new BrowserLogin(identity.endpoints(), Optional.of(certificate));
        BrowserLogin.Page page = login.begin("alpine", RealmGenerator.PORTAL_CLIENT, REDIRECT);
        assertThat(page.body()).as("password page after the certificate").contains("name=\"password\"");
        page = login.submit(page, Map.of("password", PASSWORD));
        assertThat(page.hasForm("kc-phototan-enrol-form")).as("enrolment page:\n%s", page.body()).isTrue();
        page = login.submit(page, Map.of("enrolment-code", device.enrol(PhotoTanImage.mosaicPng(letter.toBytes()))));
        assertThat(page.code()).as("first login ends after enrolment:\n%s", page.body()).isPresent();
        seesTestOwner("alpine", username);
        return new Enrolled(username, certificate, device);
    }

    /** Certificate, password, photoTAN: the tokens, the access token bound to the certificate. */
    JsonNode fullLogin(Enrolled user) {
        BrowserLogin login = new BrowserLogin(identity.endpoints(), Optional.of(user.certificate()));
        BrowserLogin.Page page = login.begin("alpine", RealmGenerator.PORTAL_CLIENT, REDIRECT);
        page = login.submit(page, Map.of("password", PASSWORD));
        assertThat(page.hasForm("kc-phototan-form")).as("photoTAN page:\n%s", page.body()).isTrue();
        String image = page.imageSource("mosaic-phototan-mosaic").orElseThrow();
        page = login.submit(page, Map.of("tan", user.device().read(image.getBytes(StandardCharsets.US_ASCII)).tan()));
        assertThat(page.code()).as("login ends with a code:\n%s", page.body()).isPresent();
        return login.exchange(page.code().orElseThrow());
    }
}
