package io.mosaic.hsm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mosaic.sdk.EntityForgottenException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rotation, retirement and shredding with its audit record; run on each backend. */
abstract class KeyRotationContract {
    private static final byte[] AAD = "tenant|entity|event|type".getBytes(UTF_8);

    protected abstract KeyService newKeyService(WrappedKeyRepository repository, KeyAuditListener audit);

    protected final InMemoryWrappedKeyRepository repository = new InMemoryWrappedKeyRepository();
    protected final List<KeyAuditEvent> audited = new CopyOnWriteArrayList<>();
    private final List<KeyService> opened = new ArrayList<>();
    protected String tenant;
    protected KeyService keys;
    protected KeyRotation rotation;

    @BeforeEach
    void openWithATenant() {
        tenant = KeyServiceContract.uniqueTenant("rot");
        keys = open();
        keys.createTenantKey(tenant);
        rotation = KeyRotation.of(keys);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(KeyService::close);
    }

    private KeyService open() {
        KeyService service = newKeyService(repository, audited::add);
        opened.add(service);
        return service;
    }

    private record Written(Encrypted encrypted, byte[] plaintext) {
    }

    @Test
    void rotationUnderLoad_everythingStaysReadableBeforeDuringAndAfter() throws Exception {
        Map<Integer, Written> written = new ConcurrentHashMap<>();
        AtomicLong sequence = new AtomicLong();
        for (int i = 0; i < 60; i++) {
            write(written, sequence, "entity-" + i);
        }
        keys.signer(tenant, "custody");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong operations = new AtomicLong();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            workers.add(pool.submit(() -> {
                while (!stop.get()) {
                    try {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        write(written, sequence, "entity-" + random.nextInt(80));
                        Written sample = written.get((int) random.nextLong(sequence.get()));
                        if (sample != null) {
                            assertThat(keys.decrypt(sample.encrypted(), AAD)).isEqualTo(sample.plaintext());
                        }
                        operations.incrementAndGet();
                    } catch (Throwable t) {
                        failures.add(t);
                        return;
                    }
                }
            }));
        }
        try {
            long before = operations.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> operations.get() > before + 200);

            RotationReport report = rotation.rotateTenantKey(tenant);

