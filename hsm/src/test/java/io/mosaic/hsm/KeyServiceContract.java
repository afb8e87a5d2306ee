package io.mosaic.hsm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mosaic.sdk.EntityForgottenException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link KeyService} backend must show (software key store, PKCS#11 token, a cluster of
 * tokens). A backend's test extends this class and implements {@link #newKeyService}; it is shipped in the
 * module's test-jar ({@code mosaic-hsm:tests}).
 *
 * <p>Each test uses fresh, randomly named tenants, so a backend whose key storage outlives one test (a token)
 * still starts every test from tenants it has never seen.
 */
public abstract class KeyServiceContract {

    /**
     * Opens a key service over {@code repository}. Every call within one test must use the same key storage
     * (key store file, token): a second call is a restart of the process and must see the tenant keys created
     * through the first. The contract closes what this returns.
     */
    protected abstract KeyService newKeyService(WrappedKeyRepository repository);

    protected static final byte[] AAD = "tenant|entity|event-1|custody.PositionChanged".getBytes(UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    protected final InMemoryWrappedKeyRepository repository = new InMemoryWrappedKeyRepository();
    protected String tenantA;
    protected String tenantB;
    protected KeyService keys;
    private final List<KeyService> opened = new ArrayList<>();

    @BeforeEach
    void openKeyServiceWithTwoTenants() {
        tenantA = uniqueTenant("a");
        tenantB = uniqueTenant("b");
        keys = open(repository);
        keys.createTenantKey(tenantA);
        keys.createTenantKey(tenantB);
    }

    @AfterEach
    void closeKeyServices() {
        opened.forEach(KeyService::close);
    }

    protected final KeyService open(WrappedKeyRepository repo) {
        KeyService service = newKeyService(repo);
        opened.add(service);
        return service;
    }

    protected static String uniqueTenant(String prefix) {
        byte[] suffix = new byte[5];
        RANDOM.nextBytes(suffix);
        return prefix + "-" + HexFormat.of().formatHex(suffix);
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    // ---- tenant keys

    @Test
    void createTenantKey_isIdempotent_andKnown() {
        keys.createTenantKey(tenantA);
        assertThat(keys.hasTenantKey(tenantA)).isTrue();
        assertThat(keys.hasTenantKey(uniqueTenant("never"))).isFalse();
    }

    @Test
    void encryptForTenantWithoutKeyEncryptionKey_isRejected() {
        String unprovisioned = uniqueTenant("new");
        assertThatThrownBy(() -> keys.encrypt(unprovisioned, "client-1", bytes("x"), AAD))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining("tenant " + unprovisioned + " has no key-encryption key")
                .hasMessageContaining("provision the tenant first");
        assertThat(repository.latest(unprovisioned, "e/client-1/dek")).isEmpty();
    }

    @Test
    void signerForTenantWithoutKeyEncryptionKey_isRejected() {
        String unprovisioned = uniqueTenant("new");
        assertThatThrownBy(() -> keys.signer(unprovisioned, "valuation-alerts"))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining(unprovisioned);
    }

    // ---- data keys: encryption

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 1000, 65_536})
    void roundTrip_returnsThePlaintext(int size) {
        byte[] plaintext = new byte[size];
        RANDOM.nextBytes(plaintext);

        Encrypted encrypted = keys.encrypt(tenantA, "client-1", plaintext, AAD);

        assertThat(keys.decrypt(encrypted, AAD)).isEqualTo(plaintext);
        assertThat(encrypted.ciphertext()).hasSize(12 + size + 16);
    }

    @Test
    void ciphertext_namesTheEntitysDataKey_andUsesAFreshNonce() {
        Encrypted first = keys.encrypt(tenantA, "client-1", bytes("same"), AAD);
        Encrypted second = keys.encrypt(tenantA, "client-1", bytes("same"), AAD);

        assertThat(first.keyRef()).isEqualTo(KeyRef.dataKey(tenantA, "client-1", 1));
        assertThat(second.keyRef()).isEqualTo(first.keyRef());
        assertThat(Arrays.copyOf(first.ciphertext(), 12)).isNotEqualTo(Arrays.copyOf(second.ciphertext(), 12));
        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
    }

