package io.mosaic.server;

/** A limit per person or per tenant was reached (429): the caller may try again once it is below it. */
final class TooManyRequests extends RuntimeException {
    TooManyRequests(String message) {
        super(message);
    }
}
