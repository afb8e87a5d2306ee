package io.mosaic.eventstore;

import io.mosaic.hsm.KeyException;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.WrappedKey;
import io.mosaic.hsm.WrappedKeyRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class H2WrappedKeyRepositoryTest {

    private final EmbeddedDatabase database = EmbeddedDatabase.inMemory();
    private final WrappedKeyRepository keys = database.keys();

    @AfterEach
    void close() {
        database.close();
    }

    private static WrappedKey dataKey(String tenant, String entity, int version, byte... wrapped) {
        return new WrappedKey(KeyRef.dataKey(tenant, entity, version), "AES-256-GCM", KeyRef.tenantKek(tenant, 1),
                wrapped, new byte[0], Instant.parse("2025-05-05T05:05:05.123456789Z"));
    }

    @Test
    void storedKey_isFoundWithEveryFieldIntact() {
        WrappedKey signing = new WrappedKey(KeyRef.signingKey("demo", "valuation-alerts", 1), "Ed25519",
                KeyRef.tenantKek("demo", 2), new byte[] {1, 2, 3}, new byte[] {4, 5}, Instant.parse(
                "2025-01-01T00:00:00.000000007Z"));
        keys.insert(signing);

        WrappedKey found = keys.find(signing.ref()).orElseThrow();
        assertThat(found.ref()).isEqualTo(signing.ref());
        assertThat(found.algorithm()).isEqualTo("Ed25519");
        assertThat(found.wrappedBy()).isEqualTo(KeyRef.tenantKek("demo", 2));
        assertThat(found.wrapped()).containsExactly(1, 2, 3);
        assertThat(found.publicPart()).containsExactly(4, 5);
        assertThat(found.createdAt()).isEqualTo(signing.createdAt());
    }

    @Test
    void unknownKey_isNotFound() {
        assertThat(keys.find(KeyRef.dataKey("demo", "nobody", 1))).isEmpty();
        assertThat(keys.latest("demo", "e/nobody/dek")).isEmpty();
    }

    @Test
    void insertingAnExistingVersion_isRefused_andTheStoredKeyIsKept() {
        keys.insert(dataKey("demo", "asset-1", 1, (byte) 1));

        assertThatThrownBy(() -> keys.insert(dataKey("demo", "asset-1", 1, (byte) 2)))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining("demo/e/asset-1/dek/v1");
        assertThat(keys.find(KeyRef.dataKey("demo", "asset-1", 1)).orElseThrow().wrapped()).containsExactly(1);
    }

    @Test
    void latest_isTheHighestVersion() {
        keys.insert(dataKey("demo", "asset-1", 1, (byte) 1));
        keys.insert(dataKey("demo", "asset-1", 3, (byte) 3));
        keys.insert(dataKey("demo", "asset-1", 2, (byte) 2));

        assertThat(keys.latest("demo", "e/asset-1/dek").orElseThrow().ref().version()).isEqualTo(3);
    }

    @Test
    void keyOfOneTenant_isInvisibleToAnother() {
        keys.insert(dataKey("demo", "asset-1", 1, (byte) 1));

        assertThat(keys.find(KeyRef.dataKey("other", "asset-1", 1))).isEmpty();
        assertThat(keys.latest("other", "e/asset-1/dek")).isEmpty();
        keys.destroyAll("other", "e/asset-1/dek");
        assertThat(keys.find(KeyRef.dataKey("demo", "asset-1", 1))).isPresent();
        assertThat(keys.isDestroyed("demo", "e/asset-1/dek")).isFalse();
    }

    @Test
    void destroyedKeys_areDeletedFromTheTable_andRemembered() throws Exception {
        keys.insert(dataKey("demo", "asset-1", 1, (byte) 1));
        keys.insert(dataKey("demo", "asset-1", 2, (byte) 2));
        keys.insert(dataKey("demo", "asset-2", 1, (byte) 9));

        keys.destroyAll("demo", "e/asset-1/dek");

        assertThat(keys.isDestroyed("demo", "e/asset-1/dek")).isTrue();
        assertThat(keys.find(KeyRef.dataKey("demo", "asset-1", 1))).isEmpty();
        assertThat(keys.latest("demo", "e/asset-1/dek")).isEmpty();
        assertThat(rowsOf("demo", "e/asset-1/dek")).isZero();
        assertThat(keys.find(KeyRef.dataKey("demo", "asset-2", 1))).isPresent();
        assertThat(keys.isDestroyed("demo", "e/asset-2/dek")).isFalse();
    }

    @Test
    void destroyingTwice_isHarmless() {
        keys.insert(dataKey("demo", "asset-1", 1, (byte) 1));

        keys.destroyAll("demo", "e/asset-1/dek");
        keys.destroyAll("demo", "e/asset-1/dek");

        assertThat(keys.isDestroyed("demo", "e/asset-1/dek")).isTrue();
    }

    @Test
    void keyOfADestroyedName_cannotBeStoredAgain() {
        keys.insert(dataKey("demo", "asset-1", 1, (byte) 1));
        keys.destroyAll("demo", "e/asset-1/dek");

        assertThatThrownBy(() -> keys.insert(dataKey("demo", "asset-1", 2, (byte) 2)))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining("destroyed");
        assertThat(rowsOf("demo", "e/asset-1/dek")).isZero();
    }

    @Test
    void failureOfTheDatabase_isAKeyException() {
        database.close();

        assertThatThrownBy(() -> keys.find(KeyRef.dataKey("demo", "asset-1", 1)))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining("demo/e/asset-1/dek/v1");
    }

    private int rowsOf(String tenant, String name) {
        return database.pool().withConnection("counting key rows", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COUNT(*) FROM data_keys WHERE tenant = ? AND name = ?")) {
                select.setString(1, tenant);
                select.setString(2, name);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }
}
