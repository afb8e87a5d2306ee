package io.mosaic.tenant.provisioning;

import java.util.List;

/**
 * The parts of a tenant, in the order {@link ProvisioningPlan#create} makes them: the key comes first because
 * everything after it encrypts under it; the runtime comes last because it uses all the others.
 */
public enum ProvisioningStep {
    /** The tenant key-encryption key {@code <tenant>/kek/vN} in the HSM ({@link TenantKeys}). */
    TENANT_KEY("key-encryption key"),
    /** The Pulsar tenant and one namespace per enabled domain ({@link BusNamespaces}). */
    BUS_NAMESPACES("bus namespaces"),
    /** The tenant's partition of the journal, or its own keyspace ({@link JournalSpace}). */
    JOURNAL_SPACE("journal space"),
    /** The Keycloak realm with the tenant's login factors and theme ({@link IdentityRealms}). */
    IDENTITY_REALM("identity realm"),
    /** The tenant runtime: its Felix framework, PF4J manager and storage directory ({@link TenantRuntimes}). */
    RUNTIME("runtime");

    /**
     * The order of {@link ProvisioningPlan#delete}: stop what serves the tenant first, shred the keys before the
     * journal space goes, so that even a failed removal of the journal leaves nothing readable.
     */
    public static final List<ProvisioningStep> DELETION_ORDER =
            List.of(RUNTIME, IDENTITY_REALM, BUS_NAMESPACES, TENANT_KEY, JOURNAL_SPACE);

    private final String label;

    ProvisioningStep(String label) {
        this.label = label;
    }

    /** Human-readable name for progress and reports, e.g. {@code identity realm}. */
    public String label() {
        return label;
    }
}