    @Test
    void wrongAssociatedData_isRejected() {
        Encrypted encrypted = keys.encrypt(tenantA, "client-1", bytes("balance 1000000"), AAD);

        assertThatThrownBy(() -> keys.decrypt(encrypted, bytes("tenant|entity|event-2|custody.PositionChanged")))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining(encrypted.keyRef().toString());
        assertThatThrownBy(() -> keys.decrypt(encrypted, new byte[0])).isInstanceOf(KeyException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 11, 12, 20, -16, -1})
    void tamperedCiphertext_isRejected(int position) {
        Encrypted encrypted = keys.encrypt(tenantA, "client-1", bytes("balance 1000000 CHF"), AAD);
        byte[] tampered = encrypted.ciphertext().clone();
        int index = position >= 0 ? position : tampered.length + position;
        tampered[index] ^= 0x01;

        assertThatThrownBy(() -> keys.decrypt(new Encrypted(encrypted.keyRef(), tampered), AAD))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining(encrypted.keyRef().toString());
    }

    @Test
    void truncatedCiphertext_isRejected() {
        Encrypted encrypted = keys.encrypt(tenantA, "client-1", bytes("balance"), AAD);
        byte[] truncated = Arrays.copyOf(encrypted.ciphertext(), 20);

        assertThatThrownBy(() -> keys.decrypt(new Encrypted(encrypted.keyRef(), truncated), AAD))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining(encrypted.keyRef().toString());
        assertThatThrownBy(() -> keys.decrypt(new Encrypted(encrypted.keyRef(), new byte[0]), AAD))
                .isInstanceOf(KeyException.class);
    }

    @Test
    void ciphertextOfOneEntity_cannotBeDecryptedAsAnother() {
        Encrypted ofAlice = keys.encrypt(tenantA, "alice", bytes("alice's portfolio"), AAD);
        Encrypted ofBob = keys.encrypt(tenantA, "bob", bytes("bob's portfolio"), AAD);

        Encrypted relabelled = new Encrypted(ofBob.keyRef(), ofAlice.ciphertext());

        assertThatThrownBy(() -> keys.decrypt(relabelled, AAD))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining(ofBob.keyRef().toString());
    }

    @Test
    void unknownDataKey_isRejected() {
        Encrypted encrypted = keys.encrypt(tenantA, "client-1", bytes("x"), AAD);
        KeyRef unknown = KeyRef.dataKey(tenantA, "never-seen", 1);
        KeyRef unknownVersion = KeyRef.dataKey(tenantA, "client-1", 7);

        assertThatThrownBy(() -> keys.decrypt(new Encrypted(unknown, encrypted.ciphertext()), AAD))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining(unknown.toString());
        assertThatThrownBy(() -> keys.decrypt(new Encrypted(unknownVersion, encrypted.ciphertext()), AAD))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining(unknownVersion.toString());
    }

    @Test
    void keyThatIsNotADataKey_cannotBeUsedToDecrypt() {
        Encrypted encrypted = keys.encrypt(tenantA, "client-1", bytes("x"), AAD);
        KeyRef signingKey = keys.signer(tenantA, "valuation-alerts").keyRef();

        assertThatThrownBy(() -> keys.decrypt(new Encrypted(KeyRef.tenantKek(tenantA, 1), encrypted.ciphertext()),
                AAD)).isInstanceOf(KeyException.class).hasMessageContaining("not a data key");
        assertThatThrownBy(() -> keys.decrypt(new Encrypted(signingKey, encrypted.ciphertext()), AAD))
                .isInstanceOf(KeyException.class).hasMessageContaining("not a data key");
    }

    @Test
    void dataKey_isStoredOnlyWrapped() throws GeneralSecurityException {
        Encrypted ofAlice = keys.encrypt(tenantA, "alice", bytes("alice's portfolio"), AAD);
        keys.encrypt(tenantA, "bob", bytes("bob's portfolio"), AAD);

        WrappedKey alice = repository.find(ofAlice.keyRef()).orElseThrow();
        WrappedKey bob = repository.latest(tenantA, "e/bob/dek").orElseThrow();

        assertThat(alice.algorithm()).isEqualTo("AES-256");
        assertThat(alice.wrappedBy()).isEqualTo(KeyRef.tenantKek(tenantA, 1));
        assertThat(alice.wrapped()).hasSize(12 + 32 + 16);
        assertThat(alice.publicPart()).isEmpty();
        assertThat(bob.wrapped()).isNotEqualTo(alice.wrapped());
        assertThat(Arrays.copyOfRange(bob.wrapped(), 12, 44)).isNotEqualTo(Arrays.copyOfRange(alice.wrapped(), 12, 44));
        for (int offset = 0; offset + 32 <= alice.wrapped().length; offset++) {
            byte[] window = Arrays.copyOfRange(alice.wrapped(), offset, offset + 32);
            assertThat(opensWith(window, ofAlice.ciphertext()))
                    .as("bytes %d..%d of the stored key must not be the data key", offset, offset + 32)
                    .isFalse();
        }
    }

