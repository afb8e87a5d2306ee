package io.mosaic.server.spi;

import io.mosaic.runtime.MosaicPlatform;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The demo's data, users and console text ({@code --demo}): implemented by the demo module ({@code mosaic-demo}) and
 * found by the server with {@link java.util.ServiceLoader} only when the demo is asked for; the server does not
 * depend on the demo.
 */
public interface DemoSeeder {
    /** The module that implements this interface, for the message when it is missing. */
    String MODULE = "mosaic-demo (platform-core/demo)";

    /**
     * Seeds the demo tenant once the server listens: a few assets and the Muster family office, and with
     * {@code large} the generated Alpstein family office.
     */
    void seed(MosaicPlatform platform, boolean large);

    /** Creates (or keeps) the demo's users in the tenants' realms (with identity only). */
    void createUsers(DemoUsers users, Path dataDir, MosaicPlatform platform);

    /** What {@code ./mosaic run} prints about the demo once the server listens: sign-in, tokens, queries to try. */
    String describe(Listening server);

    /**
     * Where the server listens and how it runs.
     *
     * @param base     the loopback listener, e.g. {@code http://127.0.0.1:8080}
     * @param tlsPort  the TLS listener's port, or -1 without identity
     * @param dataDir  the data folder (the demo keeps its users' password there)
     * @param identity whether users log in (Keycloak) or the subject comes from a header
     * @param large    {@code --demo-size large}
     */
    record Listening(String base, int tlsPort, Path dataDir, boolean identity, boolean large) {
    }

    /** The demo found on the class path, if any. */
    static Optional<DemoSeeder> find() {
        return java.util.ServiceLoader.load(DemoSeeder.class).findFirst();
    }
}
