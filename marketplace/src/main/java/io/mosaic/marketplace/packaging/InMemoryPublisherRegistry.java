package io.mosaic.marketplace.packaging;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link PublisherRegistry} in memory, for tests and the embedded default. Thread-safe. */
public final class InMemoryPublisherRegistry implements PublisherRegistry {
    private final Map<String, List<X509Certificate>> certificates = new LinkedHashMap<>();

    @Override
    public synchronized void register(String publisher, X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        new Publisher(publisher, List.of(certificate)); // validates the name
        List<X509Certificate> known = certificates.computeIfAbsent(publisher, p -> new ArrayList<>());
        if (!known.contains(certificate)) {
            known.add(certificate);
        }
    }

    @Override
    public synchronized void revoke(String publisher, X509Certificate certificate) {
        List<X509Certificate> known = certificates.get(publisher);
        if (known != null) {
            known.remove(certificate);
            if (known.isEmpty()) {
                certificates.remove(publisher);
            }
        }
    }

    @Override
    public synchronized Optional<Publisher> find(String publisher) {
        List<X509Certificate> known = certificates.get(publisher);
        return known == null ? Optional.empty() : Optional.of(new Publisher(publisher, known));
    }

    @Override
    public synchronized List<Publisher> all() {
        return certificates.entrySet().stream().map(e -> new Publisher(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(Publisher::name)).toList();
    }
}
