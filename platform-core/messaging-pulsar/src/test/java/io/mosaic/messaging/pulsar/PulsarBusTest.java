package io.mosaic.messaging.pulsar;

import io.mosaic.local.pulsar.PulsarExtension;
import io.mosaic.local.pulsar.PulsarLauncher;
import io.mosaic.messaging.Bus;
import io.mosaic.messaging.BusContract;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.messaging.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.mosaic.messaging.TestEnvelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The bus contract against a real Pulsar broker; each test starts from empty tenants {@code tenant-a}, {@code tenant-b}. */
@ExtendWith(PulsarExtension.class)
class PulsarBusTest extends BusContract {
    private final PulsarLauncher.Endpoints pulsar;
    private final PulsarTenancy tenancy;

    PulsarBusTest(PulsarLauncher.Endpoints pulsar) {
        this.pulsar = pulsar;
        this.tenancy = PulsarTenancy.connect(pulsar.adminUrl(), pulsar.superuserToken(), pulsar.secretKeyFile());
    }

    @Override
    protected Bus newBus() {
        // subscriptions and topics outlive a bus on a broker: start every test from scratch
        tenancy.deleteTenant(TENANT_A);
        tenancy.deleteTenant(TENANT_B);
        return PulsarBus.connect(PulsarBusConfig.of(pulsar.serviceUrl(), pulsar.adminUrl(), pulsar.superuserToken())
                .withRetries(4, Duration.ofMillis(5)));
    }

    @Override
    protected List<SignedEnvelope> deadLetters(Bus bus, String tenant, String subscription) {
        return ((PulsarBus) bus).deadLetters(tenant, subscription);
    }

    @AfterEach
    void closeTenancy() {
        tenancy.close();
    }

    @Test
    void tenantAndNamespaces_areProvisionedOnFirstUse_withDeduplication() {
        bus.publish(envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", 1));

        assertThat(tenancy.domainsOf(TENANT_A)).containsExactly("assets");
    }

    @Test
    void retryOfAConfirmedPublish_sendsNothingAgain() {
        List<UUID> received = new CopyOnWriteArrayList<>();
        bus.subscribe(new Subscription(TENANT_A, "idempotent", Set.of("assets"), true), e -> received.add(e.header().id()));
        SignedEnvelope once = envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", 1);
        SignedEnvelope after = envelope(TENANT_A, "assets.ValuationRecorded", "asset-1", 2);

        bus.publish(once);
        bus.publish(once); // a caller that did not see the first confirmation retries
        bus.publish(after);

        await().atMost(Duration.ofSeconds(20)).until(() -> received.contains(after.header().id()));
        assertThat(received).containsExactly(once.header().id(), after.header().id());
    }
}