            long after = operations.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> operations.get() > after + 200 || !failures.isEmpty());
            assertThat(report.from()).contains(KeyRef.tenantKek(tenant, 1));
            assertThat(report.to()).isEqualTo(KeyRef.tenantKek(tenant, 2));
            assertThat(report.rewrapped()).isGreaterThanOrEqualTo(61);
            assertThat(report.took()).isPositive();
        } finally {
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();

        RotationReport completion = rotation.completeTenantKeyRotation(tenant);
        assertThat(repository.keysWrappedBy(KeyRef.tenantKek(tenant, 1), 10)).isEmpty();
        rotation.retireTenantKey(KeyRef.tenantKek(tenant, 1));
        KeyService restarted = open();
        for (Written w : written.values()) {
            assertThat(restarted.decrypt(w.encrypted(), AAD)).isEqualTo(w.plaintext());
        }
        assertThat(completion.to()).isEqualTo(KeyRef.tenantKek(tenant, 2));
        assertThat(audited).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(KeyAuditEvent.TenantKeyRotated.class,
                r -> assertThat(r.to()).isEqualTo(KeyRef.tenantKek(tenant, 2))));
        assertThat(audited).anySatisfy(e -> assertThat(e).isEqualTo(
                new KeyAuditEvent.KeyVersionRetired(KeyRef.tenantKek(tenant, 1), e.at())));
    }

    private void write(Map<Integer, Written> written, AtomicLong sequence, String entity) {
        byte[] plaintext = ("event of " + entity + " " + sequence.get()).getBytes(UTF_8);
        Encrypted encrypted = keys.encrypt(tenant, entity, plaintext, AAD);
        written.put((int) sequence.getAndIncrement(), new Written(encrypted, plaintext));
    }

    @Test
    void retiringTheCurrentOrAStillUsedTenantKey_isRefused() {
        keys.encrypt(tenant, "client-1", "x".getBytes(UTF_8), AAD);

        assertThatThrownBy(() -> rotation.retireTenantKey(KeyRef.tenantKek(tenant, 1)))
                .isInstanceOf(KeyException.class).hasMessageContaining("current version");
    }

    @Test
    void dataKeyRotation_newDataUsesTheNewVersion_oldStaysReadableUntilRetired() {
        Encrypted old = keys.encrypt(tenant, "client-1", "old".getBytes(UTF_8), AAD);

        RotationReport report = rotation.rotateDataKey(tenant, "client-1");
        Encrypted fresh = keys.encrypt(tenant, "client-1", "new".getBytes(UTF_8), AAD);

        assertThat(report.to()).isEqualTo(KeyRef.dataKey(tenant, "client-1", 2));
        assertThat(fresh.keyRef()).isEqualTo(report.to());
        assertThat(keys.decrypt(old, AAD)).isEqualTo("old".getBytes(UTF_8));
        assertThatThrownBy(() -> rotation.retireDataKey(report.to())).isInstanceOf(KeyException.class)
                .hasMessageContaining("current version");

        rotation.retireDataKey(old.keyRef());

        assertThatThrownBy(() -> keys.decrypt(old, AAD)).isInstanceOf(KeyException.class)
                .hasMessageContaining(old.keyRef().toString());
        assertThat(keys.decrypt(fresh, AAD)).isEqualTo("new".getBytes(UTF_8));
        assertThat(open().encrypt(tenant, "client-1", "x".getBytes(UTF_8), AAD).keyRef()).isEqualTo(report.to());
    }

    @Test
    void shredding_isAudited_andReadsFailAsForgotten() {
        Encrypted v1 = keys.encrypt(tenant, "alice", "alice v1".getBytes(UTF_8), AAD);
        rotation.rotateDataKey(tenant, "alice");
        Encrypted v2 = keys.encrypt(tenant, "alice", "alice v2".getBytes(UTF_8), AAD);

        keys.destroyEntityKeys(tenant, "alice");

        for (Encrypted e : List.of(v1, v2)) {
            assertThatThrownBy(() -> keys.decrypt(e, AAD)).isInstanceOfSatisfying(EntityForgottenException.class,
                    f -> assertThat(f.entity()).isEqualTo("alice"));
            assertThatThrownBy(() -> open().decrypt(e, AAD)).isInstanceOf(EntityForgottenException.class);
        }
        assertThat(audited).filteredOn(KeyAuditEvent.EntityKeysDestroyed.class::isInstance)
                .singleElement()
                .satisfies(e -> {
                    KeyAuditEvent.EntityKeysDestroyed destroyed = (KeyAuditEvent.EntityKeysDestroyed) e;
                    assertThat(destroyed.tenant()).isEqualTo(tenant);
                    assertThat(destroyed.entity()).isEqualTo("alice");
                });
        assertThatThrownBy(() -> rotation.rotateDataKey(tenant, "alice")).isInstanceOf(EntityForgottenException.class);
    }

    @Test
    void signingKeys_areReWrappedToo_andStillSign() {
        Signer signer = keys.signer(tenant, "custody");
        byte[] before = signer.sign("before".getBytes(UTF_8));

        rotation.rotateTenantKey(tenant);
        rotation.retireTenantKey(KeyRef.tenantKek(tenant, 1));

        KeyService restarted = open();
        assertThat(repository.find(signer.keyRef()).orElseThrow().wrappedBy()).isEqualTo(KeyRef.tenantKek(tenant, 2));
        assertThat(restarted.verify(signer.keyRef(), "before".getBytes(UTF_8), before)).isTrue();
        byte[] after = restarted.signer(tenant, "custody").sign("after".getBytes(UTF_8));
        assertThat(restarted.verify(signer.keyRef(), "after".getBytes(UTF_8), after)).isTrue();
        assertThat(Arrays.equals(before, after)).isFalse();
    }
}
