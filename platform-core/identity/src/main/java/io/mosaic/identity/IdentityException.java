package io.mosaic.identity;

/** Something of the identity module cannot work (Keycloak not reachable, a realm not provisioned, …). */
public class IdentityException extends RuntimeException {
    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