    private static boolean opensWith(byte[] candidateKey, byte[] ciphertext) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(candidateKey, "AES"),
                new GCMParameterSpec(128, ciphertext, 0, 12));
        cipher.updateAAD(AAD);
        try {
            cipher.doFinal(ciphertext, 12, ciphertext.length - 12);
            return true;
        } catch (AEADBadTagException expected) {
            return false;
        }
    }

    @Test
    void tamperedWrappedKey_isRejected() {
        Encrypted encrypted = keys.encrypt(tenantA, "client-1", bytes("x"), AAD);
        WrappedKey stored = repository.find(encrypted.keyRef()).orElseThrow();
        InMemoryWrappedKeyRepository tamperedRepository = new InMemoryWrappedKeyRepository();
        byte[] tampered = stored.wrapped().clone();
        tampered[30] ^= 0x01;
        tamperedRepository.insert(new WrappedKey(stored.ref(), stored.algorithm(), stored.wrappedBy(), tampered,
                stored.publicPart(), stored.createdAt()));
        KeyService reading = open(tamperedRepository);

        assertThatThrownBy(() -> reading.decrypt(encrypted, AAD))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining(encrypted.keyRef().toString());
    }

    // ---- crypto-shredding

    @Test
    void shreddedEntity_cannotBeDecrypted_othersStillCan() {
        Encrypted ofAlice = keys.encrypt(tenantA, "alice", bytes("alice's portfolio"), AAD);
        Encrypted ofBob = keys.encrypt(tenantA, "bob", bytes("bob's portfolio"), AAD);
        Encrypted ofAliceInB = keys.encrypt(tenantB, "alice", bytes("another alice"), AAD);

        keys.destroyEntityKeys(tenantA, "alice");

        assertThatThrownBy(() -> keys.decrypt(ofAlice, AAD))
                .isInstanceOfSatisfying(EntityForgottenException.class,
                        e -> assertThat(e.entity()).isEqualTo("alice"));
        assertThat(keys.decrypt(ofBob, AAD)).isEqualTo(bytes("bob's portfolio"));
        assertThat(keys.decrypt(ofAliceInB, AAD)).isEqualTo(bytes("another alice"));
        assertThat(repository.find(ofAlice.keyRef())).isEmpty();
        assertThat(repository.isDestroyed(tenantA, ofAlice.keyRef().name())).isTrue();
    }

    @Test
    void shreddedEntity_cannotBeEncryptedToAgain() {
        keys.encrypt(tenantA, "alice", bytes("alice's portfolio"), AAD);

        keys.destroyEntityKeys(tenantA, "alice");

        assertThatThrownBy(() -> keys.encrypt(tenantA, "alice", bytes("more about alice"), AAD))
                .isInstanceOf(EntityForgottenException.class);
        assertThat(repository.latest(tenantA, "e/alice/dek")).isEmpty();
    }

    @Test
    void shredding_isIdempotent_andWorksBeforeFirstUse() {
        keys.destroyEntityKeys(tenantA, "never-encrypted");
        keys.destroyEntityKeys(tenantA, "never-encrypted");

        assertThatThrownBy(() -> keys.encrypt(tenantA, "never-encrypted", bytes("x"), AAD))
                .isInstanceOf(EntityForgottenException.class);
    }

    @Test
    void shredding_isSeenByAnotherServiceOverTheSameRepository() {
        Encrypted ofAlice = keys.encrypt(tenantA, "alice", bytes("alice's portfolio"), AAD);
        KeyService other = open(repository);

        keys.destroyEntityKeys(tenantA, "alice");

        assertThatThrownBy(() -> other.decrypt(ofAlice, AAD)).isInstanceOf(EntityForgottenException.class);
    }

    // ---- signing

    @Test
    void signature_verifies() {
        Signer signer = keys.signer(tenantA, "valuation-alerts");
        byte[] data = bytes("canonical envelope bytes");

        byte[] signature = signer.sign(data);

        assertThat(signer.keyRef()).isEqualTo(KeyRef.signingKey(tenantA, "valuation-alerts", 1));
        assertThat(signature).hasSize(64);
        assertThat(keys.verify(signer.keyRef(), data, signature)).isTrue();
        assertThat(keys.signer(tenantA, "valuation-alerts").keyRef()).isEqualTo(signer.keyRef());
    }

    @Test
    void signingKey_isStoredOnlyWrapped_withItsPublicKey() {
        Signer signer = keys.signer(tenantA, "valuation-alerts");

        WrappedKey stored = repository.find(signer.keyRef()).orElseThrow();

        assertThat(stored.algorithm()).isEqualTo("Ed25519");
        assertThat(stored.wrappedBy()).isEqualTo(KeyRef.tenantKek(tenantA, 1));
        assertThat(stored.wrapped()).hasSize(12 + 32 + 16);
        assertThat(stored.publicPart()).hasSize(32);
    }

    @Test
    void tamperedData_failsVerification() {
        Signer signer = keys.signer(tenantA, "valuation-alerts");
        byte[] signature = signer.sign(bytes("pay 100 CHF"));

        assertThat(keys.verify(signer.keyRef(), bytes("pay 900 CHF"), signature)).isFalse();
        assertThat(keys.verify(signer.keyRef(), new byte[0], signature)).isFalse();
    }

    @Test
    void tamperedOrMalformedSignature_failsVerification() {
        Signer signer = keys.signer(tenantA, "valuation-alerts");
        byte[] data = bytes("pay 100 CHF");
        byte[] signature = signer.sign(data);

        for (int i : new int[] {0, 31, 32, 63}) {
            byte[] tampered = signature.clone();
            tampered[i] ^= 0x01;
            assertThat(keys.verify(signer.keyRef(), data, tampered)).as("bit flipped in byte %d", i).isFalse();
        }
        assertThat(keys.verify(signer.keyRef(), data, Arrays.copyOf(signature, 63))).isFalse();
        assertThat(keys.verify(signer.keyRef(), data, new byte[0])).isFalse();
        assertThat(keys.verify(signer.keyRef(), data, new byte[64])).isFalse();
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 0xff);
        assertThat(keys.verify(signer.keyRef(), data, ones)).isFalse();
    }

    @Test
    void anotherInstallationsKey_doesNotVerify() {
        Signer alerts = keys.signer(tenantA, "valuation-alerts");
        Signer custody = keys.signer(tenantA, "custody");
        byte[] data = bytes("canonical envelope bytes");

        byte[] signature = alerts.sign(data);

        assertThat(custody.keyRef()).isNotEqualTo(alerts.keyRef());
        assertThat(keys.verify(custody.keyRef(), data, signature)).isFalse();
    }

    @Test
    void unknownKey_doesNotVerify() {
        Signer signer = keys.signer(tenantA, "valuation-alerts");
        byte[] data = bytes("canonical envelope bytes");
        byte[] signature = signer.sign(data);

        assertThat(keys.verify(KeyRef.signingKey(tenantA, "nobody", 1), data, signature)).isFalse();
        assertThat(keys.verify(KeyRef.signingKey(tenantA, "valuation-alerts", 2), data, signature)).isFalse();
        assertThat(keys.verify(KeyRef.tenantKek(tenantA, 1), data, signature)).isFalse();
        Encrypted encrypted = keys.encrypt(tenantA, "client-1", data, AAD);
        assertThat(keys.verify(encrypted.keyRef(), data, signature)).isFalse();
    }

    // ---- tenant isolation

    @Test
    void sameEntityInAnotherTenant_hasAnotherKey_andCannotReadTheCiphertext() {
        Encrypted inA = keys.encrypt(tenantA, "client-1", bytes("bank A's client"), AAD);
        Encrypted inB = keys.encrypt(tenantB, "client-1", bytes("bank B's client"), AAD);

        assertThat(repository.find(inA.keyRef()).orElseThrow().wrapped())
                .isNotEqualTo(repository.find(inB.keyRef()).orElseThrow().wrapped());
        assertThatThrownBy(() -> keys.decrypt(new Encrypted(inB.keyRef(), inA.ciphertext()), AAD))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining(inB.keyRef().toString());
    }

    @Test
    void dataKeyOfTenantACopiedToTenantB_isRejected() {
        Encrypted inA = keys.encrypt(tenantA, "client-1", bytes("bank A's client"), AAD);
        WrappedKey stolen = repository.find(inA.keyRef()).orElseThrow();
        KeyRef asB = KeyRef.dataKey(tenantB, "client-1", 1);
        repository.insert(new WrappedKey(asB, stolen.algorithm(), stolen.wrappedBy(), stolen.wrapped(),
                stolen.publicPart(), stolen.createdAt()));

        assertThatThrownBy(() -> keys.decrypt(new Encrypted(asB, inA.ciphertext()), AAD))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining(asB.toString());
    }

    @Test
    void dataKeyOfTenantARelabelledAsWrappedByTenantB_isRejected() {
        Encrypted inA = keys.encrypt(tenantA, "client-1", bytes("bank A's client"), AAD);
        WrappedKey stolen = repository.find(inA.keyRef()).orElseThrow();
        KeyRef asB = KeyRef.dataKey(tenantB, "client-1", 1);
        repository.insert(new WrappedKey(asB, stolen.algorithm(), KeyRef.tenantKek(tenantB, 1), stolen.wrapped(),
                stolen.publicPart(), stolen.createdAt()));

        assertThatThrownBy(() -> keys.decrypt(new Encrypted(asB, inA.ciphertext()), AAD))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining(asB.toString());
    }

    @Test
    void signatureOfTenantAsInstallation_doesNotVerifyAsTenantBsInstallation() {
        Signer inA = keys.signer(tenantA, "valuation-alerts");
        Signer inB = keys.signer(tenantB, "valuation-alerts");
        byte[] data = bytes("canonical envelope bytes");

        byte[] signature = inA.sign(data);

        assertThat(keys.verify(inB.keyRef(), data, signature)).isFalse();
        assertThat(keys.verify(inA.keyRef(), data, signature)).isTrue();
    }

    // ---- restart

    @Test
    void keysSurviveARestart() {
        Encrypted encrypted = keys.encrypt(tenantA, "client-1", bytes("written before the restart"), AAD);
        Signer signer = keys.signer(tenantA, "valuation-alerts");
        byte[] data = bytes("signed before the restart");
        byte[] signature = signer.sign(data);
        keys.close();

        KeyService restarted = open(repository);

        assertThat(restarted.hasTenantKey(tenantA)).isTrue();
        assertThat(restarted.decrypt(encrypted, AAD)).isEqualTo(bytes("written before the restart"));
        assertThat(restarted.verify(signer.keyRef(), data, signature)).isTrue();
        assertThat(restarted.encrypt(tenantA, "client-1", bytes("after"), AAD).keyRef()).isEqualTo(encrypted.keyRef());
        Signer sameSigner = restarted.signer(tenantA, "valuation-alerts");
        assertThat(sameSigner.keyRef()).isEqualTo(signer.keyRef());
        byte[] newSignature = sameSigner.sign(data);
        assertThat(restarted.verify(signer.keyRef(), data, newSignature)).isTrue();
    }

    @Test
    void closedService_refusesToWork() {
        Encrypted encrypted = keys.encrypt(tenantA, "client-1", bytes("x"), AAD);
        keys.close();

        assertThatThrownBy(() -> keys.decrypt(encrypted, AAD)).isInstanceOf(KeyException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> keys.encrypt(tenantA, "client-1", bytes("x"), AAD))
                .isInstanceOf(KeyException.class);
    }

    // ---- concurrency

    @Test
    void concurrentFirstEncryptsOfOneEntity_createOneKey() throws Exception {
        int threads = 8;
        List<Encrypted> results = runConcurrently(threads,
                i -> keys.encrypt(tenantA, "hot-entity", bytes("from thread " + i), AAD));

        assertThat(results).extracting(Encrypted::keyRef).containsOnly(KeyRef.dataKey(tenantA, "hot-entity", 1));
        assertThat(repository.find(KeyRef.dataKey(tenantA, "hot-entity", 2))).isEmpty();
        for (int i = 0; i < threads; i++) {
            assertThat(keys.decrypt(results.get(i), AAD)).isEqualTo(bytes("from thread " + i));
        }
    }

    @Test
    void concurrentFirstSignersOfOneInstallation_createOneKey() throws Exception {
        List<Signer> signers = runConcurrently(8, i -> keys.signer(tenantA, "hot-installation"));

        Set<KeyRef> refs = signers.stream().map(Signer::keyRef).collect(Collectors.toSet());
        assertThat(refs).containsExactly(KeyRef.signingKey(tenantA, "hot-installation", 1));
        byte[] signature = signers.get(3).sign(bytes("data"));
        assertThat(keys.verify(signers.get(5).keyRef(), bytes("data"), signature)).isTrue();
    }

    @Test
    void concurrentUseOfManyEntities_roundTrips() throws Exception {
        List<Boolean> ok = runConcurrently(8, i -> {
            for (int n = 0; n < 200; n++) {
                String entity = "entity-" + (n % 17);
                byte[] plaintext = bytes("thread " + i + " message " + n);
                Encrypted encrypted = keys.encrypt(tenantA, entity, plaintext, AAD);
                if (!Arrays.equals(keys.decrypt(encrypted, AAD), plaintext)) {
                    return false;
                }
            }
            return true;
        });

        assertThat(ok).containsOnly(true);
    }

    protected interface IndexedTask<T> {
        T run(int index) throws Exception;
    }

    /** Starts {@code threads} tasks at once (behind a latch) and returns their results in index order. */
    protected static <T> List<T> runConcurrently(int threads, IndexedTask<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> call = () -> {
                    ready.countDown();
                    go.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
