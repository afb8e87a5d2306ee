package io.mosaic.messaging;

import io.mosaic.hsm.InMemoryWrappedKeyRepository;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.Signer;
import io.mosaic.hsm.SoftwareKeyService;
import io.mosaic.messaging.EnvelopeRejectedException.Reason;
import io.mosaic.sdk.EntityForgottenException;
import io.mosaic.sdk.PluginId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sealing and opening with the software key service; every attack names what it tries. */
class EnvelopeSealerTest {
    private static final String TENANT = "demo";
    private static final PluginId ASSETS = new PluginId("assets", "1.0.0");

    record ValuationRecorded(String assetId, BigDecimal amount, String currency, LocalDate valuedOn) {
    }

    @TempDir
    Path dir;
    private SoftwareKeyService keys;
    private EnvelopeSealer sealer;
    private Signer assetsSigner;

    @BeforeEach
    void setUp() {
        keys = SoftwareKeyService.open(dir.resolve("keys.p12"), "secret".toCharArray(),
                new InMemoryWrappedKeyRepository(), Clock.systemUTC());
        keys.createTenantKey(TENANT);
        keys.createTenantKey("other");
        sealer = new EnvelopeSealer(keys);
        assetsSigner = keys.signer(TENANT, "assets");
    }

    @AfterEach
    void tearDown() {
        keys.close();
    }

    private static EnvelopeHeader header(String tenant, PluginId sender, String type, String entity) {
        return new EnvelopeHeader(UUID.randomUUID(), tenant, type, 1, sender, "advisor:anna", UUID.randomUUID(),
                null, Instant.parse("2026-03-01T10:00:00Z"), entity,
                entity == null ? null : KeyRef.dataKey(tenant, entity, 1));
    }

    private static byte[] json() {
        return PayloadCodec.toJson(new ValuationRecorded("asset-42", new BigDecimal("1250000.00"), "CHF",
                LocalDate.parse("2026-02-28")));
    }

    private SignedEnvelope sealedForEntity(String entity) {
        return sealer.seal(header(TENANT, ASSETS, "assets.ValuationRecorded", entity), json(), assetsSigner);
    }

    private static SignedEnvelope withHeader(SignedEnvelope e, EnvelopeHeader header) {
        return new SignedEnvelope(header, e.payload(), e.signature(), e.signerKeyRef());
    }

    private static EnvelopeHeader copy(EnvelopeHeader h, String tenant, String type, PluginId sender, String entity) {
        return new EnvelopeHeader(h.id(), tenant, type, h.schemaVersion(), sender, h.subject(), h.correlationId(),
                h.causationIdOrNull(), h.occurredAt(), entity, h.keyRefOrNull());
    }

