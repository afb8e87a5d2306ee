package io.mosaic.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftwareKeyServiceTest extends KeyServiceContract {
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    private final List<KeyService> openedHere = new ArrayList<>();

    private Path keyStore() {
        return dir.resolve("keys").resolve("tenants.p12");
    }

    @Override
    protected KeyService newKeyService(WrappedKeyRepository repo) {
        return SoftwareKeyService.open(keyStore(), PASSWORD, repo, Clock.systemUTC());
    }

    private SoftwareKeyService openSoftware(WrappedKeyRepository repo, Clock clock, CachePolicy policy) {
        SoftwareKeyService service = SoftwareKeyService.open(keyStore(), PASSWORD, repo, clock, policy);
        closeLater(service);
        return service;
    }

    private void closeLater(KeyService service) {
        openedHere.add(service);
    }

    @AfterEach
    void closeSoftwareServices() {
        openedHere.forEach(KeyService::close);
    }

    // ---- the key store file

    @Test
    void missingKeyStoreFile_isCreatedWithItsFolder() {
        assertThat(keyStore()).exists();
    }

    @Test
    void wrongKeyStorePassword_givesAClearError() {
        assertThatThrownBy(() -> SoftwareKeyService.open(keyStore(), "guess".toCharArray(),
                new InMemoryWrappedKeyRepository(), Clock.systemUTC()))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining(keyStore().getFileName().toString())
                .hasMessageContaining("password");
    }

    @Test
    void notAKeyStoreFile_givesAClearError() throws IOException {
        Path garbage = dir.resolve("garbage.p12");
        Files.writeString(garbage, "this is not a PKCS12 file");

        assertThatThrownBy(() -> SoftwareKeyService.open(garbage, PASSWORD, new InMemoryWrappedKeyRepository(),
                Clock.systemUTC()))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining("garbage.p12");
    }

    @Test
    void emptyPassword_isRefused() {
        assertThatThrownBy(() -> SoftwareKeyService.open(dir.resolve("other.p12"), new char[0],
                new InMemoryWrappedKeyRepository(), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password");
    }

    @Test
    void keyStoreFile_isPasswordProtected() throws Exception {
        assertThatThrownBy(() -> loadKeyStore("wrong password".toCharArray())).isInstanceOf(IOException.class);

        KeyStore store = loadKeyStore(PASSWORD);
        String alias = KeyRef.tenantKek(tenantA, 1).toString();
        assertThat(store.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class)).isTrue();
        assertThatThrownBy(() -> store.getEntry(alias, new KeyStore.PasswordProtection("wrong".toCharArray())))
                .isInstanceOf(Exception.class);
        KeyStore.SecretKeyEntry entry = (KeyStore.SecretKeyEntry) store.getEntry(alias,
                new KeyStore.PasswordProtection(PASSWORD));
        assertThat(entry.getSecretKey().getAlgorithm()).isEqualTo("AES");
        assertThat(entry.getSecretKey().getEncoded()).hasSize(32);
    }

    @Test
    void keyStoreFile_holdsOneKeyEncryptionKeyPerTenant_andNoDataKeys() throws Exception {
        keys.encrypt(tenantA, "client-1", bytes("x"), AAD);
        keys.signer(tenantA, "valuation-alerts");

        KeyStore store = loadKeyStore(PASSWORD);

        assertThat(Collections.list(store.aliases())).containsExactlyInAnyOrder(
                KeyRef.tenantKek(tenantA, 1).toString(), KeyRef.tenantKek(tenantB, 1).toString());
    }

    @Test
    void savingTheKeyStore_leavesNoTempFiles() throws IOException {
        keys.createTenantKey(uniqueTenant("c"));
        keys.createTenantKey(uniqueTenant("d"));

        try (Stream<Path> files = Files.list(keyStore().getParent())) {
            assertThat(files).containsExactly(keyStore());
        }
    }

    @Test
    void callerClearingItsPasswordArray_doesNotBreakTheService() {
        char[] callers = PASSWORD.clone();
        SoftwareKeyService service = SoftwareKeyService.open(keyStore(), callers, repository, Clock.systemUTC());
        closeLater(service);
        Arrays.fill(callers, '\0');
        String tenant = uniqueTenant("e");

        service.createTenantKey(tenant);

        KeyService reopened = open(repository);
        assertThat(reopened.hasTenantKey(tenant)).isTrue();
    }

    private KeyStore loadKeyStore(char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore())) {
            store.load(in, password);
        }
        return store;
    }

    // ---- the cache

    @Test
    void cacheMetrics_countHitsMissesAndUnwraps() {
        SoftwareKeyService service = openSoftware(repository, Clock.systemUTC(), CachePolicy.defaults());
        Encrypted encrypted = keys.encrypt(tenantA, "client-1", bytes("x"), AAD);

        service.decrypt(encrypted, AAD);
        assertThat(service.metrics()).usingRecursiveComparison().ignoringFields("tokenCalls")
                .isEqualTo(new KeyServiceMetrics(0, 1, 1, 0, 1, 0));

        service.decrypt(encrypted, AAD);
        assertThat(service.metrics()).usingRecursiveComparison().ignoringFields("tokenCalls")
                .isEqualTo(new KeyServiceMetrics(1, 1, 1, 0, 1, 0));

        // first encrypt looks up the current version in the repository (a miss), but reuses the unwrapped key
        service.encrypt(tenantA, "client-1", bytes("y"), AAD);
        assertThat(service.metrics()).usingRecursiveComparison().ignoringFields("tokenCalls")
                .isEqualTo(new KeyServiceMetrics(1, 2, 1, 0, 1, 0));
        service.encrypt(tenantA, "client-1", bytes("y"), AAD);
        assertThat(service.metrics()).usingRecursiveComparison().ignoringFields("tokenCalls")
                .isEqualTo(new KeyServiceMetrics(2, 2, 1, 0, 1, 0));

        service.encrypt(tenantA, "client-2", bytes("z"), AAD);
        assertThat(service.metrics()).usingRecursiveComparison().ignoringFields("tokenCalls")
                .isEqualTo(new KeyServiceMetrics(2, 3, 1, 1, 2, 0));
    }

    @Test
    void cachedKey_expiresAfterMaxAge() {
        MutableClock clock = new MutableClock();
        SoftwareKeyService service = openSoftware(repository, clock,
                new CachePolicy(Duration.ofMinutes(5), 1_000, 100));
        Encrypted encrypted = keys.encrypt(tenantA, "client-1", bytes("x"), AAD);
        service.decrypt(encrypted, AAD);

        clock.advance(Duration.ofMinutes(4));
        service.decrypt(encrypted, AAD);
        assertThat(service.metrics().unwraps()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        service.decrypt(encrypted, AAD);
        assertThat(service.metrics().unwraps()).isEqualTo(2);
        assertThat(service.metrics().cacheMisses()).isEqualTo(2);
    }

    @Test
    void cachedKey_expiresAfterMaxUses() {
        SoftwareKeyService service = openSoftware(repository, Clock.systemUTC(),
                new CachePolicy(Duration.ofMinutes(5), 3, 100));
        Encrypted encrypted = keys.encrypt(tenantA, "client-1", bytes("x"), AAD);

        for (int i = 0; i < 3; i++) {
            service.decrypt(encrypted, AAD);
        }
        assertThat(service.metrics().unwraps()).isEqualTo(1);

        service.decrypt(encrypted, AAD);
        assertThat(service.metrics().unwraps()).isEqualTo(2);
    }

    @Test
    void cache_isBoundedInSize() {
        SoftwareKeyService service = openSoftware(repository, Clock.systemUTC(),
                new CachePolicy(Duration.ofMinutes(5), 1_000, 10));

        for (int i = 0; i < 50; i++) {
            service.encrypt(tenantA, "entity-" + i, bytes("x"), AAD);
        }

        assertThat(service.metrics().cachedKeys()).isLessThanOrEqualTo(10);
        assertThat(service.cachedKeyRefs()).hasSizeLessThanOrEqualTo(10);
        Encrypted again = service.encrypt(tenantA, "entity-0", bytes("again"), AAD);
        assertThat(again.keyRef()).isEqualTo(KeyRef.dataKey(tenantA, "entity-0", 1));
        assertThat(service.decrypt(again, AAD)).isEqualTo(bytes("again"));
    }

    @Test
    void destroyEntityKeys_evictsTheEntityFromTheCacheAtOnce() {
        SoftwareKeyService service = openSoftware(repository, Clock.systemUTC(), CachePolicy.defaults());
        Encrypted ofAlice = service.encrypt(tenantA, "alice", bytes("x"), AAD);
        Encrypted ofBob = service.encrypt(tenantA, "bob", bytes("y"), AAD);
        service.decrypt(ofAlice, AAD);
        assertThat(service.cachedKeyRefs()).contains(ofAlice.keyRef(), ofBob.keyRef());

        service.destroyEntityKeys(tenantA, "alice");

        assertThat(service.cachedKeyRefs()).doesNotContain(ofAlice.keyRef()).contains(ofBob.keyRef());
        assertThat(service.cachedKeyRefs()).noneMatch(ref -> ref.name().equals("e/alice/dek"));
        assertThat(service.metrics().cachedKeys()).isEqualTo(1);
    }

    @Test
    void hotPath_doesNotUnwrapAgain() throws Exception {
        SoftwareKeyService service = openSoftware(repository, Clock.systemUTC(), CachePolicy.defaults());
        Encrypted encrypted = service.encrypt(tenantA, "client-1", bytes("x"), AAD);

        runConcurrently(4, i -> {
            for (int n = 0; n < 500; n++) {
                service.decrypt(encrypted, AAD);
            }
            return i;
        });

        assertThat(service.metrics().unwraps()).isZero();
        assertThat(service.metrics().cacheHits()).isEqualTo(2_000);
    }

    @Test
    void signingKeys_areCachedToo() {
        SoftwareKeyService service = openSoftware(repository, Clock.systemUTC(), CachePolicy.defaults());
        Signer created = keys.signer(tenantA, "valuation-alerts");
        Signer signer = service.signer(tenantA, "valuation-alerts");

        signer.sign(bytes("one"));
        signer.sign(bytes("two"));

        assertThat(signer.keyRef()).isEqualTo(created.keyRef());
        assertThat(service.metrics().unwraps()).isEqualTo(1);
        assertThat(service.metrics().cacheHits()).isEqualTo(1);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2026-11-01T10:00:00Z").toEpochMilli());

        void advance(Duration duration) {
            millis.addAndGet(duration.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a test clock stays in UTC");
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }
    }
}
