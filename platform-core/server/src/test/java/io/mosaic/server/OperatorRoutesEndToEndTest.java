package io.mosaic.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator's routes on the loopback listener, attacked as a web page in the operator's browser and as another
 * user of the host would: no token, a rebound host name, a foreign origin, a form post, a jar from anywhere.
 */
class OperatorRoutesEndToEndTest {
    @TempDir
    static Path data;
    static MosaicServer server;
    static String base;
    static String token;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        server = MosaicServer.start(new ServerOptions(data, PlatformEndToEndTest.ROOT.resolve("tenant-config/tenants"),
                List.of(PlatformEndToEndTest.ROOT.resolve("plugins")), 0, false, Map.of(), false, false, "127.0.0.1", 0,
                false, ServerOptions.OperatorAccess.TOKEN));
        base = "http://127.0.0.1:" + server.port();
        token = Files.readString(data.resolve(OperatorGuard.TOKEN_FILE)).trim();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(String method, String path, String bearer, String contentType, String body,
                                     Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theTokenFile_isReadableByTheServersUserOnly() throws IOException {
        assertThat(token).hasSizeGreaterThanOrEqualTo(64);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(OperatorGuard.TOKEN_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void operatorRouteWithoutTheToken_isRefused_withItAnswered() throws Exception {
        HttpResponse<String> none = send("GET", "/admin/tenants", null, null, null, Map.of());
        assertThat(none.statusCode()).as(none.body()).isEqualTo(401);
        assertThat(none.body()).contains("operator token");
        assertThat(send("GET", "/admin/tenants", "0".repeat(64), null, null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/tenants/demo/audit", null, null, null, Map.of("X-Mosaic-Subject", "operator"))
                .statusCode()).as("a subject header is no credential").isEqualTo(401);
        assertThat(send("GET", "/admin/tenants", token, null, null, Map.of()).statusCode()).isEqualTo(200);
        // the public routes stay public
        assertThat(send("GET", "/health", null, null, null, Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void everyOperatorRoute_refusesACallerWithoutTheToken_orWithAnotherOne() throws Exception {
        List<String> operatorRoutes = ApiContract.registered(server.routes().get("loopback")).stream()
                .filter(r -> r.contains(" /admin/")).toList();
        assertThat(operatorRoutes).hasSizeGreaterThan(35);
        List<String> answered = new java.util.ArrayList<>();
        for (String route : operatorRoutes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replace("{tenant}", "demo")
                    .replaceAll("\\{[A-Za-z]+}", "probe");
            String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
            for (String bearer : new String[] {null, "0".repeat(64)}) {
                HttpResponse<String> r = send(method, path, bearer, body == null ? null : "application/json", body, Map.of());
                if (r.statusCode() != 401) {
                    answered.add(route + (bearer == null ? " (no token)" : " (a wrong token)") + " -> " + r.statusCode());
                }
            }
        }
        assertThat(answered).as("operator routes that did not refuse").isEmpty();
        assertThat(send("GET", "/admin/tenants", token, null, null, Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void reboundHostName_isRefused() throws Exception {
        // DNS rebinding: a page of attacker.example whose name now resolves to 127.0.0.1 sends its own Host
        String answer = raw("GET /admin/tenants HTTP/1.1\r\nHost: rebind.attacker.example:" + server.port()
                + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 421");
        assertThat(raw("GET /api/tenants/demo/queries/assets/assets HTTP/1.1\r\nHost: rebind.attacker.example\r\n"
                + "X-Mosaic-Subject: admin\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 421");
        assertThat(raw("GET /health HTTP/1.1\r\nHost: localhost:" + server.port() + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void crossOriginRequest_isRefused_evenWithTheToken() throws Exception {
        HttpResponse<String> r = send("DELETE", "/admin/tenants/demo/plugins/valuation-alerts/grants/assets.valuations.read",
                token, null, null, Map.of("Origin", "https://attacker.example"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(send("GET", "/admin/tenants", token, null, null, Map.of("Origin", base)).statusCode()).isEqualTo(200);
    }

    @Test
    void formOrTextPost_isRefused() throws Exception {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            HttpResponse<String> r = send("POST", "/admin/tenants/demo/plugins", token, type, "{\"jar\":\"x\"}", Map.of());
            assertThat(r.statusCode()).as(type + ": " + r.body()).isEqualTo(415);
        }
        assertThat(send("POST", "/admin/tenants/demo/plugins", token, null, "{\"jar\":\"x\"}", Map.of()).statusCode())
                .as("no content type").isEqualTo(415);
    }

    @Test
    void installFromAPathOutsideTheCatalog_isRefused() throws Exception {
        Path outside = Files.copy(MarketplaceEndToEndTest.appJar(), data.resolve("copied-app.jar"));
        HttpResponse<String> r = send("POST", "/admin/tenants/demo/plugins", token, "application/json",
                Json.text(Json.obj().put("jar", outside.toString())), Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("not in the server's plugin catalog");
        Path link = data.resolve("link-into-catalog");
        Files.createSymbolicLink(link, outside);
        assertThat(send("POST", "/admin/tenants/demo/plugins", token, "application/json",
                Json.text(Json.obj().put("jar", link.toString())), Map.of()).statusCode()).isEqualTo(400);
    }

    @Test
    void theDevelopmentSwitch_isRefusedBeyondLoopback() {
        assertThatThrownBy(() -> new ServerOptions(data, data, List.of(), 0, false, Map.of(), false, true, "0.0.0.0", 0,
                false, ServerOptions.OperatorAccess.OPEN)).hasMessageContaining("loopback only");
    }

    /**
     * One request written by hand (the JDK's client does not let a caller choose the Host header); the answer's status
     * line (the server may keep the connection open, so nothing more is awaited).
     */
    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                line.append((char) b);
            }
            return line.toString().strip();
        }
    }
}
