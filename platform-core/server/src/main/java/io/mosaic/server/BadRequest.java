package io.mosaic.server;

/** A request the API refuses: the message says which field is wrong and how. Answered with 400. */
final class BadRequest extends RuntimeException {
    BadRequest(String message) {
        super(message);
    }
}
