package io.mosaic.server;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRules;

/**
 * An optional part of the server (the local stack, identity, the demo), assembled by {@link MosaicServer#start}: its
 * routes on each listener, what it does once the server listens, and its closing. Each hook does nothing unless the
 * part needs it.
 */
interface Feature extends AutoCloseable {
    /** Its routes on the loopback listener, registered before the platform's own (and in the catalog the same way). */
    default void loopbackRoutes(HttpRules r) {
    }

    /** Its routes on the TLS listener (with identity only), registered before the platform's own. */
    default void tlsRoutes(HttpRules r) {
    }

    /** Right after the web server started listening. */
    default void listening(WebServer web) {
    }

    /** Once the server is assembled and listens: the last step of the start. */
    default void ready(MosaicServer server) {
    }

    /** Closed after the platform, in the reverse order of the parts' start. */
    @Override
    default void close() {
    }
}
