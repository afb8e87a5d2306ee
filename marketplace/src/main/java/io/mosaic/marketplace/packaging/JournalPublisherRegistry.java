package io.mosaic.marketplace.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.eventstore.ConcurrencyConflict;
import io.mosaic.eventstore.EventData;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.marketplace.catalog.Catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@link PublisherRegistry} event-sourced through the {@link Journal}, so registered publishers and revocations survive
 * restarts and several nodes over one journal agree. Platform space {@value Catalog#JOURNAL_TENANT} (like the
 * catalog), streams {@code publisher/<name>}, tag {@value #TAG} (not the catalog's tag: the catalog never reads these
 * events), types {@value #REGISTERED} and {@value #REVOKED}, JSON payload {@code {publisher, certificatePem}}, schema
 * version 1. Certificates are public: the payload is not encrypted.
 * <p>
 * Every call first reads the events it has not seen. Registering what is registered, or revoking what is not,
 * appends nothing. A write that races another node's write is retried once after reading it. Thread-safe.
 */
public final class JournalPublisherRegistry implements PublisherRegistry {
    public static final String TAG = "marketplace-publishers";
    public static final String REGISTERED = "marketplace.PublisherKeyRegistered";
    public static final String REVOKED = "marketplace.PublisherKeyRevoked";
    private static final int BATCH = 500;

    private final Journal journal;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<X509Certificate>> certificates = new LinkedHashMap<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private long offset;

    public JournalPublisherRegistry(Journal journal, Clock clock) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void register(String publisher, X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        new Publisher(publisher, List.of(certificate)); // validates the name
        change(publisher, certificate, REGISTERED, true);
    }

    @Override
    public synchronized void revoke(String publisher, X509Certificate certificate) {
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(certificate, "certificate");
        change(publisher, certificate, REVOKED, false);
    }

    @Override
    public synchronized Optional<Publisher> find(String publisher) {
        catchUp();
        List<X509Certificate> known = certificates.get(publisher);
        return known == null ? Optional.empty() : Optional.of(new Publisher(publisher, known));
    }

    @Override
    public synchronized List<Publisher> all() {
        catchUp();
        return certificates.entrySet().stream().map(e -> new Publisher(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(Publisher::name)).toList();
    }

    /** Appends the event unless the state already is what it asks for; one retry after a concurrent write. */
    private void change(String publisher, X509Certificate certificate, String type, boolean present) {
        for (int attempt = 0; ; attempt++) {
            catchUp();
            boolean known = certificates.getOrDefault(publisher, List.of()).contains(certificate);
            if (known == present) {
                return;
            }
            String stream = "publisher/" + publisher;
            ObjectNode payload = json.createObjectNode().put("publisher", publisher)
                    .put("certificatePem", PublisherKeys.certificatePem(certificate));
            try {
                journal.append(Catalog.JOURNAL_TENANT, stream, sequences.getOrDefault(stream, 0L),
                        List.of(new EventData(UUID.randomUUID(), type, 1, clock.instant(), "",
                                json.writeValueAsBytes(payload), Set.of(TAG))));
                catchUp();
                return;
            } catch (ConcurrencyConflict conflict) {
                if (attempt > 0) {
                    throw new IllegalStateException("the publisher stream " + stream
                            + " keeps being changed by another node; retry", conflict);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("publisher event of '" + publisher + "' cannot be written", e);
            }
        }
    }

    private void catchUp() {
        while (true) {
            List<StoredEvent> batch = journal.readByTag(Catalog.JOURNAL_TENANT, TAG, offset, BATCH);
            if (batch.isEmpty()) {
                return;
            }
            for (StoredEvent stored : batch) {
                apply(stored);
                sequences.merge(stored.persistenceId(), stored.sequence(), Math::max);
                offset = Math.max(offset, stored.offset());
            }
        }
    }

    private void apply(StoredEvent stored) {
        String publisher;
        X509Certificate certificate;
        try {
            JsonNode node = json.readTree(stored.payload());
            publisher = node.path("publisher").asText();
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(node.path("certificatePem").asText().getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("publisher event " + stored.eventId() + " (" + stored.type() + ") in "
                    + stored.persistenceId() + " cannot be read: " + e.getMessage(), e);
        }
        switch (stored.type()) {
            case REGISTERED -> {
                List<X509Certificate> known = certificates.computeIfAbsent(publisher, p -> new ArrayList<>());
                if (!known.contains(certificate)) {
                    known.add(certificate);
                }
            }
            case REVOKED -> {
                List<X509Certificate> known = certificates.get(publisher);
                if (known != null) {
                    known.remove(certificate);
                    if (known.isEmpty()) {
                        certificates.remove(publisher);
                    }
                }
            }
            default -> throw new IllegalStateException("publisher event " + stored.eventId() + " in "
                    + stored.persistenceId() + " has an unknown type '" + stored.type() + "'");
        }
    }
}
