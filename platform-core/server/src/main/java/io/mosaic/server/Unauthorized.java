package io.mosaic.server;

/** Answered with 401 and {@code WWW-Authenticate: Bearer error="invalid_token"}; the reason is logged, not returned. */
final class Unauthorized extends RuntimeException {
    Unauthorized(String message) {
        super(message);
    }
}
