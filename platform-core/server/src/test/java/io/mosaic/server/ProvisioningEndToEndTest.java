package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.hsm.Encrypted;
import io.mosaic.sdk.EntityForgottenException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bank is provisioned in one step over the admin API, serves requests, and is deleted with its keys shredded. */
class ProvisioningEndToEndTest {
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

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return TestServers.send(http, base, method, path, "operator-olga", body);
    }

    @Test
    void createServeAndDeleteATenant_leavesItsDataUnreadable() throws Exception {
        String yaml = Files.readString(PlatformEndToEndTest.ROOT.resolve("tenant-config/tenants/alpine.yaml"))
                .replace("id: alpine", "id: lakeside").replaceAll("(?m)^(\\s*)domain: (\\S+)", "$1domain: lakeside.example");
        HttpResponse<String> created = send("POST", "/admin/tenants", yaml);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode report = Json.MAPPER.readTree(created.body());
        assertThat(report.path("outcome").asText()).isNotBlank();
        assertThat(send("GET", "/admin/tenants", null).body()).contains("lakeside");
        assertThat(send("GET", "/admin/tenants/lakeside/plugins", null).body()).contains("assets");

        // data of the new bank, encrypted under its keys
        Encrypted secret = server.platform().keys().encrypt("lakeside", "client-1", "lakeside secret".getBytes(StandardCharsets.UTF_8), new byte[0]);

        HttpResponse<String> deleted = send("DELETE", "/admin/tenants/lakeside", null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(send("GET", "/admin/tenants", null).body()).doesNotContain("lakeside");
        assertThatThrownBy(() -> server.platform().keys().decrypt(secret, new byte[0]))
                .isInstanceOf(EntityForgottenException.class);
        // another bank is untouched
        assertThat(send("GET", "/api/tenants/alpine/queries/assets/assets", null).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedDescriptor_isRefusedWithTheField() throws Exception {
        HttpResponse<String> refused = send("POST", "/admin/tenants", "id: x\nlegalName: 5\n");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("line");
    }
}
