package io.mosaic.messaging.pulsar;

import io.mosaic.local.pulsar.PulsarExtension;
import io.mosaic.local.pulsar.PulsarLauncher;
import io.mosaic.messaging.Bus;
import io.mosaic.messaging.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Set;

import static io.mosaic.messaging.TestEnvelopes.envelope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offboarding a tenant and onboarding one under the same name, again and again, as the bus tests do between tests.
 * A forced namespace delete right after the namespace was re-created and loaded meets the broker's bundle cache in
 * a transient state (HTTP 412 "Invalid upper boundary for bundle" failed a CI run); {@link PulsarTenancy#deleteTenant}
 * has to see it through.
 */
@ExtendWith(PulsarExtension.class)
class PulsarTenantDeletionTest {
    private static final String TENANT = "tenant-churn";
    private static final int ROUNDS = 8;

    private final PulsarLauncher.Endpoints pulsar;
    private final PulsarTenancy tenancy;

    PulsarTenantDeletionTest(PulsarLauncher.Endpoints pulsar) {
        this.pulsar = pulsar;
        this.tenancy = PulsarTenancy.connect(pulsar.adminUrl(), pulsar.superuserToken(), pulsar.secretKeyFile());
    }

    @AfterEach
    void close() {
        tenancy.deleteTenant(TENANT);
        tenancy.close();
    }

    @Test
    void aTenantDeletedRightAfterUse_isGoneEveryTime_andCanBeCreatedAgain() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            try (Bus bus = PulsarBus.connect(PulsarBusConfig.of(pulsar.serviceUrl(), pulsar.adminUrl(), pulsar.superuserToken())
                    .withRetries(4, Duration.ofMillis(5)))) {
                bus.subscribe(new Subscription(TENANT, "churn", Set.of("assets", "custody"), true), e -> { });
                bus.publish(envelope(TENANT, "assets.ValuationRecorded", "asset-" + round, round));
                bus.publish(envelope(TENANT, "custody.PositionReported", "account-" + round, round));
                assertThat(tenancy.domainsOf(TENANT)).as("round %d", round).containsExactly("assets", "custody");
            }

            tenancy.deleteTenant(TENANT);

            assertThat(tenancy.domainsOf(TENANT)).as("round %d", round).isEmpty();
        }
    }
}
