package io.mosaic.eventstore.cassandra;

import io.mosaic.hsm.KeyException;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.WrappedKey;
import io.mosaic.local.cassandra.CassandraCluster;
import io.mosaic.local.cassandra.CassandraExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wrapped-key repository and the processed-message store on Cassandra. */
@ExtendWith(CassandraExtension.class)
class CassandraKeysAndProcessedTest {
    private static CassandraStore store;
    private final String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void connect(CassandraCluster cassandra) {
        store = Stores.open(cassandra);
    }

    @AfterAll
    static void disconnect() {
        store.close();
    }

    private WrappedKey key(String name, int version) {
        return new WrappedKey(new KeyRef(tenant, name, version), "AES256-GCM", KeyRef.tenantKek(tenant, 1),
                new byte[] {1, 2, (byte) version}, new byte[0], Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void keyVersions_areStoredOnce_latestIsTheHighest_andDestroyedNamesStayDestroyed() {
        store.keys().insert(key("e/a/dek", 1));
        store.keys().insert(key("e/a/dek", 2));
        assertThatThrownBy(() -> store.keys().insert(key("e/a/dek", 2))).isInstanceOf(KeyException.class)
                .hasMessageContaining("already exists");

        assertThat(store.keys().latest(tenant, "e/a/dek")).map(k -> k.ref().version()).contains(2);
        assertThat(store.keys().find(new KeyRef(tenant, "e/a/dek", 1)).orElseThrow().wrapped()).containsExactly(1, 2, 1);
        assertThat(store.keys().isDestroyed(tenant, "e/a/dek")).isFalse();

        store.keys().destroyAll(tenant, "e/a/dek");
        store.keys().destroyAll(tenant, "e/a/dek");

        assertThat(store.keys().find(new KeyRef(tenant, "e/a/dek", 1))).isEmpty();
        assertThat(store.keys().latest(tenant, "e/a/dek")).isEmpty();
        assertThat(store.keys().isDestroyed(tenant, "e/a/dek")).isTrue();
        assertThatThrownBy(() -> store.keys().insert(key("e/a/dek", 3))).isInstanceOf(KeyException.class)
                .hasMessageContaining("destroyed");
        assertThat(store.keys().latest(tenant, "e/b/dek")).isEmpty();
    }

    @Test
    void envelopeIds_areProcessedOnce_perConsumerAndTenant() {
        UUID id = UUID.randomUUID();
        assertThat(store.processed().isProcessed(tenant, "valuation", id)).isFalse();
        assertThat(store.processed().markProcessed(tenant, "valuation", id)).isTrue();
        assertThat(store.processed().markProcessed(tenant, "valuation", id)).isFalse();
        assertThat(store.processed().isProcessed(tenant, "valuation", id)).isTrue();
        assertThat(store.processed().markProcessed(tenant, "alerts", id)).isTrue();
        assertThat(store.processed().isProcessed("other" + tenant, "valuation", id)).isFalse();
    }
}
