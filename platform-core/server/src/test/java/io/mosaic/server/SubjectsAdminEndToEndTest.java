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

/**
 * Who sees what, set up over the admin API and attacked over the tenant API: an advisor reads and acts for assigned
 * clients only, a client for its own owners, a family member reads what was shared, a stranger gets nothing; the
 * owner is one parameter, the command's entity comes from its body, the live stream is filtered per person.
 */
class SubjectsAdminEndToEndTest {
    @TempDir
    static Path data;
    static MosaicServer server;
    static final HttpClient http = HttpClient.newHttpClient();
    static String base;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(data, false);
        base = TestServers.base(server);
        ok(send("PUT", "/admin/tenants/demo/subjects/vera/roles", "admin", "{\"roles\":[\"advisor\"]}"));
        ok(send("PUT", "/admin/tenants/demo/subjects/vera/clients/client-1", "admin", null));
        ok(send("PUT", "/admin/tenants/demo/subjects/kim/roles", "admin", "{\"roles\":[\"client\"]}"));
        ok(send("PUT", "/admin/tenants/demo/subjects/kim/owners/client-2", "admin", null));
        ok(send("PUT", "/admin/tenants/demo/subjects/kid/roles", "admin", "{\"roles\":[\"family-member\"]}"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 204);
    }

    static HttpResponse<String> send(String method, String path, String subject, String body) throws Exception {
        return TestServers.send(http, base, method, path, subject, body);
    }

    static HttpResponse<String> registerAs(String subject, String asset, String owner) throws Exception {
        return send("POST", "/api/tenants/demo/commands/assets.RegisterAsset?entity=" + asset, subject,
                "{\"assetId\":\"" + asset + "\",\"name\":\"Delegated\",\"assetClass\":\"ART\",\"owner\":\"" + owner
                        + "\",\"currency\":\"CHF\",\"description\":\"d\"}");
    }

