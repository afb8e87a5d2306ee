package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.identity.Role;
import io.mosaic.identity.keycloak.LocalCa;
import io.mosaic.identity.keycloak.RealmGenerator;
import io.mosaic.identity.phototan.DeviceEmulator;
import io.mosaic.identity.testing.BrowserLogin;
import io.mosaic.keycloak.phototan.OperationDetails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dynamic linking beyond the marketplace install (docs/identity.md): forgetting an entity (destroying its keys),
 * consenting to an app's scope and granting an advisor access to a client need a tenant administrator's token and a
 * photoTAN for exactly that operation; a TAN for another entity is refused, a TAN works once. And the demo's
 * activation letter endpoint enrols a device.
 */
@ExtendWith(IdentityServer.Extension.class)
class PhotoTanOperationsEndToEndTest {
    private static final String SCOPE = "assets.valuations.read";
    private static final String APP = "valuation-alerts";
    private final IdentityServer s;
    private final HttpClient loopback = HttpClient.newHttpClient();

    PhotoTanOperationsEndToEndTest(IdentityServer s) {
        this.s = s;
    }

    private static HttpResponse<String> send(HttpClient client, String method, String url, String token,
                                             DeviceEmulator.Reading confirmation) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (confirmation != null) {
            b.header(HighValueConfirmation.CHALLENGE_HEADER, confirmation.challengeId())
                    .header(HighValueConfirmation.TAN_HEADER, confirmation.tan());
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> operator(String method, String path, String json) throws Exception {
        return loopback.send(HttpRequest.newBuilder(URI.create(s.http + path)).header("X-Mosaic-Subject", "operator-olga")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asks for the operation without a TAN: 428 with a challenge the device reads. */
    private static DeviceEmulator.Reading challenged(HttpResponse<String> asked, IdentityServer.Enrolled admin,
                                                     String operation) throws Exception {
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(428);
        JsonNode challenge = Json.MAPPER.readTree(asked.body());
        assertThat(challenge.path("image").asText()).startsWith("data:image/png;base64,");
        assertThat(challenge.path("details").path("operation").asText()).isEqualTo(operation);
        DeviceEmulator.Reading reading = admin.device().read(challenge.path("image").asText().getBytes(StandardCharsets.US_ASCII));
        assertThat(reading.challengeId()).isEqualTo(challenge.path("challengeId").asText());
        assertThat(reading.details().operation()).isEqualTo(operation);
        return reading;
    }

    @Test
    void forgettingAnEntityNeedsAPhotoTan_forExactlyThisEntity_once() throws Exception {
        IdentityServer.Enrolled admin = s.enrolledAlpineUser(Set.of(Role.TENANT_ADMIN));
        String token = s.fullLogin(admin).get("access_token").asText();
        HttpClient tls = s.tlsClient(Optional.of(admin.certificate()));
        String entity = "client-" + System.nanoTime();
        String url = s.https + "/admin/tenants/alpine/entities/" + entity + "?reason=gdpr-erasure";

        // no token (TLS or loopback) or no tenant-admin role: refused before any challenge
        assertThat(send(tls, "DELETE", url, null, null).statusCode()).isEqualTo(401);
        assertThat(send(loopback, "DELETE", s.http + "/admin/tenants/alpine/entities/" + entity + "?reason=x", null, null)
                .statusCode()).isEqualTo(401);
        IdentityServer.Enrolled client = s.enrolledAlpineUser(Set.of(Role.CLIENT));
        String clientToken = s.fullLogin(client).get("access_token").asText();
        assertThat(send(s.tlsClient(Optional.of(client.certificate())), "DELETE", url, clientToken, null).statusCode())
                .isEqualTo(403);

        // a challenge for exactly this entity
        DeviceEmulator.Reading reading = challenged(send(tls, "DELETE", url, token, null), admin, "keys.destroy");
        assertThat(reading.details().fields()).containsEntry("tenant", "alpine").containsEntry("entity", entity)
                .containsEntry("irreversible", "yes");

        // a TAN for another entity does not destroy this one's keys
        DeviceEmulator.Reading forOther = admin.device().read(s.identity.photoTan().challenge("alpine", admin.username(),
                OperationDetails.destroyKeys("alpine", entity + "-other")).mosaicPng());
        HttpResponse<String> other = send(tls, "DELETE", url, token, forOther);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(other.body()).contains("DETAILS_CHANGED");
        assertThat(operator("GET", "/admin/tenants/alpine/audit?limit=200", null).body()).doesNotContain(entity);

        // the right TAN: forgotten, audited with the administrator as actor; the same TAN again is refused
        HttpResponse<String> forgotten = send(tls, "DELETE", url, token, reading);
        assertThat(forgotten.statusCode()).as(forgotten.body()).isEqualTo(204);
        JsonNode audit = Json.MAPPER.readTree(operator("GET", "/admin/tenants/alpine/audit?limit=200", null).body());
        JsonNode record = null;
        for (JsonNode r : audit) {
            if (r.path("kind").asText().equals("entity-forgotten") && r.path("reference").asText().equals(entity)) {
                record = r;
            }
        }
        assertThat(record).as(audit.toString()).isNotNull();
        assertThat(record.path("reason").asText()).isEqualTo("gdpr-erasure");
        assertThat(record.path("actor").asText()).isNotEqualTo("anonymous").isNotBlank();
        HttpResponse<String> again = send(tls, "DELETE", url, token, reading);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(403);
        assertThat(again.body()).contains("UNKNOWN_OR_USED");
    }

    @Test
    void consentingToAScopeNeedsAPhotoTan() throws Exception {
        if (!operator("GET", "/admin/tenants/alpine/plugins", null).body().contains("\"" + APP + "\"")) {
            assertThat(operator("POST", "/admin/tenants/alpine/plugins", Json.text(Json.obj()
                    .put("jar", MarketplaceEndToEndTest.appJar().toString()))).statusCode()).isEqualTo(201);
        }
        assertThat(operator("DELETE", "/admin/tenants/alpine/plugins/" + APP + "/grants/" + SCOPE, null).statusCode())
                .isEqualTo(204);
        assertThat(granted()).isFalse();
        IdentityServer.Enrolled admin = s.enrolledAlpineUser(Set.of(Role.TENANT_ADMIN));
        String token = s.fullLogin(admin).get("access_token").asText();
        HttpClient tls = s.tlsClient(Optional.of(admin.certificate()));
        String url = s.https + "/admin/tenants/alpine/plugins/" + APP + "/grants/" + SCOPE;

        assertThat(send(tls, "POST", url, null, null).statusCode()).isEqualTo(401);
        // a scope the app does not ask for: no challenge
        assertThat(send(tls, "POST", s.https + "/admin/tenants/alpine/plugins/" + APP + "/grants/custody.write", token, null)
                .statusCode()).isEqualTo(400);

        DeviceEmulator.Reading reading = challenged(send(tls, "POST", url, token, null), admin, "app.grant");
        assertThat(reading.details().fields()).containsEntry("tenant", "alpine").containsEntry("app", APP)
                .containsEntry("scope", SCOPE);
        assertThat(granted()).isFalse();
        HttpResponse<String> wrong = send(tls, "POST", url, token,
                new DeviceEmulator.Reading(reading.challengeId(), reading.details(), reading.expiresAt(), "00000000".equals(reading.tan()) ? "11111111" : "00000000"));
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(403);
        assertThat(granted()).isFalse();

        DeviceEmulator.Reading fresh = challenged(send(tls, "POST", url, token, null), admin, "app.grant");
        HttpResponse<String> ok = send(tls, "POST", url, token, fresh);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(204);
        assertThat(granted()).isTrue();
        assertThat(send(tls, "POST", url, token, fresh).statusCode()).isEqualTo(403);
    }

    private boolean granted() throws Exception {
        for (JsonNode p : Json.MAPPER.readTree(operator("GET", "/admin/tenants/alpine/plugins", null).body())) {
            if (p.path("id").asText().equals(APP)) {
                for (JsonNode sc : p.path("scopes")) {
                    if (sc.path("scope").asText().equals(SCOPE)) {
                        return sc.path("granted").asBoolean();
                    }
                }
            }
        }
        return false;
    }

    @Test
    void grantingAnAdvisorAccessToAClientNeedsAPhotoTan() throws Exception {
        IdentityServer.Enrolled admin = s.enrolledAlpineUser(Set.of(Role.TENANT_ADMIN));
        String token = s.fullLogin(admin).get("access_token").asText();
        HttpClient tls = s.tlsClient(Optional.of(admin.certificate()));
        String advisor = "advisor-" + System.nanoTime();
        String url = s.https + "/admin/tenants/alpine/subjects/" + advisor + "/clients/client-7";

        DeviceEmulator.Reading reading = challenged(send(tls, "PUT", url, token, null), admin, "advisor.grant");
        assertThat(reading.details().fields()).containsEntry("advisor", advisor).containsEntry("client", "client-7");
        // the TAN does not assign another client
        HttpResponse<String> other = send(tls, "PUT", s.https + "/admin/tenants/alpine/subjects/" + advisor + "/clients/client-8",
                token, reading);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(operator("GET", "/admin/tenants/alpine/subjects/" + advisor, null).statusCode()).isEqualTo(404);

        DeviceEmulator.Reading fresh = challenged(send(tls, "PUT", url, token, null), admin, "advisor.grant");
        assertThat(send(tls, "PUT", url, token, fresh).statusCode()).isEqualTo(204);
        assertThat(operator("GET", "/admin/tenants/alpine/subjects/" + advisor, null).body()).contains("client-7")
                .doesNotContain("client-8");
    }

    @Test
    void anActivationLetterFromTheDevEndpointEnrolsADevice() throws Exception {
        String username = "letter-" + System.nanoTime() % 1_000_000;
        s.identity.createUser("alpine", username, IdentityServer.PASSWORD, Set.of(Role.CLIENT));
        String endpoint = s.http + "/admin/dev/tenants/alpine/users/" + username + "/activation-letter";
        assertThat(send(loopback, "POST", s.http + "/admin/dev/tenants/alpine/users/nobody-" + username + "/activation-letter",
                null, null).statusCode()).isEqualTo(404);
        HttpResponse<String> issued = send(loopback, "POST", endpoint, null, null);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode letter = Json.MAPPER.readTree(issued.body());
        assertThat(letter.path("user").asText()).isEqualTo(username);
        String image = letter.path("image").asText();
        assertThat(image).startsWith("data:image/png;base64,");

        LocalCa.Issued certificate = s.identity.platformCa().issueClient(username);
        DeviceEmulator device = DeviceEmulator.create();
        BrowserLogin login = new BrowserLogin(s.identity.endpoints(), Optional.of(certificate));
        BrowserLogin.Page page = login.begin("alpine", RealmGenerator.PORTAL_CLIENT, IdentityServer.REDIRECT);
        page = login.submit(page, Map.of("password", IdentityServer.PASSWORD));
        assertThat(page.hasForm("kc-phototan-enrol-form")).as("enrolment page:\n%s", page.body()).isTrue();
        page = login.submit(page, Map.of("enrolment-code", device.enrol(image.getBytes(StandardCharsets.US_ASCII))));
        assertThat(page.code()).as("first login ends after enrolment:\n%s", page.body()).isPresent();
        // the enrolled device now answers photoTAN challenges at login
        s.fullLogin(new IdentityServer.Enrolled(username, certificate, device));
    }
}