    private void assertRejected(SignedEnvelope envelope, Reason reason) {
        assertThatThrownBy(() -> sealer.open(envelope))
                .isInstanceOfSatisfying(EnvelopeRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(envelope.header().id().toString());
    }

    @Test
    void envelopeWithEntity_isEncryptedSignedAndOpensToThePlaintext() {
        SignedEnvelope sealed = sealedForEntity("asset-42");

        assertThat(sealed.header().keyRef()).hasValueSatisfying(ref -> {
            assertThat(ref.tenant()).isEqualTo(TENANT);
            assertThat(ref.name()).isEqualTo("e/asset-42/dek");
        });
        assertThat(new String(sealed.payload(), StandardCharsets.ISO_8859_1)).doesNotContain("1250000.00");
        assertThat(sealed.signerKeyRef()).isEqualTo(assetsSigner.keyRef());
        assertThat(sealer.verify(sealed)).isTrue();

        EnvelopeSealer.Opened opened = sealer.open(sealed);
        assertThat(opened.header()).isEqualTo(sealed.header());
        assertThat(PayloadCodec.fromJson(opened.payload(), ValuationRecorded.class).amount())
                .isEqualTo(new BigDecimal("1250000.00"));
    }

    @Test
    void envelopeWithoutEntity_carriesPlainJson_andOpens() {
        byte[] payload = json();
        SignedEnvelope sealed = sealer.seal(header(TENANT, ASSETS, "assets.ValuationRecorded", null), payload, assetsSigner);

        assertThat(sealed.payload()).isEqualTo(payload);
        assertThat(sealer.open(sealed).payload()).isEqualTo(payload);
    }

    @Test
    void tamperedPayload_isRejected() {
        for (String entity : Arrays.asList("asset-42", null)) {
            SignedEnvelope sealed = sealer.seal(header(TENANT, ASSETS, "assets.ValuationRecorded", entity), json(),
                    assetsSigner);
            byte[] payload = sealed.payload().clone();
            payload[payload.length / 2] ^= 0x01;
            SignedEnvelope tampered = new SignedEnvelope(sealed.header(), payload, sealed.signature(), sealed.signerKeyRef());

            assertRejected(tampered, Reason.BAD_SIGNATURE);
            assertThat(sealer.verify(tampered)).isFalse();
        }
    }

    @Test
    void tamperedHeader_isRejected() {
        SignedEnvelope sealed = sealedForEntity("asset-42");
        EnvelopeHeader h = sealed.header();

        SignedEnvelope otherType = withHeader(sealed, copy(h, h.tenant(), "assets.AssetDeleted", h.sender(), h.entityOrNull()));
        SignedEnvelope otherTenant = withHeader(sealed, copy(h, "other", h.type(), h.sender(), h.entityOrNull()));
        SignedEnvelope otherEntity = withHeader(sealed, copy(h, h.tenant(), h.type(), h.sender(), "asset-43"));
        SignedEnvelope otherSender = withHeader(sealed, copy(h, h.tenant(), h.type(), new PluginId("assets", "9.9.9"),
                h.entityOrNull()));
        SignedEnvelope otherSubject = withHeader(sealed, new EnvelopeHeader(h.id(), h.tenant(), h.type(),
                h.schemaVersion(), h.sender(), "advisor:mallory", h.correlationId(), h.causationIdOrNull(),
                h.occurredAt(), h.entityOrNull(), h.keyRefOrNull()));

        for (SignedEnvelope tampered : new SignedEnvelope[]{otherType, otherTenant, otherEntity, otherSender, otherSubject}) {
            assertRejected(tampered, Reason.BAD_SIGNATURE);
            assertThat(sealer.verify(tampered)).isFalse();
        }
    }

    @Test
    void envelopeClaimingAnotherSender_isRejected_evenWhenItsOwnSignatureIsValid() {
        // the custody installation signs an envelope that claims to come from assets
        Signer custody = keys.signer(TENANT, "custody");
        EnvelopeHeader claimsAssets = header(TENANT, ASSETS, "assets.ValuationRecorded", null);
        byte[] payload = json();
        byte[] signature = custody.sign(EnvelopeCodec.signedBytes(claimsAssets, payload));
        SignedEnvelope forged = new SignedEnvelope(claimsAssets, payload, signature, custody.keyRef());

        assertThat(keys.verify(custody.keyRef(), EnvelopeCodec.signedBytes(claimsAssets, payload), signature)).isTrue();
        assertRejected(forged, Reason.BAD_SIGNATURE);
        assertThatThrownBy(() -> sealer.seal(claimsAssets, payload, custody))
                .isInstanceOf(MessagingException.class).hasMessageContaining("not a key of sender assets@1.0.0");
    }

    @Test
    void signatureOfOtherInstallation_isRejected() {
        // the same envelope, signature replaced by the custody installation's, signer reference left as is
        SignedEnvelope sealed = sealedForEntity("asset-42");
        byte[] otherSignature = keys.signer(TENANT, "custody")
                .sign(EnvelopeCodec.signedBytes(sealed.header(), sealed.payload()));
        SignedEnvelope swapped = new SignedEnvelope(sealed.header(), sealed.payload(), otherSignature, sealed.signerKeyRef());

        assertRejected(swapped, Reason.BAD_SIGNATURE);
    }

    @Test
    void signatureOfOtherPlatformKeyStore_isRejected() {
        // another deployment has an "assets" installation key under the same name, but it is another key
        try (SoftwareKeyService elsewhere = SoftwareKeyService.open(dir.resolve("elsewhere.p12"), "x".toCharArray(),
                new InMemoryWrappedKeyRepository(), Clock.systemUTC())) {
            elsewhere.createTenantKey(TENANT);
            keys.signer(TENANT, "assets"); // exists here too
            EnvelopeHeader h = header(TENANT, ASSETS, "assets.ValuationRecorded", null);
            SignedEnvelope foreign = new EnvelopeSealer(elsewhere).seal(h, json(), elsewhere.signer(TENANT, "assets"));
            assertThat(foreign.signerKeyRef()).isEqualTo(assetsSigner.keyRef());

            assertRejected(foreign, Reason.BAD_SIGNATURE);
        }
    }

    @Test
    void envelopeFromOtherTenant_isRejected() {
        // signed by the assets key of tenant "other", claiming tenant "demo"
        EnvelopeHeader h = header(TENANT, ASSETS, "assets.ValuationRecorded", null);
        Signer otherTenantSigner = keys.signer("other", "assets");
        byte[] payload = json();
        SignedEnvelope envelope = new SignedEnvelope(h, payload,
                otherTenantSigner.sign(EnvelopeCodec.signedBytes(h, payload)), otherTenantSigner.keyRef());

        assertThatThrownBy(() -> sealer.open(envelope))
                .isInstanceOfSatisfying(EnvelopeRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE))
                .hasMessageContaining("belongs to tenant 'other'");
    }

