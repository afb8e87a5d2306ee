package io.mosaic.server;

import io.mosaic.runtime.MosaicPlatform;
import io.mosaic.runtime.PlatformException;
import io.mosaic.runtime.TenantRuntime;
import io.mosaic.tenant.TenantDescriptor;
import io.mosaic.tenant.provisioning.BusNamespaces;
import io.mosaic.tenant.provisioning.FileProvisioningStates;
import io.mosaic.tenant.provisioning.IdentityRealms;
import io.mosaic.tenant.provisioning.JournalSpace;
import io.mosaic.tenant.provisioning.KeyServiceTenantKeys;
import io.mosaic.tenant.provisioning.ProvisioningPlan;
import io.mosaic.tenant.provisioning.TenantRuntimes;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Tenant provisioning in one step (docs/marketplace.md §3) with the platform's real parts behind the plan's ports:
 * the tenant key in the key service, the runtime with the descriptor's plugins. Bus namespaces and journal space need
 * no work on the embedded default (topics and rows are created on first use; the Pulsar bus creates a tenant's
 * namespaces on first use too); identity realms are made by the identity component when Keycloak starts.
 */
final class Provisioning {
    private static final Logger LOG = Logger.getLogger(Provisioning.class.getName());

    private final ProvisioningPlan plan;
    private final PluginCatalog catalog;

    Provisioning(MosaicPlatform platform, PluginCatalog catalog, Path stateDir, Clock clock) {
        this.catalog = catalog;
        BusNamespaces bus = new BusNamespaces() {
            @Override
            public void ensureNamespaces(TenantDescriptor tenant) {
                LOG.fine(() -> "bus namespaces of " + tenant.id() + " are created on first use");
            }

            @Override
            public void deleteNamespaces(String tenant) {
                LOG.fine(() -> "bus namespaces of " + tenant + " hold only ciphertext of shredded keys");
            }
        };
        JournalSpace journal = new JournalSpace() {
            @Override
            public void ensureSpace(TenantDescriptor tenant) {
                LOG.fine(() -> "journal rows of " + tenant.id() + " live in the shared space, keyed by tenant");
            }

            @Override
            public void dropSpace(String tenant) {
                LOG.fine(() -> "journal rows of " + tenant + " stay, unreadable once its keys are shredded");
            }
        };
        IdentityRealms realms = new IdentityRealms() {
            @Override
            public void ensureRealm(TenantDescriptor tenant) {
                LOG.info("identity realm of " + tenant.id() + ": made by Keycloak's start, not by this step");
            }

            @Override
            public void deleteRealm(String tenant) {
                LOG.info("identity realm of " + tenant + ": none to delete");
            }
        };
        TenantRuntimes runtimes = new TenantRuntimes() {
            @Override
            public void start(TenantDescriptor tenant) {
                TenantRuntime runtime = platform.createTenant(tenant.id());
                installPlugins(runtime, tenant, catalog);
            }

            @Override
            public void stopAndRemove(String tenant) {
                platform.removeTenant(tenant);
            }
        };
        this.plan = new ProvisioningPlan(new KeyServiceTenantKeys(platform.keys(), platform.wrappedKeys()), bus, journal,
                realms, runtimes, new FileProvisioningStates(stateDir), clock);
    }

    ProvisioningPlan plan() {
        return plan;
    }

    /** Installs the descriptor's domains and apps that are not running yet; first install consents to their scopes. */
    /** The plugin jars this server installs from. */
    PluginCatalog catalog() {
        return catalog;
    }

    static void installPlugins(TenantRuntime runtime, TenantDescriptor d, PluginCatalog catalog) {
        List<String> wanted = new ArrayList<>(d.domains());
        wanted.addAll(d.apps());
        Set<String> running = new HashSet<>();
        runtime.installed().forEach(p -> running.add(p.manifest().plugin().id()));
        for (String pluginId : wanted) {
            if (running.contains(pluginId)) {
                continue;
            }
            Path jar = catalog.jar(pluginId).orElseThrow(() -> new PlatformException("tenant " + d.id()
                    + " wants plugin '" + pluginId + "' but no jar of it was found (run ./mosaic build)"));
            Set<String> grants = new HashSet<>();
            runtime.recordedGrants(pluginId).ifPresentOrElse(grants::addAll, () -> catalog.manifest(pluginId)
                    .ifPresent(m -> m.scopes().forEach(s -> grants.add(s.scope()))));
            runtime.install(jar, grants);
        }
    }
}
