package io.mosaic.hsm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two SoftHSM2 tokens with the same tenant keys (key ceremony); token one is taken away while work goes on. What
 * really makes SunPKCS11 fail with SoftHSM2: moving the token's folder away (SoftHSM2 notices on the next
 * operation: C_EncryptInit/C_DecryptInit fail); a logout would fail too, but logs out every session of the process.
 */
class ClusterFailoverTest {
    private static final byte[] AAD = "aad".getBytes(UTF_8);
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<KeyAuditEvent> audited = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private Pkcs11KeyService cluster(CachePolicy policy) {
        Pkcs11KeyService service = Pkcs11KeyService.openCluster(List.of(SoftHsmFixture.config(SoftHsmFixture.FAILOVER_1),
                SoftHsmFixture.config(SoftHsmFixture.FAILOVER_2)), new InMemoryWrappedKeyRepository(), Clock.systemUTC(),
                policy, audited::add);
        opened.add(service);
        return service;
    }

    private Pkcs11Token token(String label) {
        Pkcs11Token token = Pkcs11Token.open(SoftHsmFixture.config(label));
        opened.add(token);
        return token;
    }

    @Test
    void keyCeremony_putsTheSameNonExtractableKeyIntoEachToken() {
        Pkcs11Token one = token(SoftHsmFixture.CLUSTER_1);
        Pkcs11Token two = token(SoftHsmFixture.CLUSTER_2);
        KeyRef kek = KeyRef.tenantKek(KeyServiceContract.uniqueTenant("cer"), 1);

        KeyCeremony.Report report = KeyCeremony.importTenantKey(List.of(one, two), kek);

        assertThat(report.tokens()).containsExactly(SoftHsmFixture.CLUSTER_1, SoftHsmFixture.CLUSTER_2);
        assertThat(report.keyCheckValue()).hasSize(12);
        for (Pkcs11Token token : List.of(one, two)) {
            var key = token.key(kek.toString()).orElseThrow();
            assertThat(key.getEncoded()).isNull();
            assertThat(key.toString()).contains("sensitive", "unextractable");
        }
        // what token one wraps, token two unwraps
        var wrapOnOne = new Pkcs11KeyEncryptionKeys(one, false, new java.security.SecureRandom());
        var unwrapOnTwo = new Pkcs11KeyEncryptionKeys(two, false, new java.security.SecureRandom());
        byte[] wrapped = wrapOnOne.wrap(kek, "a data key of 32 bytes, exactly!".getBytes(UTF_8), AAD);
        assertThat(unwrapOnTwo.unwrap(kek, wrapped, AAD)).isEqualTo("a data key of 32 bytes, exactly!".getBytes(UTF_8));
        assertThatThrownBy(() -> KeyCeremony.importTenantKey(List.of(one, two), kek))
                .isInstanceOf(KeyException.class).hasMessageContaining("already holds");
    }

    @Test
    void tokenOneFails_whileEncryptionsAndDecryptionsRun_theyContinueOnTokenTwo() throws Exception {
        // few uses per cached key, so the token is called all the time
        Pkcs11KeyService keys = cluster(new CachePolicy(Duration.ofMinutes(5), 3, 10_000));
        String tenant = KeyServiceContract.uniqueTenant("fo");
        keys.createTenantKey(tenant);
        List<Encrypted> written = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong operations = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int worker = w;
            workers.add(pool.submit(() -> {
                int n = 0;
                while (!stop.get()) {
                    try {
                        String entity = "entity-" + worker + "-" + n++;
                        Encrypted encrypted = keys.encrypt(tenant, entity, entity.getBytes(UTF_8), AAD);
                        written.add(encrypted);
                        Encrypted sample = written.get(Math.floorMod(n * 31, written.size()));
                        assertThat(keys.decrypt(sample, AAD)).isNotEmpty();
                        operations.incrementAndGet();
                    } catch (Throwable t) {
                        failures.add(t);
                        return;
                    }
                }
            }));
        }
        Path tokenOne = SoftHsmFixture.tokenDirectory(SoftHsmFixture.FAILOVER_1);
        Path moved = tokenOne.resolveSibling("removed-" + tokenOne.getFileName());
        try {
            long before = operations.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> operations.get() > before + 100 || !failures.isEmpty());
            long callsOnTwoBefore = keys.tokens().get(1).calls();

            Files.move(tokenOne, moved);

            long after = operations.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> operations.get() > after + 200 || !failures.isEmpty());
            assertThat(keys.tokens().get(1).calls()).isGreaterThan(callsOnTwoBefore);
        } finally {
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
        }

        assertThat(failures).as("operations that failed during the failover: %s", failures.stream()
                .map(t -> t + (t.getCause() == null ? "" : " caused by " + t.getCause())).toList()).isEmpty();
        for (Encrypted encrypted : written) {
            assertThat(keys.decrypt(encrypted, AAD)).isNotEmpty();
        }
        List<TokenHealth> health = keys.tokenHealth();
        assertThat(health.get(0).token()).isEqualTo(SoftHsmFixture.FAILOVER_1);
        assertThat(health.get(0).up()).isFalse();
        assertThat(health.get(0).failures()).isPositive();
        assertThat(health.get(0).lastError()).isPresent();
        assertThat(health.get(1).up()).isTrue();
        assertThat(audited).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(KeyAuditEvent.TokenFailed.class,
                f -> assertThat(f.token()).isEqualTo(SoftHsmFixture.FAILOVER_1)));

        Path tokenTwo = SoftHsmFixture.tokenDirectory(SoftHsmFixture.FAILOVER_2);
        Files.move(tokenTwo, tokenTwo.resolveSibling("removed-" + tokenTwo.getFileName()));
        assertThatThrownBy(() -> keys.encrypt(tenant, "after-both-failed", "x".getBytes(UTF_8), AAD))
                .as("no fallback to keys in clear: with every token gone, new keys cannot be made")
                .isInstanceOf(TokenException.class)
                .hasMessageContaining("every token of the cluster failed");
    }
}
