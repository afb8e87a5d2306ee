package io.mosaic.server.spi;

import io.mosaic.identity.Role;

import java.util.Optional;
import java.util.Set;

/** What the demo needs of the server's identity provider to create its users (the server adapts its logins). */
public interface DemoUsers {
    /** The user kept from an earlier start, else a new one: its password and roles are left as they are when it exists. */
    void ensureUser(String tenant, String username, String password, Set<Role> roles);

    /**
     * Creates (anew) a user whose second factors this server holds: a photoTAN device, and a client certificate where
     * the tenant requires the certificate factor.
     */
    void createUserWithHeldDevice(String tenant, String username, String password, Set<Role> roles);

    /** Whether the tenant's users log in with a photoTAN. */
    boolean requiresPhotoTan(String tenant);

    /** Whether the tenant has a realm here. */
    boolean hasTenant(String tenant);

    /** The subject id (the tokens' {@code sub}) of a user this server created or kept in the tenant's realm. */
    Optional<String> userId(String tenant, String username);
}
