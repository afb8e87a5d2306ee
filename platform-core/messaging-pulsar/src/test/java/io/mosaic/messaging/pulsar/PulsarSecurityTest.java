package io.mosaic.messaging.pulsar;

import io.mosaic.local.pulsar.PulsarExtension;
import io.mosaic.local.pulsar.PulsarLauncher;
import io.mosaic.messaging.MessagingException;
import io.mosaic.messaging.Subscription;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;
import org.apache.pulsar.client.api.AuthenticationFactory;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.common.policies.data.AuthAction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Defence in depth: a plugin installation's token opens only what its manifest grants, and the broker itself refuses
 * the rest, even to a client that bypasses the platform and talks to Pulsar directly.
 */
@ExtendWith(PulsarExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PulsarSecurityTest {
    /** consumes assets, publishes alerts: consume on sec-a/assets, produce on sec-a/alerts, nothing else. */
    private static final PluginManifest ALERTS = new PluginManifest(new PluginId("valuation-alerts", "1.0.0"), "Example AG",
            PluginKind.APP, "alerts", "com.example.Alerts", List.of("assets.ValuationRecorded"),
            List.of("alerts.AlertRaised"), List.of(), Map.of());

    private final PulsarLauncher.Endpoints pulsar;
    private final PulsarTenancy tenancy;
    private final String pluginToken;

    PulsarSecurityTest(PulsarLauncher.Endpoints pulsar) {
        this.pulsar = pulsar;
        this.tenancy = PulsarTenancy.connect(pulsar.adminUrl(), pulsar.superuserToken(), pulsar.secretKeyFile());
        tenancy.provisionTenant("sec-a", List.of("assets", "custody", "alerts"));
        tenancy.provisionTenant("sec-b", List.of("assets"));
        this.pluginToken = tenancy.tokenFor(tenancy.grantPlugin("sec-a", ALERTS));
    }

    @AfterAll
    void close() {
        tenancy.close();
    }

    private PulsarClient clientWith(String token) throws PulsarClientException {
        return PulsarClient.builder().serviceUrl(pulsar.serviceUrl()).authentication(AuthenticationFactory.token(token))
                .operationTimeout(3, TimeUnit.SECONDS).build();
    }

    @Test
    void pluginRole_getsExactlyThePermissionsItsManifestDerives() {
        assertThat(PulsarTenancy.roleOf("sec-a", ALERTS)).isEqualTo("sec-a.valuation-alerts");
        assertThat(tenancy.permissionsOf("sec-a", "sec-a.valuation-alerts")).isEqualTo(Map.of(
                "sec-a/assets", Set.of(AuthAction.consume),
                "sec-a/alerts", Set.of(AuthAction.produce)));
        assertThat(tenancy.permissionsOf("sec-b", "sec-a.valuation-alerts")).isEmpty();
    }

    @Test
    void pluginToken_consumesWhatItsManifestConsumes_andProducesWhatItPublishes() throws PulsarClientException {
        try (PulsarClient client = clientWith(pluginToken)) {
            client.newConsumer().topic("persistent://sec-a/assets/messages").subscriptionName("plugin-valuation-alerts")
                    .subscribe().close();
            client.newProducer().topic("persistent://sec-a/alerts/messages").create().close();
        }
    }

    @Test
    void pluginToken_cannotConsumeAnotherNamespaceOfItsTenant() throws PulsarClientException {
        try (PulsarClient client = clientWith(pluginToken)) {
            assertThatThrownBy(() -> client.newConsumer().topic("persistent://sec-a/custody/messages")
                    .subscriptionName("snoop").subscribe())
                    .isInstanceOf(PulsarClientException.AuthorizationException.class);
        }
    }

    @Test
    void pluginToken_cannotConsumeAnotherTenantsTopic() throws PulsarClientException {
        try (PulsarClient client = clientWith(pluginToken)) {
            assertThatThrownBy(() -> client.newConsumer().topic("persistent://sec-b/assets/messages")
                    .subscriptionName("snoop").subscribe())
                    .isInstanceOf(PulsarClientException.AuthorizationException.class);
        }
    }

    @Test
    void pluginToken_cannotProduceWhereItOnlyConsumes() throws PulsarClientException {
        try (PulsarClient client = clientWith(pluginToken)) {
            assertThatThrownBy(() -> client.newProducer().topic("persistent://sec-a/assets/messages").create())
                    .isInstanceOf(PulsarClientException.AuthorizationException.class);
        }
    }

    @Test
    void busWithPluginToken_isRefusedByTheBroker_forAnUngrantedDomain() {
        PulsarBusConfig config = PulsarBusConfig.of(pulsar.serviceUrl(), pulsar.adminUrl(), pluginToken)
                .withProvisionNamespaces(false);
        try (PulsarBus bus = PulsarBus.connect(config)) {
            assertThatThrownBy(() -> bus.subscribe(new Subscription("sec-a", "plugin-valuation-alerts", Set.of("custody"), true),
                    e -> { }))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("custody")
                    .hasRootCauseInstanceOf(PulsarClientException.AuthorizationException.class);
        }
    }

    @Test
    void tokenSignedWithAnotherKey_isNotAuthenticated() throws Exception {
        Path otherKey = Files.createTempFile("other-secret", ".key");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Files.write(otherKey, secret);
        String forged;
        try (PulsarTenancy forger = PulsarTenancy.connect(pulsar.adminUrl(), pulsar.superuserToken(), otherKey)) {
            forged = forger.tokenFor(PulsarTenancy.PLATFORM_ROLE);
        } finally {
            Files.delete(otherKey);
        }
        try (PulsarClient client = clientWith(forged)) {
            assertThatThrownBy(() -> client.newConsumer().topic("persistent://sec-a/assets/messages")
                    .subscriptionName("forged").subscribe())
                    .isInstanceOf(PulsarClientException.AuthenticationException.class);
        }
    }
}
