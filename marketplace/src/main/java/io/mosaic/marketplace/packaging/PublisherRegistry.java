package io.mosaic.marketplace.packaging;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The publishers the marketplace accepts packages from, and their signing certificates. The platform operator
 * registers a publisher after checking who it is (outside the platform); only then are its packages verifiable.
 */
public interface PublisherRegistry {

    /** Adds a signing certificate to the publisher, registering the publisher on its first certificate. Idempotent. */
    void register(String publisher, X509Certificate certificate);

    /** Removes one certificate (a compromised or retired key); packages signed with it no longer verify. */
    void revoke(String publisher, X509Certificate certificate);

    Optional<Publisher> find(String publisher);

    /** Every publisher, sorted by name. */
    List<Publisher> all();
}
