package io.mosaic.tenant.provisioning;

import java.util.List;
import java.util.Optional;

/**
 * Where {@link TenantState}s are kept between runs: {@link FileProvisioningStates} for the embedded default,
 * {@link InMemoryProvisioningStates} for tests; the server may keep them in the journal instead.
 */
public interface ProvisioningStates {

    Optional<TenantState> find(String tenant);

    /** Replaces the tenant's state; durable when this returns. */
    void save(TenantState state);

    /** Every recorded tenant, sorted by id. */
    List<TenantState> all();
}
