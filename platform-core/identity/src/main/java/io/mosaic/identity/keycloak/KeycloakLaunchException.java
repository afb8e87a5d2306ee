package io.mosaic.identity.keycloak;

import io.mosaic.identity.IdentityException;

/** The managed Keycloak could not be fetched, prepared, started or stopped. */
public final class KeycloakLaunchException extends IdentityException {
    public KeycloakLaunchException(String message) {
        super(message);
    }

    public KeycloakLaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
