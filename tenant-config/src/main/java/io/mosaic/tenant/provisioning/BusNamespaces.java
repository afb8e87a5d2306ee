package io.mosaic.tenant.provisioning;

import io.mosaic.tenant.TenantDescriptor;

/**
 * Port: the tenant on the bus. On Pulsar, tenant {@code <id>} with namespace {@code <id>/<domain>} for each of
 * {@link TenantDescriptor#domains()} (plus whatever the implementation needs for apps); on the in-JVM bus, the
 * tenant's topic space.
 */
public interface BusNamespaces {

    /** Creates what is missing. Idempotent. */
    void ensureNamespaces(TenantDescriptor tenant);

    /** Deletes the tenant's namespaces and topics. Idempotent. */
    void deleteNamespaces(String tenant);
}
