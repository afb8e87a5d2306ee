package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API description against both listeners of a server with identity and the demo: every route registered on the
 * loopback listener and on the public TLS listener is documented for it, and nothing more.
 */
@ExtendWith(IdentityServer.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractEndToEndTest {
    private final IdentityServer s;

    ApiContractEndToEndTest(IdentityServer s) {
        this.s = s;
    }

    @Test
    void everyRouteOfBothListeners_isDocumentedForIt() {
        JsonNode doc = ApiDescription.shared().document();
        assertThat(s.server.routes()).containsOnlyKeys("loopback", MosaicServer.TLS_SOCKET);
        assertThat(ApiContract.documented(doc, "loopback", true, true)).as("loopback listener, with --demo")
                .isEqualTo(ApiContract.registered(s.server.routes().get("loopback")));
        assertThat(ApiContract.documented(doc, "tls", true, true)).as("public TLS listener")
                .isEqualTo(ApiContract.registered(s.server.routes().get(MosaicServer.TLS_SOCKET)));
    }

    /**
     * The routes anyone may call without a credential, each for a reason: probes and metrics for the operator's
     * monitoring, the API description, the sign-in pages and the app's files (needed before sign-in), the platform
     * CA's certificate and revocation list (needed to check a certificate), the photoTAN device page of the demo,
     * and the demo's development routes (loopback only, with {@code --demo} only).
     */
    static final Set<String> PUBLIC = Set.of(
            "GET /health", "GET /observe/health", "GET /observe/health/live", "GET /observe/health/ready",
            "GET /metrics", "GET /observe/metrics", "GET /openapi",
            "GET /portal", "GET /portal/{tenant}", "GET /portal/{tenant}/{path}", "GET /portal/{tenant}/login",
            "GET /portal/{tenant}/callback", "GET /portal/{tenant}/session", "POST /portal/{tenant}/logout",
            "GET /portal/{tenant}/brand.css", "GET /portal/{tenant}/logo", "GET /app/{path}", "GET /favicon.ico",
            "GET /device", "GET /pki/platform-ca.crl", "GET /pki/platform-ca.pem",
            "POST /admin/dev/tenants/{tenant}/token", "POST /admin/dev/tenants/{tenant}/users/{user}/activation-letter",
            "GET /admin/dev/tenants/{tenant}/users/{user}/certificate");

    @Test
    void everyRouteNotOnTheShortPublicList_refusesAnAnonymousCaller_onBothListeners() throws Exception {
        JsonNode doc = ApiDescription.shared().document();
        Set<String> documentedPublic = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().has("security") && op.getValue().path("security").isEmpty()) {
                documentedPublic.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
            }
        }));
        assertThat(documentedPublic).as("routes the description calls public").isEqualTo(new TreeSet<>(PUBLIC));

        HttpClient loopback = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpClient tls = s.tlsClient(Optional.empty());
        List<String> answered = new ArrayList<>();
        int walked = 0;
        for (var listener : List.of(MosaicServer.TLS_SOCKET, "loopback")) {
            HttpClient client = listener.equals("loopback") ? loopback : tls;
            String base = listener.equals("loopback") ? s.http : s.https;
            for (String route : ApiContract.registered(s.server.routes().get(listener))) {
                if (PUBLIC.contains(route)) {
                    continue;
                }
                if (listener.equals("loopback") && route.contains(" /admin/")) {
                    continue; // the shared test server runs without the operator token: OperatorRoutesEndToEndTest walks these
                }
                String method = route.substring(0, route.indexOf(' '));
                String path = route.substring(route.indexOf(' ') + 1)
                        .replace("{tenant}", "demo").replace("{month}", "2026-01")
                        .replace("{envelopeId}", "00000000-0000-4000-8000-000000000000")
                        .replace("{id}", "00000000-0000-4000-8000-000000000000")
                        .replaceAll("\\{[a-z]+}", "probe");
                HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json");
                req.method(method, method.equals("GET") || method.equals("DELETE")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
                HttpResponse<String> r = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
                walked++;
                if (r.statusCode() != 401 && r.statusCode() != 403) {
                    answered.add(listener + " " + route + " -> " + r.statusCode() + " " + r.body());
                }
            }
        }
        assertThat(walked).as("routes walked").isGreaterThanOrEqualTo(35);
        assertThat(answered).as("routes that answered an anonymous caller with something else than 401/403").isEmpty();
    }
}
