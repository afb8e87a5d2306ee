package io.mosaic.server;

/** Answered with 404 and the message. */
final class NotFound extends RuntimeException {
    NotFound(String message) {
        super(message);
    }
}
