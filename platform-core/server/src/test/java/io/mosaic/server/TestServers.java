package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

/** What the server end-to-end tests share: a server on the embedded default with the repository's tenants and plugins, and HTTP calls. */
final class TestServers {
    private TestServers() {
    }

    /**
     * The people of the end-to-end tests that are not about who sees what: tenant administrators of every tenant (the
     * gate refuses everything to a person the subject directory does not know). Tests of who sees what use others.
     */
    static final List<String> ADMINS = List.of("admin-test", "operator-olga", "bank-feed-e2e", "bank-feed-test");

    /** A server on a free port, data under {@code data}, without logins (subject from the header). */
    static MosaicServer start(Path data, boolean demo) {
        MosaicServer server = MosaicServer.start(new ServerOptions(data,
                PlatformEndToEndTest.ROOT.resolve("tenant-config/tenants"),
                List.of(PlatformEndToEndTest.ROOT.resolve("plugins")), 0, demo));
        server.platform().tenants().values().forEach(TestServers::admins);
        return server;
    }

    /** Makes {@link #ADMINS} tenant administrators of {@code tenant}. */
    static void admins(io.mosaic.runtime.TenantRuntime tenant) {
        ADMINS.forEach(id -> tenant.subjects().recordRoles(id, java.util.Set.of("tenant-admin"), "test",
                "an end-to-end test's administrator"));
    }

    static String base(MosaicServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    /** A call as {@code subject} (the X-Mosaic-Subject header); {@code body} null for none. */
    static HttpResponse<String> send(HttpClient http, String base, String method, String path, String subject, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Mosaic-Subject", subject)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A query of the demo tenant as an advisor; an empty object when it has no answer. */
    static JsonNode demoQuery(HttpClient http, String base, String query) throws IOException, InterruptedException {
        HttpResponse<String> r = send(http, base, "GET", "/api/tenants/demo/queries/" + query, "admin-test", null);
        return r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()) : Json.obj();
    }
}
