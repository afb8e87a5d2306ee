package io.mosaic.tenant.provisioning;

import io.mosaic.tenant.TenantDescriptor;

/** Port: the tenant runtime (its plugin hosts and storage directory), with the descriptor's domains and apps. */
public interface TenantRuntimes {

    /** Creates and starts the runtime; nothing happens when it runs already. Idempotent. */
    void start(TenantDescriptor tenant);

    /** Stops the runtime and removes its storage directory. Idempotent. */
    void stopAndRemove(String tenant);
}
