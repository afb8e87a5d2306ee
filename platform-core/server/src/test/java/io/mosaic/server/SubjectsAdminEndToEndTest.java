package io.mosaic.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Delegation set up over the admin API: an advisor acts for assigned clients only, a family member not at all. */
class SubjectsAdminEndToEndTest {
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

    static HttpResponse<String> send(String method, String path, String subject, String body) throws Exception {
        return TestServers.send(http, base, method, path, subject, body);
    }

    static String register(String subject, String owner) throws Exception {
        String asset = "del-" + UUID.randomUUID();
        HttpResponse<String> r = send("POST", "/api/tenants/demo/commands/assets.RegisterAsset?entity=" + owner, subject,
                "{\"assetId\":\"" + asset + "\",\"name\":\"Delegated\",\"assetClass\":\"ART\",\"owner\":\"" + owner
                        + "\",\"currency\":\"CHF\",\"description\":\"d\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return asset;
    }

    static boolean exists(String asset) throws Exception {
        return send("GET", "/api/tenants/demo/queries/assets/asset?id=" + asset, "operator", null).statusCode() == 200;
    }

    static boolean audited(String rule) throws Exception {
        return send("GET", "/admin/tenants/demo/audit?limit=200", "operator", null).body().contains(rule);
    }

    @Test
    void advisorActsForAssignedClientsOnly_andAFamilyMemberNotAtAll() throws Exception {
        assertThat(send("PUT", "/admin/tenants/demo/subjects/vera/roles", "admin", "{\"roles\":[\"advisor\"]}").statusCode())
                .isBetween(200, 204);
        assertThat(send("PUT", "/admin/tenants/demo/subjects/vera/clients/client-1", "admin", null).statusCode()).isBetween(200, 204);
        assertThat(send("GET", "/admin/tenants/demo/subjects/vera", "admin", null).body()).contains("client-1").contains("advisor");

        String allowed = register("vera", "client-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> exists(allowed));

        String refused = register("vera", "client-2");
        await().atMost(Duration.ofSeconds(10)).until(() -> audited("assets:advisors-for-assigned-clients-only"));
        assertThat(exists(refused)).isFalse();

        assertThat(send("PUT", "/admin/tenants/demo/subjects/kid/roles", "admin", "{\"roles\":[\"family-member\"]}").statusCode())
                .isBetween(200, 204);
        String byKid = register("kid", "client-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> audited("assets:family-members-read-only"));
        assertThat(exists(byKid)).isFalse();

        // reads pass the gate too: the advisor sees her client's accounts, not another client's; the family member
        // sees only what was shared with her
        assertThat(send("GET", "/api/tenants/demo/queries/custody/accounts?ownerId=client-1", "vera", null).statusCode()).isEqualTo(200);
        HttpResponse<String> other = send("GET", "/api/tenants/demo/queries/custody/accounts?ownerId=client-2", "vera", null);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(403);
        assertThat(other.body()).contains("assigned");
        assertThat(send("GET", "/api/tenants/demo/queries/custody/accounts?ownerId=client-1", "kid", null).statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/admin/tenants/demo/subjects/client-1/shares/kid", "admin", null).statusCode()).isBetween(200, 204);
        assertThat(send("GET", "/api/tenants/demo/queries/custody/accounts?ownerId=client-1", "kid", null).statusCode()).isEqualTo(200);
        assertThat(audited("custody:advisors-see-their-clients")).isTrue();

        // unassigning takes effect for the next command
        assertThat(send("DELETE", "/admin/tenants/demo/subjects/vera/clients/client-1", "admin", null).statusCode()).isBetween(200, 204);
        assertThat(send("GET", "/admin/tenants/demo/subjects/vera", "admin", null).body()).doesNotContain("client-1");
    }
}
