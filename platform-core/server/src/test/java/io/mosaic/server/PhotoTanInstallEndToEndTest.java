package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.identity.Role;
import io.mosaic.identity.phototan.DeviceEmulator;
import io.mosaic.marketplace.packaging.PackageSigner;
import io.mosaic.marketplace.packaging.PublisherKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dynamic linking: installing a marketplace app is confirmed with a photoTAN whose challenge shows exactly the app,
 * version and scopes; the tenant administrator's device emulator reads the image and derives the TAN. A TAN for
 * other details is refused, a TAN works once, and only then the install goes through.
 */
@ExtendWith(IdentityServer.Extension.class)
class PhotoTanInstallEndToEndTest {
    private static final String SCOPE = "assets.valuations.read";
    private final IdentityServer s;
    private final HttpClient loopback = HttpClient.newHttpClient();

    PhotoTanInstallEndToEndTest(IdentityServer s) {
        this.s = s;
    }

    /** The operator's steps on the loopback listener (MarketplaceEndToEndTest): publish, approve, offer to alpine. */
    private String publishApproveOffer() throws Exception {
        Path data = s.data();
        PublisherKeys keys = PublisherKeys.generate("Mosaic examples", Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(365));
        Path jar = Files.copy(MarketplaceEndToEndTest.appJar(), data.resolve("valuation-alerts.jar"), StandardCopyOption.REPLACE_EXISTING);
        Path signature = new PackageSigner(keys).sign(jar);
        assertThat(operator("POST", "/admin/marketplace/publishers", Json.text(Json.obj().put("name", "Mosaic examples")
                .put("certificatePem", MarketplaceApi.pem(keys)))).statusCode()).isEqualTo(201);
        HttpResponse<String> submitted = operator("POST", "/admin/marketplace/submissions", Json.text(Json.obj()
                .put("jar", jar.toString()).put("signature", signature.toString())));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String version = Json.MAPPER.readTree(operator("GET", "/admin/marketplace/review", null).body()).get(0).path("version").asText();
        assertThat(operator("POST", "/admin/marketplace/apps/valuation-alerts/versions/" + version + "/approve",
                "{\"note\":\"reviewed\"}").statusCode()).isEqualTo(200);
        assertThat(operator("PUT", "/admin/marketplace/apps/valuation-alerts/versions/" + version + "/offer",
                "{\"tenants\":[\"alpine\"]}").statusCode()).isEqualTo(200);
        assertThat(operator("DELETE", "/admin/tenants/alpine/plugins/valuation-alerts", null).statusCode()).isEqualTo(204);
        return version;
    }

    private HttpResponse<String> operator(String method, String path, String json) throws Exception {
        return loopback.send(HttpRequest.newBuilder(URI.create(s.http + path)).header("X-Mosaic-Subject", "operator-olga")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ObjectNode install(String version, List<String> scopes, String challengeId, String tan) {
        ObjectNode body = Json.obj().put("app", "valuation-alerts").put("version", version);
        scopes.forEach(body.putArray("consent")::add);
        if (challengeId != null) {
            body.put("challengeId", challengeId).put("tan", tan);
        }
        return body;
    }

    private static HttpResponse<String> post(HttpClient client, String url, String token, ObjectNode body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(Json.text(body)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void installNeedsAPhotoTan_forExactlyThisApp_once() throws Exception {
        String version = publishApproveOffer();
        IdentityServer.Enrolled admin = s.enrolledAlpineUser(Set.of(Role.TENANT_ADMIN));
        String token = s.fullLogin(admin).get("access_token").asText();
        HttpClient tls = s.tlsClient(Optional.of(admin.certificate()));
        String url = s.https + "/admin/tenants/alpine/marketplace/install";

        // no token, or a token without the tenant-admin role: no challenge at all
        assertThat(post(tls, url, null, install(version, List.of(SCOPE), null, null)).statusCode()).isEqualTo(401);
        IdentityServer.Enrolled client = s.enrolledAlpineUser(Set.of(Role.CLIENT));
        String clientToken = s.fullLogin(client).get("access_token").asText();
        assertThat(post(s.tlsClient(Optional.of(client.certificate())), url, clientToken,
                install(version, List.of(SCOPE), null, null)).statusCode()).isEqualTo(403);

        // the first call asks for a confirmation: 428 with the mosaic of exactly this operation
        HttpResponse<String> asked = post(tls, url, token, install(version, List.of(SCOPE), null, null));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(428);
        JsonNode challenge = Json.MAPPER.readTree(asked.body());
        assertThat(challenge.path("image").asText()).startsWith("data:image/png;base64,");
        assertThat(challenge.path("details").path("app").asText()).isEqualTo("valuation-alerts");
        DeviceEmulator.Reading reading = admin.device().read(challenge.path("image").asText().getBytes(StandardCharsets.US_ASCII));
        assertThat(reading.challengeId()).isEqualTo(challenge.path("challengeId").asText());
        assertThat(reading.details().fields()).containsEntry("tenant", "alpine").containsEntry("app", "valuation-alerts")
                .containsEntry("version", version).containsEntry("scopes", SCOPE)
                .containsEntry("runs", "in a process of its own");

        // the TAN does not confirm other details (here: the install without the scope); that burns the challenge
        HttpResponse<String> otherScopes = post(tls, url, token, install(version, List.of(), reading.challengeId(), reading.tan()));
        assertThat(otherScopes.statusCode()).as(otherScopes.body()).isEqualTo(403);
        assertThat(post(tls, url, token, install(version, List.of(SCOPE), reading.challengeId(), reading.tan())).statusCode())
                .isEqualTo(403);

        // a TAN for another app does not confirm this one
        DeviceEmulator.Reading forOtherApp = admin.device().read(s.identity.photoTan().challenge("alpine", admin.username(),
                io.mosaic.keycloak.phototan.OperationDetails.installApp("alpine", "portfolio-export", version, List.of(SCOPE)))
                .mosaicPng());
        assertThat(post(tls, url, token, install(version, List.of(SCOPE), forOtherApp.challengeId(), forOtherApp.tan()))
                .statusCode()).isEqualTo(403);

        // a fresh challenge, confirmed: installed; the same TAN a second time is refused
        JsonNode fresh = Json.MAPPER.readTree(post(tls, url, token, install(version, List.of(SCOPE), null, null)).body());
        DeviceEmulator.Reading good = admin.device().read(fresh.path("image").asText().getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> installed = post(tls, url, token, install(version, List.of(SCOPE), good.challengeId(), good.tan()));
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(201);
        assertThat(installed.body()).contains(SCOPE).contains("\"isolation\":\"process\"");
        assertThat(s.server.platform().tenant("alpine").orElseThrow().processOf("valuation-alerts"))
                .as("a marketplace app runs in a process of its own by default").isPresent();
        HttpResponse<String> again = post(tls, url, token, install(version, List.of(SCOPE), good.challengeId(), good.tan()));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(403);
        assertThat(again.body()).contains("UNKNOWN_OR_USED");
        assertThat(operator("GET", "/admin/tenants/alpine/plugins", null).body()).contains("valuation-alerts");
    }
}
