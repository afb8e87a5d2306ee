package io.mosaic.hsm;

/**
 * The token itself failed: unreachable, removed, logged out, session lost. Unlike a tampered ciphertext, this is
 * worth retrying on another token of a cluster.
 */
public class TokenException extends KeyException {
    public TokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
