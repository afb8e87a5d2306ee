package io.mosaic.server;

/** 403: the caller is known but may not do this (e.g. a photoTAN that does not confirm the operation). */
final class Forbidden extends RuntimeException {
    Forbidden(String message) {
        super(message);
    }
}
