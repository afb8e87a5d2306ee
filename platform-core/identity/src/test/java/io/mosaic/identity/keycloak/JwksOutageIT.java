package io.mosaic.identity.keycloak;

import com.sun.net.httpserver.HttpServer;
import io.mosaic.identity.RealmDirectory;
import io.mosaic.identity.Role;
import io.mosaic.identity.TenantRealm;
import io.mosaic.identity.TokenCheck;
import io.mosaic.identity.TokenValidator;
import io.mosaic.identity.testing.KeycloakExtension;
import io.mosaic.identity.testing.KeycloakExtension.ManagedKeycloak;
import io.mosaic.tenant.TenantDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Existing sessions survive a short Keycloak outage: the core keeps the realm's last keys when the key endpoint
 * cannot be reached (outage tolerance), and stops accepting tokens once the outage outlasts it. The realm's key
 * endpoint is reached through a switchable proxy, so the outage is real HTTP failure, not a mock of the validator.
 */
@ExtendWith(KeycloakExtension.class)
class JwksOutageIT {
    private final ManagedKeycloak keycloak;
    private HttpServer proxy;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger askedWhileDown = new AtomicInteger();
    private final AtomicInteger asked = new AtomicInteger();
    private String token;

    JwksOutageIT(ManagedKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @BeforeEach
    void start() throws Exception {
        token = LoginFlowIT.demoLogin(keycloak, LoginFlowIT.enrolledDemoUser(keycloak, Set.of(Role.CLIENT)))
                .get("access_token").asText();
        URI realJwks = keycloak.directory().realmOf("demo").orElseThrow().jwksUri();
        HttpClient toKeycloak = keycloak.endpoints().httpClient(Optional.empty());
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/jwks", exchange -> {
            byte[] body;
            int status;
            asked.incrementAndGet();
            if (down.get()) {
                askedWhileDown.incrementAndGet();
                status = 503;
                body = "Keycloak is down (test)".getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    HttpResponse<byte[]> real = toKeycloak.send(HttpRequest.newBuilder(realJwks).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    status = real.statusCode();
                    body = real.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    status = 502;
                    body = new byte[0];
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        proxy.start();
    }

    @AfterEach
    void stop() {
        proxy.stop(0);
    }

    /** The real directory, with each realm's key endpoint replaced by the proxy. */
    private RealmDirectory throughProxy() {
        RealmDirectory real = keycloak.directory();
        URI jwks = URI.create("http://127.0.0.1:" + proxy.getAddress().getPort() + "/jwks");
        return new RealmDirectory() {
            private TenantRealm proxied(TenantRealm r) {
                return new TenantRealm(r.tenant(), r.realm(), r.issuer(), jwks, r.factors());
            }

            @Override
            public Optional<TenantRealm> realmOf(String tenant) {
                return real.realmOf(tenant).map(this::proxied);
            }

            @Override
            public Optional<TenantRealm> realmOfIssuer(String issuer) {
                return real.realmOfIssuer(issuer).map(this::proxied);
            }

            @Override
            public TenantRealm provision(TenantDescriptor descriptor) {
                throw new UnsupportedOperationException("not in this test");
            }

            @Override
            public List<TenantRealm> realms() {
                return real.realms().stream().map(this::proxied).toList();
            }
        };
    }

    private TokenValidator validator(Duration outageTolerance) {
        return new TokenValidator(throughProxy(), new TokenValidator.Settings(TokenValidator.Settings.defaults().audience(),
                Duration.ofSeconds(30), Duration.ofMillis(200), outageTolerance), HttpClient.newHttpClient(), Clock.systemUTC());
    }

    @Test
    void keycloakDown_aTokenSignedBefore_isStillAccepted_withinTheOutageTolerance() {
        TokenValidator validator = validator(Duration.ofHours(1));
        assertThat(validator.validate("demo", token, Optional.empty()).isValid()).as("keys fetched through the proxy").isTrue();

        down.set(true);
        // once the 200 ms cache has expired the validator asks the (failing) key endpoint, and keeps the last keys
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            TokenCheck check = validator.validate("demo", token, Optional.empty());
            assertThat(askedWhileDown.get()).as("the key endpoint was asked during the outage").isPositive();
            assertThat(check).as("the token during the outage").isInstanceOf(TokenCheck.Valid.class);
        });
        assertThat(validator.validate("demo", token, Optional.empty()).isValid()).isTrue();
    }

    @Test
    void forgedKeyIds_doNotMakeEveryRequestFetchTheKeySet() {
        TokenValidator validator = new TokenValidator(throughProxy(), new TokenValidator.Settings(
                TokenValidator.Settings.defaults().audience(), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(1)),
                HttpClient.newHttpClient(), Clock.systemUTC());
        assertThat(validator.validate("demo", token, Optional.empty()).isValid()).isTrue();
        int before = asked.get();
        String[] parts = token.split("\\.");
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        for (int i = 0; i < 200; i++) {
            String header = b64.encodeToString(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"forged-" + i + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(validator.validate("demo", header + "." + parts[1] + "." + parts[2], Optional.empty()).isValid()).isFalse();
        }
        assertThat(asked.get() - before).as("key-set fetches for 200 forged key ids").isLessThanOrEqualTo(2);
        assertThat(validator.validate("demo", token, Optional.empty()).isValid()).as("the real key is still known").isTrue();
    }

    @Test
    void keycloakDown_longerThanTheOutageTolerance_tokensAreRefused() {
        TokenValidator validator = validator(Duration.ofMillis(1));
        assertThat(validator.validate("demo", token, Optional.empty()).isValid()).isTrue();

        down.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> validator.validate("demo", token, Optional.empty())
                instanceof TokenCheck.Refused refused && refused.reason() == TokenCheck.Reason.KEYS_UNAVAILABLE);
        assertThat(askedWhileDown.get()).isPositive();
    }
}
