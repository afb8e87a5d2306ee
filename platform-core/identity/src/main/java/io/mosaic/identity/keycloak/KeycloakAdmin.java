package io.mosaic.identity.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.identity.IdentityException;
import io.mosaic.identity.Role;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The few calls of Keycloak's admin REST API the platform needs: realms, the user profile policy, users with
 * credentials, roles and attributes. Authenticates as the bootstrap administrator of the master realm.
 */
public final class KeycloakAdmin {
    private final URI base;
    private final String username;
    private final String password;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private String token;
    private Instant tokenExpires = Instant.EPOCH;

    public KeycloakAdmin(URI base, String username, String password, HttpClient http) {
        this.base = Objects.requireNonNull(base, "base");
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.http = Objects.requireNonNull(http, "http");
    }

    public boolean realmExists(String realm) {
        return send("GET", "/admin/realms/" + realm, null, 200, 404).statusCode() == 200;
    }

    public void createRealm(ObjectNode representation) {
        send("POST", "/admin/realms", representation, 201);
    }

    /** The realm's representation (settings and attributes; not its users). */
    public ObjectNode realm(String realm) {
        return (ObjectNode) read(send("GET", "/admin/realms/" + realm, null, 200));
    }

    /** Changes the realm's settings named in {@code settings}; the others, and its users, stay as they are. */
    public void updateRealm(String realm, ObjectNode settings) {
        send("PUT", "/admin/realms/" + realm, settings, 204);
    }

    /** The id (the tokens' {@code sub}) of the realm's user with this username. */
    public Optional<String> userId(String realm, String user) {
        return findUser(realm, user).map(rep -> rep.get("id").asText());
    }

    /** Keycloak's count of the user's failed logins and whether they lock it now ({@code numFailures}, {@code disabled}). */
    public JsonNode loginFailures(String realm, String user) {
        String id = userId(realm, user).orElseThrow(() -> new IdentityException("no user " + user + " in realm " + realm));
        return read(send("GET", "/admin/realms/" + realm + "/attack-detection/brute-force/users/" + id, null, 200));
    }

    /** How many sessions (signed-in browsers) the user has in Keycloak now. */
    public int userSessions(String realm, String user) {
        String id = userId(realm, user).orElseThrow(() -> new IdentityException("no user " + user + " in realm " + realm));
        return read(send("GET", "/admin/realms/" + realm + "/users/" + id + "/sessions", null, 200)).size();
    }

    /** Deletes a user (its credentials, enrolled devices and sessions with it); false if there was none. */
    public boolean deleteUser(String realm, String user) {
        Optional<String> id = userId(realm, user);
        id.ifPresent(i -> send("DELETE", "/admin/realms/" + realm + "/users/" + i, null, 204));
        return id.isPresent();
    }

    /**
     * Lets administrators see and edit attributes outside the declarative user profile (the photoTAN factor keeps its
     * device key and activation secret there); users never see them.
     */
    public void allowAdminManagedAttributes(String realm) {
        JsonNode profile = read(send("GET", "/admin/realms/" + realm + "/users/profile", null, 200));
        ((ObjectNode) profile).put("unmanagedAttributePolicy", "ADMIN_EDIT");
        send("PUT", "/admin/realms/" + realm + "/users/profile", profile, 200);
    }

    /** How long the realm's access tokens live (Keycloak's {@code accessTokenLifespan}). */
    public void setAccessTokenLifespan(String realm, java.time.Duration lifespan) {
        ObjectNode rep = json.createObjectNode().put("accessTokenLifespan", Math.toIntExact(lifespan.toSeconds()));
        send("PUT", "/admin/realms/" + realm, rep, 204);
    }

    /** Creates a user with a password, realm roles and attributes; returns its id (the tokens' {@code sub}). */
    public String createUser(String realm, String user, String userPassword, Set<Role> roles, Map<String, String> attributes) {
        ObjectNode rep = json.createObjectNode();
        rep.put("username", user).put("enabled", true).put("email", user + "@" + realm + ".mosaic.test")
                .put("emailVerified", true).put("firstName", user).put("lastName", realm);
        rep.putArray("credentials").addObject().put("type", "password").put("value", userPassword).put("temporary", false);
        ObjectNode attrs = rep.putObject("attributes");
        attributes.forEach((k, v) -> attrs.putArray(k).add(v));
        HttpResponse<String> created = send("POST", "/admin/realms/" + realm + "/users", rep, 201);
        String location = created.headers().firstValue("Location")
                .orElseThrow(() -> new IdentityException("Keycloak created user " + user + " without a Location"));
        String id = location.substring(location.lastIndexOf('/') + 1);
        if (!roles.isEmpty()) {
            ArrayNode mappings = json.createArrayNode();
            for (Role role : roles) {
                mappings.add(read(send("GET", "/admin/realms/" + realm + "/roles/" + role.realmRole(), null, 200)));
            }
            send("POST", "/admin/realms/" + realm + "/users/" + id + "/role-mappings/realm", mappings, 204);
        }
        return id;
    }

