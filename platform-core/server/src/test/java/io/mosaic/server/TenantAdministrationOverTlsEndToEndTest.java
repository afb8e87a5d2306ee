package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.identity.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bank's tenant administrator administers the tenant over the public TLS listener with a token: the tenant's
 * administration routes need a token of a tenant administrator of that very tenant; what the call changes is
 * attributed to the token's subject (a forged subject header changes nothing), and each call is audited. Routes of
 * the platform operator and installs from a path on the server stay on loopback.
 */
@ExtendWith(IdentityServer.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantAdministrationOverTlsEndToEndTest {
    private final IdentityServer s;
    private HttpClient tls;
    private String admin;
    private String adminToken;
    private io.mosaic.identity.phototan.DeviceEmulator adminDevice;
    private String advisorToken;
    private String alpineAdminToken;

    TenantAdministrationOverTlsEndToEndTest(IdentityServer s) {
        this.s = s;
    }

    @BeforeAll
    void users() {
        tls = s.tlsClient(Optional.empty());
        long n = System.nanoTime() % 100_000;
        admin = "bank-admin-" + n;
        adminDevice = s.identity.createUserWithHeldDevice("demo", admin, IdentityServer.PASSWORD, Set.of(Role.TENANT_ADMIN));
        adminToken = s.identity.login("demo", admin, IdentityServer.PASSWORD);
        s.identity.createUserWithHeldDevice("demo", "bank-advisor-" + n, IdentityServer.PASSWORD, Set.of(Role.ADVISOR));
        advisorToken = s.identity.login("demo", "bank-advisor-" + n, IdentityServer.PASSWORD);
        s.identity.createUserWithHeldDevice("alpine", "alpine-admin-" + n, IdentityServer.PASSWORD, Set.of(Role.TENANT_ADMIN));
        alpineAdminToken = s.identity.login("alpine", "alpine-admin-" + n, IdentityServer.PASSWORD);
    }

    @Test
    void aTenantAdministrator_readsAndChangesItsTenant_overTls_asItself() throws Exception {
        HttpResponse<String> plugins = send("GET", "/admin/tenants/demo/plugins", adminToken, null, null);
        assertThat(plugins.statusCode()).as(plugins.body()).isEqualTo(200);
        assertThat(plugins.body()).contains("\"assets\"");

        String subject = "client-" + System.nanoTime() % 100_000;
        String path = "/admin/tenants/demo/subjects/" + subject + "/roles?reason=onboarding";
        // who sees what changes: the administrator confirms exactly this change with a photoTAN
        HttpResponse<String> asked = send("PUT", path, adminToken, "{\"roles\":[\"client\"]}", "mallory");
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(428);
        var reading = adminDevice.read(Json.MAPPER.readTree(asked.body()).path("image").asText()
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(reading.details().operation()).isEqualTo("subject.roles");
        assertThat(reading.details().fields()).containsEntry("subject", subject).containsEntry("roles", "client");
        assertThat(send("GET", "/admin/tenants/demo/subjects/" + subject, adminToken, null, null).statusCode())
                .as("nothing recorded before the TAN").isEqualTo(404);
        HttpResponse<String> otherRoles = send("PUT", path, adminToken, "{\"roles\":[\"tenant-admin\"]}", "mallory",
                reading);
        assertThat(otherRoles.statusCode()).as("the TAN confirms 'client', not other roles").isEqualTo(403);
        var fresh = adminDevice.read(Json.MAPPER.readTree(send("PUT", path, adminToken, "{\"roles\":[\"client\"]}",
                "mallory").body()).path("image").asText().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        HttpResponse<String> roles = send("PUT", path, adminToken, "{\"roles\":[\"client\"]}", "mallory", fresh);
        assertThat(roles.statusCode()).as(roles.body()).isEqualTo(204);
        HttpResponse<String> read = send("GET", "/admin/tenants/demo/subjects/" + subject, adminToken, null, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"client\"");

        String tokenSubject = Json.MAPPER.readTree(java.util.Base64.getUrlDecoder().decode(adminToken.split("\\.")[1]))
                .path("sub").asText();
        JsonNode audit = Json.MAPPER.readTree(send("GET", "/admin/tenants/demo/audit?limit=50", adminToken, null, null).body());
        assertThat(audit.findValues("actor").stream().map(JsonNode::asText)).as("a forged subject header is ignored")
                .contains(tokenSubject).doesNotContain("mallory");
        boolean rolesAudited = false;
        boolean callAudited = false;
        for (JsonNode r : audit) {
            String text = r.toString();
            rolesAudited |= r.path("actor").asText().equals(tokenSubject) && text.contains(subject)
                    && !r.path("kind").asText().equals("remote-admin");
            callAudited |= r.path("kind").asText().equals("remote-admin") && r.path("actor").asText().equals(tokenSubject)
                    && text.contains("PUT /admin/tenants/demo/subjects/" + subject + "/roles") && text.contains("204");
        }
        assertThat(rolesAudited).as("the role change, by the token's subject: %s", audit).isTrue();
        assertThat(callAudited).as("the call itself: %s", audit).isTrue();
    }

    @Test
    void theDemoTenantAdministrator_ofTheReadme_administersOverTls() throws Exception {
        String token = s.identity.login("demo", io.mosaic.demo.Demo.ADMIN_API_USER, io.mosaic.demo.Demo.password(s.data()));

        HttpResponse<String> plugins = send("GET", "/admin/tenants/demo/plugins", token, null, null);

        assertThat(plugins.statusCode()).as(plugins.body()).isEqualTo(200);
    }

    @Test
    void withoutAToken_withAnotherTenantsAdmin_orWithoutTheRole_theRoutesRefuse() throws Exception {
        assertThat(send("GET", "/admin/tenants/demo/plugins", null, null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/admin/tenants/demo/plugins", alpineAdminToken, null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> advisor = send("GET", "/admin/tenants/demo/audit", advisorToken, null, null);
        assertThat(advisor.statusCode()).isEqualTo(403);
        assertThat(advisor.body()).contains("tenant-admin");
        HttpResponse<String> change = send("PUT", "/admin/tenants/demo/subjects/someone/roles", advisorToken,
                "{\"roles\":[\"tenant-admin\"]}", null);
        assertThat(change.statusCode()).as("an advisor cannot make anyone an administrator").isEqualTo(403);
        assertThat(send("GET", "/admin/tenants/demo/subjects/someone", adminToken, null, null).statusCode())
                .as("nothing was recorded").isEqualTo(404);
    }

    @Test
    void operatorRoutes_andInstallsFromAServerPath_stayOnLoopback() throws Exception {
        assertThat(send("GET", "/admin/tenants", adminToken, null, null).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/admin/tenants/demo/plugins", adminToken, "{\"jar\":\"/etc/passwd\"}", null).statusCode())
                .isEqualTo(404);
        assertThat(send("DELETE", "/admin/tenants/demo", adminToken, null, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/admin/pki/revocations", adminToken, null, null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String method, String path, String token, String body, String subjectHeader)
            throws Exception {
        return send(method, path, token, body, subjectHeader, null);
    }

    /** A call answering a photoTAN challenge with {@code reading} (its challenge id and TAN in the headers). */
    private HttpResponse<String> send(String method, String path, String token, String body, String subjectHeader,
                                      io.mosaic.identity.phototan.DeviceEmulator.Reading reading) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.https + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (subjectHeader != null) {
            b.header("X-Mosaic-Subject", subjectHeader);
        }
        if (reading != null) {
            b.header(HighValueConfirmation.CHALLENGE_HEADER, reading.challengeId())
                    .header(HighValueConfirmation.TAN_HEADER, reading.tan());
        }
        return tls.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
