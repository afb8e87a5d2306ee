package io.mosaic.messaging.pulsar;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PulsarBus} reaches the broker and behaves.
 *
 * @param serviceUrl          binary protocol ({@code pulsar://host:port})
 * @param adminUrl            REST admin API ({@code http://host:port}): dead letters, subscription removal, provisioning
 * @param token               the JWT the bus authenticates with: the platform's role ({@code mosaic-platform})
 * @param publishTimeout      how long {@link PulsarBus#publish} waits for the broker to confirm before it fails
 * @param maxAttempts         deliveries of one envelope to a failing handler before it is dead-lettered (1 = no retry)
 * @param retryBackoff        wait before the first redelivery; doubles per attempt, at most 2 s
 * @param lanesPerConsumer    single-threaded lanes per consumer: parallelism across entities, order within one
 * @param receiverQueueSize   messages a consumer prefetches from the broker
 * @param provisionNamespaces create a tenant's namespace for a domain on first use (needs the superuser role);
 *                            off: {@link PulsarTenancy#provisionTenant} must have created it
 * @param idempotencyWindow   envelope ids whose publish was confirmed that the bus remembers, to make a caller's
 *                            retry of a confirmed publish a no-op
 * @param closeTimeout        how long closing a consumer waits for running handlers
 */
public record PulsarBusConfig(String serviceUrl, String adminUrl, String token, Duration publishTimeout, int maxAttempts,
                              Duration retryBackoff, int lanesPerConsumer, int receiverQueueSize,
                              boolean provisionNamespaces, int idempotencyWindow, Duration closeTimeout) {
    public PulsarBusConfig {
        Objects.requireNonNull(serviceUrl, "serviceUrl");
        Objects.requireNonNull(adminUrl, "adminUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(publishTimeout, "publishTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (!serviceUrl.startsWith("pulsar://") && !serviceUrl.startsWith("pulsar+ssl://")) {
            throw new IllegalArgumentException("serviceUrl must start with pulsar:// or pulsar+ssl://, was '" + serviceUrl + "'");
        }
        if (!adminUrl.startsWith("http://") && !adminUrl.startsWith("https://")) {
            throw new IllegalArgumentException("adminUrl must start with http:// or https://, was '" + adminUrl + "'");
        }
        if (publishTimeout.toMillis() < 1 || publishTimeout.toSeconds() > 3600) {
            throw new IllegalArgumentException("publishTimeout must be 1 ms to 1 h, was " + publishTimeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be 1 or more, was " + maxAttempts);
        }
        if (retryBackoff.isNegative() || closeTimeout.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative: retryBackoff=" + retryBackoff
                    + ", closeTimeout=" + closeTimeout);
        }
        if (lanesPerConsumer < 1 || lanesPerConsumer > 64) {
            throw new IllegalArgumentException("lanesPerConsumer must be 1 to 64, was " + lanesPerConsumer);
        }
        if (receiverQueueSize < 1) {
            throw new IllegalArgumentException("receiverQueueSize must be 1 or more, was " + receiverQueueSize);
        }
        if (idempotencyWindow < 0) {
            throw new IllegalArgumentException("idempotencyWindow must not be negative, was " + idempotencyWindow);
        }
    }

    /**
     * Defaults: 5 s publish timeout, 5 attempts from 20 ms backoff, 4 lanes, 1,000 prefetched, namespaces provisioned
     * on first use, 100,000 remembered envelope ids, 30 s close timeout.
     */
    public static PulsarBusConfig of(String serviceUrl, String adminUrl, String token) {
        return new PulsarBusConfig(serviceUrl, adminUrl, token, Duration.ofSeconds(5), 5, Duration.ofMillis(20), 4, 1000,
                true, 100_000, Duration.ofSeconds(30));
    }

    public PulsarBusConfig withPublishTimeout(Duration timeout) {
        return new PulsarBusConfig(serviceUrl, adminUrl, token, timeout, maxAttempts, retryBackoff, lanesPerConsumer,
                receiverQueueSize, provisionNamespaces, idempotencyWindow, closeTimeout);
    }

    public PulsarBusConfig withRetries(int attempts, Duration backoff) {
        return new PulsarBusConfig(serviceUrl, adminUrl, token, publishTimeout, attempts, backoff, lanesPerConsumer,
                receiverQueueSize, provisionNamespaces, idempotencyWindow, closeTimeout);
    }

    public PulsarBusConfig withLanesPerConsumer(int lanes) {
        return new PulsarBusConfig(serviceUrl, adminUrl, token, publishTimeout, maxAttempts, retryBackoff, lanes,
                receiverQueueSize, provisionNamespaces, idempotencyWindow, closeTimeout);
    }

    public PulsarBusConfig withProvisionNamespaces(boolean provision) {
        return new PulsarBusConfig(serviceUrl, adminUrl, token, publishTimeout, maxAttempts, retryBackoff, lanesPerConsumer,
                receiverQueueSize, provision, idempotencyWindow, closeTimeout);
    }

    public PulsarBusConfig withToken(String newToken) {
        return new PulsarBusConfig(serviceUrl, adminUrl, newToken, publishTimeout, maxAttempts, retryBackoff,
                lanesPerConsumer, receiverQueueSize, provisionNamespaces, idempotencyWindow, closeTimeout);
    }

    @Override
    public String toString() { // the token is a credential
        return "PulsarBusConfig[serviceUrl=" + serviceUrl + ", adminUrl=" + adminUrl + ", publishTimeout=" + publishTimeout
                + ", maxAttempts=" + maxAttempts + ", retryBackoff=" + retryBackoff + ", lanesPerConsumer="
                + lanesPerConsumer + ", receiverQueueSize=" + receiverQueueSize + ", provisionNamespaces="
                + provisionNamespaces + ", idempotencyWindow=" + idempotencyWindow + ", closeTimeout=" + closeTimeout + "]";
    }
}