    @Test
    void ciphertextMovedToOtherEntity_isRejected() {
        SignedEnvelope ofAsset42 = sealedForEntity("asset-42");
        SignedEnvelope ofAsset43 = sealedForEntity("asset-43");
        EnvelopeHeader target = ofAsset43.header();

        // an insider who can sign as assets re-signs asset-42's ciphertext inside an envelope of asset-43
        SignedEnvelope underTargetKey = resign(target, ofAsset42.payload());
        assertRejected(underTargetKey, Reason.DECRYPTION_FAILED);

        // ... or keeps asset-42's key reference
        EnvelopeHeader keepsKey = new EnvelopeHeader(target.id(), target.tenant(), target.type(), target.schemaVersion(),
                target.sender(), target.subject(), target.correlationId(), null, target.occurredAt(), "asset-43",
                ofAsset42.header().keyRefOrNull());
        SignedEnvelope withSourceKey = resign(keepsKey, ofAsset42.payload());
        assertRejected(withSourceKey, Reason.DECRYPTION_FAILED);

        // ... or moves it to another envelope of the same entity (other id): the associated data binds the id
        EnvelopeHeader source = ofAsset42.header();
        EnvelopeHeader otherId = new EnvelopeHeader(UUID.randomUUID(), source.tenant(), source.type(),
                source.schemaVersion(), source.sender(), source.subject(), source.correlationId(), null,
                source.occurredAt(), source.entityOrNull(), source.keyRefOrNull());
        assertRejected(resign(otherId, ofAsset42.payload()), Reason.DECRYPTION_FAILED);
    }

    private SignedEnvelope resign(EnvelopeHeader header, byte[] payload) {
        return new SignedEnvelope(header, payload, assetsSigner.sign(EnvelopeCodec.signedBytes(header, payload)),
                assetsSigner.keyRef());
    }

    @Test
    void forgottenEntity_isRejectedAsForgotten() {
        SignedEnvelope sealed = sealedForEntity("client-7");
        keys.destroyEntityKeys(TENANT, "client-7");

        assertRejected(sealed, Reason.ENTITY_FORGOTTEN);
        assertThatThrownBy(() -> sealedForEntity("client-7")).isInstanceOf(EntityForgottenException.class);
    }

    @Test
    void signatureIsCheckedBeforeDecryption() {
        SignedEnvelope sealed = sealedForEntity("client-8");
        keys.destroyEntityKeys(TENANT, "client-8");
        byte[] signature = sealed.signature().clone();
        signature[0] ^= 0x01;

        assertRejected(new SignedEnvelope(sealed.header(), sealed.payload(), signature, sealed.signerKeyRef()),
                Reason.BAD_SIGNATURE);
    }

    @Test
    void truncatedWireBytes_isRejected() {
        byte[] wire = EnvelopeCodec.encode(sealedForEntity("asset-42"));

        for (int length = 0; length < wire.length; length++) {
            byte[] truncated = Arrays.copyOf(wire, length);
            assertThatThrownBy(() -> EnvelopeCodec.decode(truncated)).as("truncated to %d bytes", length)
                    .isInstanceOfSatisfying(EnvelopeRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        }
        SignedEnvelope decoded = EnvelopeCodec.decode(wire);
        assertThat(sealer.open(decoded).payload()).isEqualTo(json());
    }

    @Test
    void wireBytesWithTrailingGarbage_isRejected() {
        byte[] wire = EnvelopeCodec.encode(sealedForEntity("asset-42"));
        byte[] longer = Arrays.copyOf(wire, wire.length + 1);

        assertThatThrownBy(() -> EnvelopeCodec.decode(longer))
                .isInstanceOf(EnvelopeRejectedException.class).hasMessageContaining("1 trailing bytes");
    }

    @Test
    void flippedBitAnywhereInWireBytes_neverOpens() {
        byte[] wire = EnvelopeCodec.encode(sealedForEntity("asset-42"));

        for (int i = 0; i < wire.length; i++) {
            byte[] flipped = wire.clone();
            flipped[i] ^= 0x04;
            assertThatThrownBy(() -> sealer.open(EnvelopeCodec.decode(flipped))).as("bit flipped in byte %d", i)
                    .isInstanceOf(EnvelopeRejectedException.class);
        }
    }
}
