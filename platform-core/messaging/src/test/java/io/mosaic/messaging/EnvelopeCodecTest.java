package io.mosaic.messaging;

import io.mosaic.hsm.KeyRef;
import io.mosaic.messaging.EnvelopeRejectedException.Reason;
import io.mosaic.sdk.PluginId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Example;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeCodecTest {

    @Property(tries = 300)
    void wireEncoding_roundTrips(@ForAll("envelopes") SignedEnvelope envelope) {
        SignedEnvelope decoded = EnvelopeCodec.decode(EnvelopeCodec.encode(envelope));

        assertThat(decoded.header()).isEqualTo(envelope.header());
        assertThat(decoded.payload()).isEqualTo(envelope.payload());
        assertThat(decoded.signature()).isEqualTo(envelope.signature());
        assertThat(decoded.signerKeyRef()).isEqualTo(envelope.signerKeyRef());
        assertThat(EnvelopeCodec.encode(decoded)).isEqualTo(EnvelopeCodec.encode(envelope));
    }

    @Property(tries = 300)
    void signedBytes_areThePrefixOfTheWireForm_andTheAssociatedDataThePrefixWithoutKeyRef(
            @ForAll("envelopes") SignedEnvelope envelope) {
        byte[] signed = EnvelopeCodec.signedBytes(envelope.header(), envelope.payload());
        byte[] wire = EnvelopeCodec.encode(envelope);
        byte[] aad = EnvelopeCodec.associatedData(envelope.header());

        int kind = EnvelopeCodec.MAGIC.length + 1;
        assertThat(signed[kind]).isEqualTo(EnvelopeCodec.KIND_SIGNED);
        assertThat(aad[kind]).isEqualTo(EnvelopeCodec.KIND_ASSOCIATED_DATA);
        assertThat(Arrays.equals(signed, kind + 1, signed.length, wire, kind + 1, signed.length)).isTrue();
        assertThat(Arrays.equals(aad, kind + 1, aad.length, signed, kind + 1, aad.length)).isTrue();
        int keyRefPresence = aad.length;
        assertThat(signed[keyRefPresence]).isEqualTo((byte) (envelope.header().keyRef().isPresent() ? 1 : 0));
    }

    @Property(tries = 200)
    void differentHeaders_haveDifferentSignedBytes(@ForAll("envelopes") SignedEnvelope a,
                                                   @ForAll("envelopes") SignedEnvelope b) {
        boolean same = a.header().equals(b.header()) && Arrays.equals(a.payload(), b.payload());
        assertThat(Arrays.equals(EnvelopeCodec.signedBytes(a.header(), a.payload()),
                EnvelopeCodec.signedBytes(b.header(), b.payload()))).isEqualTo(same);
    }

    @Example
    void fieldBoundaries_cannotBeShifted() {
        // "ab" + "c" and "a" + "bc" as subject/entity must not encode alike
        EnvelopeHeader one = header("ab", "c");
        EnvelopeHeader two = header("a", "bc");
        assertThat(EnvelopeCodec.signedBytes(one, new byte[0])).isNotEqualTo(EnvelopeCodec.signedBytes(two, new byte[0]));
        assertThat(EnvelopeCodec.associatedData(one)).isNotEqualTo(EnvelopeCodec.associatedData(two));
    }

    private static EnvelopeHeader header(String subject, String entity) {
        return new EnvelopeHeader(new UUID(1, 2), "demo", "assets.X", 1, new PluginId("assets", "1"), subject,
                new UUID(3, 4), null, Instant.EPOCH, entity, KeyRef.dataKey("demo", "e1", 1));
    }

    @Example
    void associatedData_ignoresKeyRef_butSignedBytesDoNot() {
        EnvelopeHeader v1 = header("s", "e1");
        EnvelopeHeader v2 = v1.withKeyRef(KeyRef.dataKey("demo", "e1", 2));

        assertThat(EnvelopeCodec.associatedData(v1)).isEqualTo(EnvelopeCodec.associatedData(v2));
        assertThat(EnvelopeCodec.signedBytes(v1, new byte[0])).isNotEqualTo(EnvelopeCodec.signedBytes(v2, new byte[0]));
    }

    @Example
    void loneSurrogate_hasNoCanonicalEncoding() {
        EnvelopeHeader header = header("bad \uD800 subject", "e1");

        assertThatThrownBy(() -> EnvelopeCodec.signedBytes(header, new byte[0]))
                .isInstanceOf(MessagingException.class).hasMessageContaining("subject");
    }

    @Example
    void malformedWireBytes_areRejectedWithFieldAndOffset() {
        SignedEnvelope envelope = TestEnvelopes.envelope("demo", "assets.X", "e1", 5);
        byte[] wire = EnvelopeCodec.encode(envelope);

        byte[] badMagic = wire.clone();
        badMagic[0] = 'X';
        assertMalformed(badMagic, "magic");

        byte[] badVersion = wire.clone();
        badVersion[EnvelopeCodec.MAGIC.length] = 2;
        assertMalformed(badVersion, "version 2");

        byte[] signedKind = wire.clone();
        signedKind[EnvelopeCodec.MAGIC.length + 1] = EnvelopeCodec.KIND_SIGNED;
        assertMalformed(signedKind, "not the wire form");

        byte[] hugeTenant = wire.clone();
        int tenantLength = EnvelopeCodec.MAGIC.length + 2 + 16;
        hugeTenant[tenantLength] = (byte) 0xff; // length 0xff000004: more than is left; negative as i32
        assertMalformed(hugeTenant, "tenant");

        byte[] badUtf8 = wire.clone();
        badUtf8[tenantLength + 4] = (byte) 0xc0; // "demo" -> an overlong lead byte
        assertMalformed(badUtf8, "not well-formed UTF-8");

        assertMalformed(new byte[0], "magic");
        assertMalformed(HexFormat.of().parseHex("4d4f534149432d454e560103"), "truncated in field id");
    }

    private static void assertMalformed(byte[] bytes, String message) {
        assertThatThrownBy(() -> EnvelopeCodec.decode(bytes))
                .isInstanceOfSatisfying(EnvelopeRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
                .hasMessageContaining(message);
    }

    @Provide
    Arbitrary<SignedEnvelope> envelopes() {
        Arbitrary<String> text = Arbitraries.strings()
                .withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFD')
                .withChars("\uD83D\uDE00".toCharArray()) // half of a pair alone would be refused: see below
                .ofMaxLength(40)
                .filter(EnvelopeCodecTest::wellFormed);
        Arbitrary<String> tenant = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<UUID> uuid = Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
        Arbitrary<PluginId> sender = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10),
                Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(5)).as(PluginId::new);
        Arbitrary<Instant> instant = Combinators.combine(
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
        Arbitrary<String> keyName = Arbitraries.strings().withCharRange('a', 'z').withChars("/-_.:|0123456789")
                .ofMinLength(1).ofMaxLength(30).map(s -> "k" + s);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);

        Arbitrary<EnvelopeHeader> header = Combinators.combine(uuid, tenant, text, Arbitraries.integers().between(1, Integer.MAX_VALUE),
                sender, text, uuid, uuid.injectNull(0.5)).as((id, t, type, version, from, subject, correlation, causation) ->
                        new EnvelopeHeader(id, t, type, version, from, subject, correlation, causation, Instant.EPOCH, null, null))
                .flatMap(h -> Combinators.combine(instant, text.injectNull(0.4), keyName,
                        Arbitraries.integers().between(1, Integer.MAX_VALUE)).as((at, entity, name, keyVersion) ->
                        new EnvelopeHeader(h.id(), h.tenant(), h.type(), h.schemaVersion(), h.sender(), h.subject(),
                                h.correlationId(), h.causationIdOrNull(), at, entity,
                                entity == null ? null : new KeyRef(h.tenant(), name, keyVersion))));
        return Combinators.combine(header, bytes, bytes, keyName).as((h, payload, signature, name) ->
                new SignedEnvelope(h, payload, signature, new KeyRef(h.tenant(), name, 1)));
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
