package io.mosaic.identity.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.identity.IdentityException;
import io.mosaic.identity.RealmDirectory;
import io.mosaic.identity.TenantRealm;
import io.mosaic.tenant.TenantDescriptor;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Realm per tenant: tenant {@code t} is realm {@code t} of one Keycloak, issuer {@code <base>/realms/t}.
 * {@link #provision} creates a realm that does not exist yet (via the admin API; realms known at start are imported
 * by {@link KeycloakLauncher}) and applies what import cannot express (the user-profile policy). A realm kept from an
 * earlier start (Keycloak's database persists) keeps its users, devices and lockouts; its settings and its clients'
 * redirect URIs are brought to what the tenant's descriptor says now. Its login flow is not rebuilt: a realm made for
 * other login factors than the descriptor names now is refused, so the platform never runs with a weaker login than
 * configured.
 */
public final class KeycloakRealmDirectory implements RealmDirectory {
    private final URI base;
    private final KeycloakAdmin admin;
    private final RealmGenerator generator;
    private final Map<String, TenantRealm> realms = new ConcurrentHashMap<>();

    /** @param base the URL Keycloak is reached at, which is also the issuer prefix ({@code --hostname}) */
    public KeycloakRealmDirectory(URI base, KeycloakAdmin admin, RealmGenerator generator) {
        this.base = Objects.requireNonNull(base, "base");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    @Override
    public Optional<TenantRealm> realmOf(String tenant) {
        return Optional.ofNullable(realms.get(tenant));
    }

    @Override
    public Optional<TenantRealm> realmOfIssuer(String issuer) {
        return realms.values().stream().filter(r -> r.issuer().toString().equals(issuer)).findFirst();
    }

    @Override
    public TenantRealm provision(TenantDescriptor descriptor) {
        String realm = RealmGenerator.realmName(descriptor);
        ObjectNode wanted = generator.realm(descriptor);
        if (!admin.realmExists(realm)) {
            admin.createRealm(wanted);
        } else {
            reconcile(descriptor, realm, wanted);
        }
        admin.allowAdminManagedAttributes(realm);
        URI issuer = URI.create(base.toString().replaceAll("/$", "") + "/realms/" + realm);
        TenantRealm tenantRealm = new TenantRealm(descriptor.id(), realm, issuer,
                URI.create(issuer + "/protocol/openid-connect/certs"), descriptor.loginFactors());
        realms.put(descriptor.id(), tenantRealm);
        return tenantRealm;
    }

    private void reconcile(TenantDescriptor descriptor, String realm, ObjectNode wanted) {
        String factors = wanted.path("attributes").path(RealmGenerator.LOGIN_FACTORS_ATTRIBUTE).asText();
        String kept = admin.realm(realm).path("attributes").path(RealmGenerator.LOGIN_FACTORS_ATTRIBUTE).asText("");
        if (!kept.equals(factors)) {
            throw new IdentityException("the realm of tenant " + descriptor.id() + " in Keycloak's database was made for the"
                    + " login factors [" + kept + "], the tenant now names [" + factors + "]: its login flow is not"
                    + " changed in place; export the realm's users, remove the realm and start again to apply the new factors");
        }
        ObjectNode settings = wanted.deepCopy();
        List<String> structured = new java.util.ArrayList<>(List.of("roles"));
        settings.fieldNames().forEachRemaining(name -> {
            JsonNode value = settings.get(name);
            if (value.isArray() && !value.isEmpty() && value.get(0).isObject()) { // clients, flows, configs, actions
                structured.add(name);
            }
        });
        settings.remove(structured);
        admin.updateRealm(realm, settings);
        for (var client : wanted.get("clients")) {
            List<String> uris = new java.util.ArrayList<>();
            client.get("redirectUris").forEach(u -> uris.add(u.asText()));
            admin.setRedirectUris(realm, client.get("clientId").asText(), uris);
        }
    }

    @Override
    public List<TenantRealm> realms() {
        return realms.values().stream().sorted(Comparator.comparing(TenantRealm::tenant)).toList();
    }

    public KeycloakAdmin admin() {
        return admin;
    }
}
