package io.mosaic.identity.keycloak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.identity.Role;
import io.mosaic.identity.TokenValidator;
import io.mosaic.tenant.LoginFactor;
import io.mosaic.tenant.TenantDescriptor;
import java.util.List;
import java.util.Objects;

/**
 * Builds a tenant's Keycloak realm (a realm representation, as JSON for import or the admin API) from its descriptor:
 * the portal and admin-console clients (public, PKCE, audience {@code mosaic-api}, certificate-bound tokens when the
 * certificate factor is required, no direct grants so no flow can be bypassed), the platform roles, the browser flow
 * of the tenant's factors, the photoTAN enrolment action and the tenant's login theme.
 */
public final class RealmGenerator {
    public static final String PORTAL_CLIENT = "mosaic-portal";
    public static final String ADMIN_CONSOLE_CLIENT = "mosaic-admin-console";
    public static final String BROWSER_FLOW = "mosaic-browser";
    static final String FORMS_FLOW = "mosaic-browser-forms";
    static final String X509_CONFIG = "mosaic-x509";
    static final String PHOTOTAN_CONFIG = "mosaic-phototan";
    /** The realm attribute naming the login factors its flow was made for (checked when a kept realm is reused). */
    static final String LOGIN_FACTORS_ATTRIBUTE = "mosaic.login-factors";

