package io.mosaic.identity.keycloak;

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
 * by {@link KeycloakLauncher}) and applies what import cannot express (the user-profile policy).
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
        if (!admin.realmExists(realm)) {
            admin.createRealm(generator.realm(descriptor));
        }
        admin.allowAdminManagedAttributes(realm);
        URI issuer = URI.create(base.toString().replaceAll("/$", "") + "/realms/" + realm);
        TenantRealm tenantRealm = new TenantRealm(descriptor.id(), realm, issuer,
                URI.create(issuer + "/protocol/openid-connect/certs"), descriptor.loginFactors());
        realms.put(descriptor.id(), tenantRealm);
        return tenantRealm;
    }

    @Override
    public List<TenantRealm> realms() {
        return realms.values().stream().sorted(Comparator.comparing(TenantRealm::tenant)).toList();
    }

    public KeycloakAdmin admin() {
        return admin;
    }
}
