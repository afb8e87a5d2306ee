package io.mosaic.messaging;

import io.mosaic.hsm.KeyRef;
import io.mosaic.sdk.PluginId;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks every test vector of {@code docs/envelope.md} against the codec and Bouncy Castle's Ed25519. */
class EnvelopeTestVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void everyVectorOfTheDocument_matchesCodecAndSignature() throws IOException {
        List<Map<String, String>> vectors = vectors(Files.readString(envelopeDoc(), StandardCharsets.UTF_8));

        assertThat(vectors).as("vectors in docs/envelope.md").hasSizeGreaterThanOrEqualTo(2);
        assertThat(vectors).anySatisfy(v -> assertThat(v.get("entity")).isEqualTo("absent"));
        assertThat(vectors).anySatisfy(v -> assertThat(v.get("entity")).isNotEqualTo("absent"));
        for (Map<String, String> vector : vectors) {
            check(vector);
        }
    }

    private static void check(Map<String, String> v) {
        String name = v.get("name");
        EnvelopeHeader header = header(v);
        byte[] payload = HEX.parseHex(v.get("payload-hex"));

        byte[] signed = EnvelopeCodec.signedBytes(header, payload);
        assertThat(HEX.formatHex(signed)).as("%s: signed bytes", name).isEqualTo(v.get("signed-hex"));
        assertThat(HEX.formatHex(EnvelopeCodec.associatedData(header))).as("%s: associated data", name)
                .isEqualTo(v.get("aad-hex"));

        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(HEX.parseHex(v.get("seed-hex")), 0);
        assertThat(HEX.formatHex(key.generatePublicKey().getEncoded())).as("%s: public key", name)
                .isEqualTo(v.get("public-key-hex"));
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(signed, 0, signed.length);
        byte[] signature = signer.generateSignature();
        assertThat(HEX.formatHex(signature)).as("%s: signature", name).isEqualTo(v.get("signature-hex"));

        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(HEX.parseHex(v.get("public-key-hex")), 0));
        verifier.update(signed, 0, signed.length);
        assertThat(verifier.verifySignature(HEX.parseHex(v.get("signature-hex")))).as("%s: verifies", name).isTrue();

        SignedEnvelope envelope = new SignedEnvelope(header, payload, signature, KeyRef.parse(v.get("signer-key-ref")));
        byte[] wire = EnvelopeCodec.encode(envelope);
        assertThat(HEX.formatHex(wire)).as("%s: wire bytes", name).isEqualTo(v.get("wire-hex"));
        SignedEnvelope decoded = EnvelopeCodec.decode(HEX.parseHex(v.get("wire-hex")));
        assertThat(decoded.header()).as("%s: decoded header", name).isEqualTo(header);
        assertThat(decoded.payload()).isEqualTo(payload);
        assertThat(decoded.signature()).isEqualTo(signature);
        assertThat(decoded.signerKeyRef()).isEqualTo(envelope.signerKeyRef());
    }

    private static EnvelopeHeader header(Map<String, String> v) {
        return new EnvelopeHeader(UUID.fromString(v.get("id")), v.get("tenant"), v.get("type"),
                Integer.parseInt(v.get("schema-version")), PluginId.parse(v.get("sender")), v.get("subject"),
                UUID.fromString(v.get("correlation-id")), absentOr(v.get("causation-id"), UUID::fromString),
                Instant.parse(v.get("occurred-at")), absentOr(v.get("entity"), s -> s),
                absentOr(v.get("key-ref"), KeyRef::parse));
    }

    private static <T> T absentOr(String value, java.util.function.Function<String, T> parse) {
        return "absent".equals(value) ? null : parse.apply(value);
    }

    /** The {@code ```vector} blocks: one {@code key: value} per line. */
    static List<Map<String, String>> vectors(String markdown) {
        List<Map<String, String>> vectors = new ArrayList<>();
        Map<String, String> current = null;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().equals("```vector")) {
                current = new LinkedHashMap<>();
            } else if (current != null && line.strip().equals("```")) {
                vectors.add(current);
                current = null;
            } else if (current != null && !line.isBlank()) {
                int colon = line.indexOf(": ");
                assertThat(colon).as("vector line '%s' is key: value", line).isPositive();
                current.put(line.substring(0, colon).strip(), line.substring(colon + 2).strip());
            }
        }
        assertThat(current).as("unterminated vector block").isNull();
        return vectors;
    }

    /** {@code docs/envelope.md} of the repository, found from the working directory upwards. */
    static Path envelopeDoc() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("docs").resolve("envelope.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("docs/envelope.md not found above " + dir);
    }
}