    /**
     * @param portalRedirectUris       where the portal may receive codes (Keycloak patterns, {@code *} at the end)
     * @param adminConsoleRedirectUris where the admin console may receive codes
     * @param accessTokenLifespanSeconds lifespan of access tokens
     */
    public record Options(List<String> portalRedirectUris, List<String> adminConsoleRedirectUris,
                          int accessTokenLifespanSeconds) {
        public Options {
            portalRedirectUris = List.copyOf(portalRedirectUris);
            adminConsoleRedirectUris = List.copyOf(adminConsoleRedirectUris);
        }

        /** The local defaults: the server on 127.0.0.1:8080 and the test redirect {@code https://portal.mosaic.test/…}. */
        public static Options local() {
            return new Options(List.of("http://127.0.0.1:8080/*", "http://localhost:8080/*", "https://portal.mosaic.test/*"),
                    List.of("http://127.0.0.1:8080/admin/*", "https://admin.mosaic.test/*"), 300);
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Options options;

    public RealmGenerator(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The realm name of a tenant. */
    public static String realmName(TenantDescriptor tenant) {
        return tenant.id();
    }

    public static String themeName(TenantDescriptor tenant) {
        return "mosaic-" + tenant.id();
    }

    public ObjectNode realm(TenantDescriptor tenant) {
        ObjectNode realm = json.createObjectNode();
        realm.put("realm", realmName(tenant));
        realm.put("enabled", true);
        realm.put("displayName", tenant.branding().name());
        realm.put("displayNameHtml", "<div class=\"mosaic-brand\"><span class=\"mosaic-brand-logo\"></span>"
                + escapeHtml(tenant.branding().name()) + "</div>");
        realm.put("loginTheme", themeName(tenant));
        realm.put("sslRequired", "external");
        realm.put("registrationAllowed", false);
        realm.put("resetPasswordAllowed", false);
        realm.put("bruteForceProtected", true);
        realm.put("failureFactor", 10);
        // temporary lockouts are counted in Keycloak's cache (a restart starts the count anew); the third one disables
        // the user, which is stored with it and survives restarts until an administrator enables the user again
        realm.put("permanentLockout", true);
        realm.put("maxTemporaryLockouts", 3);
        realm.put("accessTokenLifespan", options.accessTokenLifespanSeconds());
        realm.put("internationalizationEnabled", true);
        realm.putArray("supportedLocales").add("en").add(tenant.javaLocale().getLanguage());
        realm.put("defaultLocale", "en");
        realm.put("browserFlow", BROWSER_FLOW);
        realm.putObject("attributes").put("mosaic.tenant", tenant.id()).put("mosaic.legal-name", tenant.legalName())
                .put(LOGIN_FACTORS_ATTRIBUTE, tenant.loginFactors().stream().map(Enum::name)
                        .collect(java.util.stream.Collectors.joining(",")));

        ArrayNode roles = realm.putObject("roles").putArray("realm");
        for (Role role : Role.values()) {
            roles.addObject().put("name", role.realmRole()).put("description", role.description());
        }
        ArrayNode clients = realm.putArray("clients");
        boolean bound = tenant.loginFactors().contains(LoginFactor.CERTIFICATE);
        clients.add(client(PORTAL_CLIENT, tenant.branding().name() + " portal", options.portalRedirectUris(), bound));
        clients.add(client(ADMIN_CONSOLE_CLIENT, tenant.branding().name() + " admin console",
                options.adminConsoleRedirectUris(), bound));
        flows(realm, tenant.loginFactors());
        ArrayNode actions = realm.putArray("requiredActions");
        requiredAction(actions, "mosaic-phototan-enrol", "Enrol a photoTAN device", 5);
        requiredAction(actions, "UPDATE_PASSWORD", "Update Password", 30);
        requiredAction(actions, "VERIFY_EMAIL", "Verify Email", 50);
        return realm;
    }

    public String realmJson(TenantDescriptor tenant) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(realm(tenant));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new io.mosaic.identity.IdentityException("cannot write the realm of tenant " + tenant.id(), e);
        }
    }

    private ObjectNode client(String clientId, String name, List<String> redirectUris, boolean certificateBound) {
        ObjectNode client = json.createObjectNode();
        client.put("clientId", clientId);
        client.put("name", name);
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", true);
        client.put("standardFlowEnabled", true);
        client.put("directAccessGrantsEnabled", false); // a password grant would skip the photoTAN and the certificate
        client.put("implicitFlowEnabled", false);
        client.put("serviceAccountsEnabled", false);
        ArrayNode uris = client.putArray("redirectUris");
        redirectUris.forEach(uris::add);
        client.putArray("webOrigins").add("+");
        client.putObject("attributes")
                .put("pkce.code.challenge.method", "S256")
                .put("tls.client.certificate.bound.access.tokens", Boolean.toString(certificateBound))
                .put("post.logout.redirect.uris", "+");
        ObjectNode audience = client.putArray("protocolMappers").addObject();
        audience.put("name", "mosaic-api audience");
        audience.put("protocol", "openid-connect");
        audience.put("protocolMapper", "oidc-audience-mapper");
        audience.putObject("config").put("included.custom.audience", TokenValidator.Settings.DEFAULT_AUDIENCE)
                .put("access.token.claim", "true").put("id.token.claim", "false").put("introspection.token.claim", "true");
        return client;
    }

    /** Cookie, or the forms of the tenant's factors in order: certificate, password, photoTAN. */
    private void flows(ObjectNode realm, List<LoginFactor> factors) {
        ArrayNode flows = realm.putArray("authenticationFlows");
        ObjectNode top = flow(flows, BROWSER_FLOW, "Mosaic login: the tenant's factors", true);
        ArrayNode topSteps = top.putArray("authenticationExecutions");
        step(topSteps, "auth-cookie", null, "ALTERNATIVE", 10);
        topSteps.addObject().put("flowAlias", FORMS_FLOW).put("requirement", "ALTERNATIVE").put("priority", 20)
                .put("userSetupAllowed", false).put("authenticatorFlow", true);
        ObjectNode forms = flow(flows, FORMS_FLOW, "The tenant's factors, all required", false);
        ArrayNode steps = forms.putArray("authenticationExecutions");
        boolean certificate = factors.contains(LoginFactor.CERTIFICATE);
        boolean password = factors.contains(LoginFactor.PASSWORD);
        if (certificate) {
            step(steps, "auth-x509-client-username-form", X509_CONFIG, "REQUIRED", 10);
        }
        if (password) {
            step(steps, certificate ? "auth-password-form" : "auth-username-password-form", null, "REQUIRED", 20);
        } else if (!certificate) {
            step(steps, "auth-username-form", null, "REQUIRED", 20);
        }
        if (factors.contains(LoginFactor.PHOTOTAN)) {
            step(steps, "mosaic-phototan", PHOTOTAN_CONFIG, "REQUIRED", 30);
        }
        ArrayNode configs = realm.putArray("authenticatorConfig");
        configs.addObject().put("alias", X509_CONFIG).putObject("config")
                .put("x509-cert-auth.mapping-source-selection", "Subject's Common Name")
                .put("x509-cert-auth.mapper-selection", "Username or Email")
                .put("x509-cert-auth.regular-expression", "(.*?)(?:$)")
                .put("x509-cert-auth.confirmation-page-disallowed", "true")
                .put("x509-cert-auth.crl-checking-enabled", "false")
                .put("x509-cert-auth.ocsp-checking-enabled", "false")
                .put("x509-cert-auth.crldp-checking-enabled", "false")
                .put("x509-cert-auth.timestamp-validation-enabled", "true");
        configs.addObject().put("alias", PHOTOTAN_CONFIG).putObject("config")
                .put("validity-seconds", "300").put("max-failures", "5");
    }

    private ObjectNode flow(ArrayNode flows, String alias, String description, boolean topLevel) {
        return flows.addObject().put("alias", alias).put("description", description).put("providerId", "basic-flow")
                .put("topLevel", topLevel).put("builtIn", false);
    }

    private static void step(ArrayNode steps, String authenticator, String config, String requirement, int priority) {
        ObjectNode step = steps.addObject().put("authenticator", authenticator).put("requirement", requirement)
                .put("priority", priority).put("userSetupAllowed", false).put("authenticatorFlow", false);
        if (config != null) {
            step.put("authenticatorConfig", config);
        }
    }

    private static void requiredAction(ArrayNode actions, String alias, String name, int priority) {
        actions.addObject().put("alias", alias).put("name", name).put("providerId", alias).put("enabled", true)
                .put("defaultAction", false).put("priority", priority).putObject("config");
    }

    /** Text for HTML content and double-quoted attributes. */
    public static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