    /**
     * Sets where a client of the realm may send codes (and, by Keycloak's default {@code +}, where it may send users
     * after logout and which origins may call the token endpoint): exact URIs or prefixes ending in {@code *}.
     */
    public void setRedirectUris(String realm, String clientId, List<String> redirectUris) {
        JsonNode found = read(send("GET", "/admin/realms/" + realm + "/clients?clientId="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8), null, 200));
        if (!found.isArray() || found.isEmpty()) {
            throw new IdentityException("no client " + clientId + " in realm " + realm);
        }
        ObjectNode client = (ObjectNode) found.get(0);
        ArrayNode uris = client.putArray("redirectUris");
        redirectUris.forEach(uris::add);
        ObjectNode attributes = client.has("attributes") ? (ObjectNode) client.get("attributes") : client.putObject("attributes");
        attributes.put("post.logout.redirect.uris", "+");
        send("PUT", "/admin/realms/" + realm + "/clients/" + client.get("id").asText(), client, 204);
    }

    /**
     * Turns on revocation checking in the realm's certificate step: Keycloak's X.509 authenticator then fetches the
     * CRL from {@code crlUrl} (caching it as its CRL storage is configured) and refuses a certificate listed there.
     * The CRL's signature is checked against the issuer in the client's chain or Keycloak's trust store. A CRL that
     * cannot be fetched fails the login (closed, not open).
     *
     * @return false when the realm has no certificate step (nothing to change)
     */
    public boolean checkCertificateRevocation(String realm, URI crlUrl) {
        JsonNode executions = read(send("GET", "/admin/realms/" + realm + "/authentication/flows/"
                + RealmGenerator.FORMS_FLOW + "/executions", null, 200));
        for (JsonNode execution : executions) {
            if (!"auth-x509-client-username-form".equals(execution.path("providerId").asText())) {
                continue;
            }
            String configId = execution.path("authenticationConfig").asText("");
            if (configId.isEmpty()) {
                throw new IdentityException("the certificate step of realm " + realm + " has no configuration");
            }
            ObjectNode config = (ObjectNode) read(send("GET", "/admin/realms/" + realm + "/authentication/config/"
                    + configId, null, 200));
            ObjectNode values = config.has("config") ? (ObjectNode) config.get("config") : config.putObject("config");
            values.put("x509-cert-auth.crl-checking-enabled", "true")
                    .put("x509-cert-auth.crl-relative-path", crlUrl.toString());
            send("PUT", "/admin/realms/" + realm + "/authentication/config/" + configId, config, 204);
            return true;
        }
        return false;
    }

    /** The first value of each attribute of a user. */
    public Optional<Map<String, String>> userAttributes(String realm, String user) {
        return findUser(realm, user).map(rep -> {
            JsonNode attrs = rep.path("attributes");
            return attrs.properties().stream().filter(e -> e.getValue().isArray() && !e.getValue().isEmpty())
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0).asText()));
        });
    }

    /** Sets (or with an empty value removes) one attribute of a user. */
    public void setUserAttribute(String realm, String user, String attribute, Optional<String> value) {
        ObjectNode rep = findUser(realm, user).orElseThrow(() -> new IdentityException("no user " + user + " in realm " + realm));
        ObjectNode attrs = rep.has("attributes") ? (ObjectNode) rep.get("attributes") : rep.putObject("attributes");
        value.ifPresentOrElse(v -> attrs.putArray(attribute).add(v), () -> attrs.remove(attribute));
        send("PUT", "/admin/realms/" + realm + "/users/" + rep.get("id").asText(), rep, 204);
    }

    private Optional<ObjectNode> findUser(String realm, String user) {
        JsonNode found = read(send("GET", "/admin/realms/" + realm + "/users?exact=true&username="
                + URLEncoder.encode(user, StandardCharsets.UTF_8), null, 200));
        return found.isArray() && !found.isEmpty() ? Optional.of((ObjectNode) found.get(0)) : Optional.empty();
    }

    private synchronized String token() {
        if (Instant.now().isBefore(tokenExpires)) {
            return token;
        }
        String form = "grant_type=password&client_id=admin-cli&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() != 200) {
            throw new IdentityException("Keycloak at " + base + " refused the admin login: HTTP " + response.statusCode()
                    + " " + response.body());
        }
        JsonNode body = read(response);
        token = body.get("access_token").asText();
        tokenExpires = Instant.now().plusSeconds(Math.max(5, body.path("expires_in").asLong(60) - 10));
        return token;
    }

    private HttpResponse<String> send(String method, String path, JsonNode body, int... expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token()).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response = exchange(request.build());
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        throw new IdentityException("Keycloak admin " + method + " " + path + " answered HTTP " + response.statusCode()
                + ": " + response.body());
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IdentityException("cannot reach Keycloak at " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityException("interrupted while calling " + request.uri(), e);
        }
    }

    private JsonNode read(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IdentityException("Keycloak answered " + response.uri() + " with no JSON: " + response.body(), e);
        }
    }
}