    static String register(String subject, String owner) throws Exception {
        String asset = "del-" + UUID.randomUUID();
        HttpResponse<String> r = registerAs(subject, asset, owner);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> exists(asset));
        return asset;
    }

    static HttpResponse<String> value(String subject, String entity, String asset) throws Exception {
        return send("POST", "/api/tenants/demo/commands/assets.RecordValuation?entity=" + entity, subject,
                "{\"assetId\":\"" + asset + "\",\"valuationId\":\"v-" + UUID.randomUUID() + "\",\"amount\":\"1.00\","
                        + "\"currency\":\"CHF\",\"valuationDate\":\"2025-01-31\",\"method\":\"MODEL\",\"appraiser\":\"\"}");
    }

    static boolean exists(String asset) throws Exception {
        return send("GET", "/api/tenants/demo/queries/assets/asset?id=" + asset, "admin-test", null).statusCode() == 200;
    }

    static boolean audited(String rule) throws Exception {
        return send("GET", "/admin/tenants/demo/audit?limit=200", "operator", null).body().contains(rule);
    }

    @Test
    void advisorActsForAssignedClientsOnly_andAFamilyMemberNotAtAll() throws Exception {
        assertThat(send("GET", "/admin/tenants/demo/subjects/vera", "admin", null).body()).contains("client-1").contains("advisor");
        register("vera", "client-1");

        HttpResponse<String> refused = registerAs("vera", "del-refused", "client-2");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("only for the clients assigned");
        assertThat(audited("assets:advisors-for-assigned-clients-only")).isTrue();
        assertThat(exists("del-refused")).isFalse();

        HttpResponse<String> byKid = registerAs("kid", "del-kid", "client-1");
        assertThat(byKid.statusCode()).as(byKid.body()).isEqualTo(403);
        assertThat(audited("assets:family-members-read-only")).isTrue();

        // unassigning takes effect for the next command
        ok(send("DELETE", "/admin/tenants/demo/subjects/vera/clients/client-1", "admin", null));
        assertThat(registerAs("vera", "del-after", "client-1").statusCode()).isEqualTo(403);
        ok(send("PUT", "/admin/tenants/demo/subjects/vera/clients/client-1", "admin", null));
    }

    @Test
    void advisorWithoutOwner_seesNothing_andClientReadsAnotherOwner_isDenied() throws Exception {
        String mine = register("admin-test", "client-1");
        String kims = register("admin-test", "client-2");

        HttpResponse<String> all = send("GET", "/api/tenants/demo/queries/assets/assets", "vera", null);
        assertThat(all.statusCode()).as(all.body()).isEqualTo(403);
        HttpResponse<String> assigned = send("GET", "/api/tenants/demo/queries/assets/assets?owner=client-1", "vera", null);
        assertThat(assigned.body()).contains(mine).doesNotContain(kims);
        assertThat(send("GET", "/api/tenants/demo/queries/assets/assets?owner=client-2", "vera", null).statusCode())
                .isEqualTo(403);

        assertThat(send("GET", "/api/tenants/demo/queries/assets/assets?owner=client-2", "kim", null).body())
                .contains(kims).doesNotContain(mine);
        assertThat(send("GET", "/api/tenants/demo/queries/assets/assets?owner=client-1", "kim", null).statusCode())
                .isEqualTo(403);
        assertThat(send("GET", "/api/tenants/demo/queries/custody/accounts?owner=client-2", "kim", null).statusCode())
                .isEqualTo(200);

        // a person the directory does not know, and one whose roles were taken away, get nothing
        for (String stranger : new String[] {"somebody", "vera-left"}) {
            if (stranger.equals("vera-left")) {
                ok(send("PUT", "/admin/tenants/demo/subjects/vera-left/roles", "admin", "{\"roles\":[]}"));
            }
            assertThat(send("GET", "/api/tenants/demo/queries/assets/assets?owner=client-1", stranger, null).statusCode())
                    .isEqualTo(403);
            assertThat(send("GET", "/api/tenants/demo/queries/market-data/fx?base=EUR&quote=CHF&date=2025-01-31", stranger,
                    null).statusCode()).isEqualTo(403);
        }

        // a family member sees what was shared with her, and only that
        assertThat(send("GET", "/api/tenants/demo/queries/custody/accounts?owner=client-1", "kid", null).statusCode())
                .isEqualTo(403);
        ok(send("PUT", "/admin/tenants/demo/subjects/client-1/shares/kid", "admin", null));
        assertThat(send("GET", "/api/tenants/demo/queries/custody/accounts?owner=client-1", "kid", null).statusCode())
                .isEqualTo(200);
        assertThat(audited("custody:advisors-see-their-clients") || audited("assets:advisors-see-their-clients")).isTrue();
    }

    @Test
    void ownerSmuggledInASecondParameter_isRefused() throws Exception {
        for (String smuggled : new String[] {"owner=client-1&ownerId=client-2", "owner=client-1&holder=client-2",
                "owner=client-1&entity=client-2", "owner=client-1&owner=client-2"}) {
            HttpResponse<String> r = send("GET", "/api/tenants/demo/queries/custody/accounts?" + smuggled, "vera", null);
            assertThat(r.statusCode()).as(smuggled + ": " + r.body()).isEqualTo(400);
        }
    }

    @Test
    void commandWhoseBodyNamesAnotherEntityThanTheRequest_isRefused() throws Exception {
        String mine = register("admin-test", "client-1");
        String kims = register("admin-test", "client-2");
        HttpResponse<String> forged = value("vera", mine, kims);
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(400);
        assertThat(forged.body()).contains("names entity '" + mine + "'").contains("acts on '" + kims + "'");
        assertThat(value("vera", kims, kims).statusCode()).isEqualTo(403);
        assertThat(value("vera", mine, mine).statusCode()).isEqualTo(202);
    }

    @Test
    void liveStream_showsOnlyOwnOwners() throws Exception {
        try (LiveStream vera = LiveStream.as(http, base + "/api/tenants/demo/events", "vera");
             LiveStream stranger = LiveStream.as(http, base + "/api/tenants/demo/events", "somebody");
             LiveStream admin = new LiveStream(http, base + "/api/tenants/demo/events")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> vera.isOpen() && stranger.isOpen() && admin.isOpen());
            String visible = register("admin-test", "client-1");
            String hidden = register("admin-test", "client-2");
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.ofType("assets.AssetRegistered").stream()
                    .filter(e -> e.path("entity").asText().equals(hidden)).count() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> vera.ofType("assets.AssetRegistered").stream()
                    .anyMatch(e -> e.path("entity").asText().equals(visible)));
            assertThat(vera.events()).noneMatch(e -> e.path("entity").asText().equals(hidden));
            assertThat(vera.events()).noneMatch(e -> e.toString().contains("client-2"));
            assertThat(stranger.events()).isEmpty();
        }
    }
}
