package io.mosaic.keycloak.phototan;

/** A photoTAN message or image that cannot be built, read or decrypted. One exception for every security failure. */
public final class PhotoTanException extends RuntimeException {
    public PhotoTanException(String message) {
        super(message);
    }

    public PhotoTanException(String message, Throwable cause) {
        super(message, cause);
    }
}
