package io.mosaic.marketplace.packaging;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A publisher known to the marketplace: its name exactly as its manifests write {@code publisher:}, and the
 * certificates of the keys it signs packages with (more than one while it rolls a key over).
 */
public record Publisher(String name, List<X509Certificate> certificates) {
    public Publisher {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("publisher name must not be blank");
        }
        certificates = List.copyOf(certificates);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("publisher '" + name + "' needs at least one certificate");
        }
    }
}
