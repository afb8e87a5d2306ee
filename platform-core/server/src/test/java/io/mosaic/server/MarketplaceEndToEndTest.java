package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.marketplace.packaging.PackageSigner;
import io.mosaic.marketplace.packaging.PublisherKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A publisher submits a signed app, the operator approves and offers it, a bank installs it with consent — over HTTP. */
class MarketplaceEndToEndTest {
    @TempDir
    static Path data;
    static MosaicServer server;
    static final HttpClient http = HttpClient.newHttpClient();
    static String base;

    @BeforeAll
    static void start() {
        server = TestServers.start(data, false);
        base = TestServers.base(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(String method, String path, String json) throws Exception {
        return TestServers.send(http, base, method, path, "operator-olga", json);
    }

    static Path appJar() throws Exception {
        Path dir = PlatformEndToEndTest.ROOT.resolve("plugins/apps/valuation-alerts/target");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("mosaic-plugin-valuation-alerts-[^-]+-SNAPSHOT\\.jar|mosaic-plugin-valuation-alerts-[0-9.]+\\.jar"))
                    .findFirst().orElseThrow();
        }
    }

    @Test
    void publishReviewOfferInstall_andTamperedOrUnapprovedPackagesAreRefused() throws Exception {
        PublisherKeys keys = PublisherKeys.generate("Mosaic examples", Instant.now().minus(Duration.ofDays(1)), Duration.ofDays(365));
        Path jar = Files.copy(appJar(), data.resolve("valuation-alerts.jar"), StandardCopyOption.REPLACE_EXISTING);
        Path signature = new PackageSigner(keys).sign(jar);

        assertThat(send("POST", "/admin/marketplace/publishers", Json.text(Json.obj().put("name", "Mosaic examples")
                .put("certificatePem", MarketplaceApi.pem(keys)))).statusCode()).isEqualTo(201);

        // a modified package is refused at submission
        Path tampered = Files.copy(jar, data.resolve("tampered.jar"));
        byte[] bytes = Files.readAllBytes(tampered);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(tampered, bytes);
        Files.copy(signature, data.resolve("tampered.jar.p7s"));
        HttpResponse<String> refused = send("POST", "/admin/marketplace/submissions", Json.text(Json.obj()
                .put("jar", tampered.toString()).put("signature", data.resolve("tampered.jar.p7s").toString())));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("MODIFIED");

        HttpResponse<String> submitted = send("POST", "/admin/marketplace/submissions", Json.text(Json.obj()
                .put("jar", jar.toString()).put("signature", signature.toString())));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String version = Json.MAPPER.readTree(send("GET", "/admin/marketplace/review", null).body()).get(0).path("version").asText();

        // not yet approved: not installable
        assertThat(send("GET", "/admin/tenants/alpine/marketplace/apps/valuation-alerts/versions/" + version + "/consent", null)
                .statusCode()).isEqualTo(409);

        assertThat(send("POST", "/admin/marketplace/apps/valuation-alerts/versions/" + version + "/approve",
                "{\"note\":\"reviewed scopes and types\"}").statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/admin/marketplace/apps/valuation-alerts/versions/" + version + "/offer",
                "{\"tenants\":[\"alpine\"]}").statusCode()).isEqualTo(200);

        JsonNode consent = Json.MAPPER.readTree(send("GET", "/admin/tenants/alpine/marketplace/apps/valuation-alerts/versions/"
                + version + "/consent", null).body());
        assertThat(consent.path("scopes").get(0).path("reason").asText()).contains("warn you when a value drops");

        assertThat(send("DELETE", "/admin/tenants/alpine/plugins/valuation-alerts", null).statusCode()).isEqualTo(204);
        HttpResponse<String> installed = send("POST", "/admin/tenants/alpine/marketplace/install", Json.text(Json.obj()
                .put("app", "valuation-alerts").put("version", version).put("isolation", "process")
                .set("consent", Json.MAPPER.createArrayNode().add("assets.valuations.read"))));
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(201);
        assertThat(installed.body()).contains("assets.valuations.read");
        assertThat(send("GET", "/admin/tenants/alpine/plugins", null).body()).contains("valuation-alerts");
        // installed as untrusted: it runs in a JVM of its own
        assertThat(server.platform().tenant("alpine").orElseThrow().processOf("valuation-alerts")).isPresent();
        // not offered to demo
        assertThat(send("GET", "/admin/tenants/demo/marketplace/available", null).body()).doesNotContain("valuation-alerts");
    }
}
