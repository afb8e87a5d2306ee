package io.mosaic.identity.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mosaic.identity.IdentityException;
import io.mosaic.identity.keycloak.KeycloakEndpoints;
import io.mosaic.identity.keycloak.LocalCa;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLParameters;

/**
 * Drives Keycloak's browser login over HTTP, without a browser: authorization-code flow with PKCE, cookies, the
 * HTML forms parsed and posted, redirects followed by hand until the code arrives at the redirect URI. Optionally
 * presents a client certificate in the TLS handshake (the certificate factor). For tests and demos.
 */
public final class BrowserLogin {
    private static final Pattern FORM = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z-]+)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern IMG = Pattern.compile("<img\\b[^>]*id=\"([^\"]+)\"[^>]*>", Pattern.CASE_INSENSITIVE);

    /** A page the login arrived at, or the end of the login (a {@link #code} at the redirect URI). */
    public record Page(int status, URI uri, String body, Optional<String> code) {
        public boolean hasForm(String id) {
            return body.contains("id=\"" + id + "\"");
        }

        /** The {@code src} of the image with this id (photoTAN pages carry data URIs). */
        public Optional<String> imageSource(String id) {
            Matcher m = IMG.matcher(body);
            while (m.find()) {
                if (m.group(1).equals(id)) {
                    return Optional.ofNullable(attributes(m.group()).get("src")).map(BrowserLogin::unescape);
                }
            }
            return Optional.empty();
        }

        /** The error or info message Keycloak shows, if any. */
        public Optional<String> message() {
            Matcher m = Pattern.compile("class=\"[^\"]*(kc-feedback-text|pf-v5-c-alert__title|alert-error)[^\"]*\"[^>]*>\\s*([^<]+)")
                    .matcher(body);
            if (m.find()) {
                return Optional.of(m.group(2).strip());
            }
            Matcher error = Pattern.compile("id=\"kc-error-message\"[^>]*>\\s*<p[^>]*>\\s*([^<]+)").matcher(body);
            return error.find() ? Optional.of(error.group(1).strip()) : Optional.empty(); // the login-error page
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http;
    private final URI base;
    private String realm;
    private String clientId;
    private String redirectUri;
    private String verifier;

    public BrowserLogin(KeycloakEndpoints keycloak, Optional<LocalCa.Issued> clientCertificate) {
        this.base = keycloak.base();
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        this.http = HttpClient.newBuilder().sslContext(keycloak.serverCa().sslContext(clientCertificate))
                .sslParameters(parameters).cookieHandler(cookies).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Opens the realm's authorization endpoint and follows redirects to the first page. */
    public Page begin(String realmName, String client, String redirect) {
        this.realm = realmName;
        this.clientId = client;
        this.redirectUri = redirect;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge;
        try {
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IdentityException("SHA-256 is not available", e);
        }
        URI auth = base.resolve("/realms/" + realm + "/protocol/openid-connect/auth?" + form(Map.of(
                "client_id", client, "redirect_uri", redirect, "response_type", "code", "scope", "openid",
                "state", "s" + System.nanoTime(), "code_challenge", challenge, "code_challenge_method", "S256")));
        return follow(HttpRequest.newBuilder(auth).GET());
    }

    /**
     * Starts at {@code start} (e.g. a server's own login route, which redirects to the realm with its own state and
     * code challenge) and follows redirects to the first page; the login ends when a redirect reaches
     * {@code redirect} (the page then carries the code, and its {@link Page#uri} the whole callback URI).
     */
    public Page beginAt(URI start, String realmName, String redirect) {
        this.realm = realmName;
        this.redirectUri = redirect;
        return follow(HttpRequest.newBuilder(start).GET());
    }

    /** Fills the page's first form with {@code fields} (hidden inputs kept) and posts it. */
    public Page submit(Page page, Map<String, String> fields) {
        Matcher formTag = FORM.matcher(page.body());
        if (!formTag.find()) {
            throw new IdentityException("page " + page.uri() + " has no form:\n" + page.body());
        }
        String action = unescape(attributes(formTag.group()).getOrDefault("action", page.uri().toString()));
        Map<String, String> values = new LinkedHashMap<>();
        int end = page.body().indexOf("</form>", formTag.end());
        Matcher inputs = INPUT.matcher(page.body().substring(formTag.end(), end < 0 ? page.body().length() : end));
        while (inputs.find()) {
            Map<String, String> input = attributes(inputs.group());
            if ("hidden".equals(input.get("type")) && input.containsKey("name")) {
                values.put(input.get("name"), unescape(input.getOrDefault("value", "")));
            }
        }
        values.putAll(fields);
        return follow(HttpRequest.newBuilder(page.uri().resolve(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(values))));
    }

    /** Exchanges the code for tokens (over the same TLS client, so a certificate binds the access token). */
    public JsonNode exchange(String code) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "code", code,
                        "client_id", clientId, "redirect_uri", redirectUri, "code_verifier", verifier)))));
        try {
            JsonNode body = json.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new IdentityException("token endpoint answered HTTP " + response.statusCode() + ": " + response.body());
            }
            return body;
        } catch (IOException e) {
            throw new IdentityException("token endpoint answered no JSON: " + response.body(), e);
        }
    }

    /** GET of any URL with this login's cookies and certificate. */
    public HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    private Page follow(HttpRequest.Builder first) {
        HttpResponse<String> response = send(first);
        for (int hops = 0; hops < 10; hops++) {
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                return new Page(response.statusCode(), response.uri(), response.body(), Optional.empty());
            }
            URI next = response.uri().resolve(location.get());
            if (redirectUri != null && next.toString().startsWith(redirectUri)) {
                String query = Optional.ofNullable(next.getRawQuery()).orElse("");
                Map<String, String> params = java.util.Arrays.stream(query.split("&")).map(p -> p.split("=", 2))
                        .filter(p -> p.length == 2)
                        .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8), (a, b) -> a));
                return new Page(response.statusCode(), next, "", Optional.ofNullable(params.get("code")));
            }
            response = send(HttpRequest.newBuilder(next).GET());
        }
        throw new IdentityException("more than 10 redirects from " + response.uri());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IdentityException("request to Keycloak failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityException("interrupted", e);
        }
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> attrs = new LinkedHashMap<>();
        Matcher m = ATTR.matcher(tag);
        while (m.find()) {
            attrs.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        return attrs;
    }

    static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&#x3D;", "=").replace("&#61;", "=");
    }

    /** {@code application/x-www-form-urlencoded} of the fields. */
    public static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
