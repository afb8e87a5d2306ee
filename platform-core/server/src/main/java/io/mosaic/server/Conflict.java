package io.mosaic.server;

/** Answered with 409 and the message: the request does not fit the current state. */
final class Conflict extends RuntimeException {
    Conflict(String message) {
        super(message);
    }
}
