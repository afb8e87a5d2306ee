package io.mosaic.identity.testing;

import io.mosaic.identity.keycloak.KeycloakEndpoints;
import io.mosaic.identity.keycloak.KeycloakLauncher;
import io.mosaic.identity.keycloak.KeycloakRealmDirectory;
import io.mosaic.identity.keycloak.LocalCa;
import io.mosaic.identity.keycloak.RealmGenerator;
import io.mosaic.tenant.TenantDescriptor;
import io.mosaic.tenant.TenantDescriptors;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Keycloak per test JVM, with a realm for every tenant of {@code tenant-config/tenants/}: the first test
 * class that uses the extension starts it, later classes share it, JUnit stops it (by pid) when the run ends.
 * Client certificates are issued by {@link ManagedKeycloak#platformCa()}, a stand-in for the HSM's platform CA.
 *
 * <pre>{@code
 * @ExtendWith(KeycloakExtension.class)
 * class MyIT {
 *     MyIT(KeycloakExtension.ManagedKeycloak keycloak) { ... }
 * }
 * }</pre>
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

    /** The running Keycloak, its realms and the CA of the client certificates it accepts. */
    public record ManagedKeycloak(KeycloakLauncher launcher, KeycloakEndpoints endpoints, KeycloakRealmDirectory directory,
                                  LocalCa platformCa, List<TenantDescriptor> tenants) {
        public TenantDescriptor tenant(String id) {
            return tenants.stream().filter(t -> t.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no tenant " + id + " in tenant-config/tenants"));
        }
    }

    private static final class Shared implements AutoCloseable {
        final ManagedKeycloak keycloak;

        Shared() {
            LocalCa platformCa = LocalCa.create("Mosaic platform CA (test stand-in)");
            Path tenantsDir = KeycloakLauncherAccess.repoRoot().resolve("tenant-config/tenants");
            List<TenantDescriptor> tenants = TenantDescriptors.loadAll(tenantsDir);
            KeycloakLauncher launcher = new KeycloakLauncher(tenants, Optional.of(platformCa.certificate()),
                    RealmGenerator.Options.local());
            KeycloakEndpoints endpoints = launcher.start();
            keycloak = new ManagedKeycloak(launcher, endpoints, launcher.directory(), platformCa, tenants);
        }

        @Override
        public void close() {
            keycloak.launcher().close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        keycloak(context);
    }

    public static ManagedKeycloak keycloak(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Shared.class, k -> new Shared(), Shared.class).keycloak;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == ManagedKeycloak.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return keycloak(extension);
    }
}
