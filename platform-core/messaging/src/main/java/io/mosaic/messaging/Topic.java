package io.mosaic.messaging;

import java.util.Objects;

/**
 * One topic per tenant and domain: {@code persistent://<tenant>/<domain>/messages} on Pulsar. Every envelope goes
 * to the topic of its tenant and of the domain of its type.
 */
public record Topic(String tenant, String domain) {
    public Topic {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(domain, "domain");
    }

    public static Topic of(EnvelopeHeader header) {
        return new Topic(header.tenant(), header.domain());
    }

    public String pulsarName() {
        return "persistent://" + tenant + "/" + domain + "/messages";
    }
}
