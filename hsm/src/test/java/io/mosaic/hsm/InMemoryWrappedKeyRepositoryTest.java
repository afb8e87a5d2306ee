package io.mosaic.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryWrappedKeyRepositoryTest {
    private final InMemoryWrappedKeyRepository repository = new InMemoryWrappedKeyRepository();

    private static WrappedKey key(String entity, int version) {
        return new WrappedKey(KeyRef.dataKey("demo", entity, version), "AES-256", KeyRef.tenantKek("demo", 1),
                new byte[] {1, 2, 3}, new byte[0], Instant.parse("2026-11-01T10:00:00Z"));
    }

    @Test
    void existingVersion_isNeverOverwritten() {
        repository.insert(key("client-1", 1));

        assertThatThrownBy(() -> repository.insert(key("client-1", 1)))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining("demo/e/client-1/dek/v1")
                .hasMessageContaining("already exists");
    }

    @Test
    void latest_isTheHighestVersion() {
        repository.insert(key("client-1", 1));
        repository.insert(key("client-1", 3));
        repository.insert(key("client-1", 2));

        assertThat(repository.latest("demo", "e/client-1/dek")).map(k -> k.ref().version()).contains(3);
        assertThat(repository.latest("demo", "e/client-2/dek")).isEmpty();
        assertThat(repository.latest("other", "e/client-1/dek")).isEmpty();
    }

    @Test
    void destroyAll_removesEveryVersion_andIsRemembered() {
        repository.insert(key("client-1", 1));
        repository.insert(key("client-1", 2));
        repository.insert(key("client-2", 1));

        repository.destroyAll("demo", "e/client-1/dek");

        assertThat(repository.find(KeyRef.dataKey("demo", "client-1", 1))).isEmpty();
        assertThat(repository.latest("demo", "e/client-1/dek")).isEmpty();
        assertThat(repository.isDestroyed("demo", "e/client-1/dek")).isTrue();
        assertThat(repository.isDestroyed("demo", "e/client-2/dek")).isFalse();
        assertThat(repository.find(KeyRef.dataKey("demo", "client-2", 1))).isPresent();
        assertThatThrownBy(() -> repository.insert(key("client-1", 3)))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining("destroyed");
    }

    @Test
    void changingAnArrayAfterInsertOrFind_doesNotChangeTheStoredKey() {
        WrappedKey original = key("client-1", 1);
        repository.insert(original);
        original.wrapped()[0] = 99;
        repository.find(original.ref()).orElseThrow().wrapped()[1] = 99;

        assertThat(repository.find(original.ref()).orElseThrow().wrapped()).containsExactly(1, 2, 3);
    }
}
