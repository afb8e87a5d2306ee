package io.mosaic.identity.phototan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mosaic.keycloak.phototan.ActivationLetter;
import io.mosaic.keycloak.phototan.Challenge;
import io.mosaic.keycloak.phototan.MosaicCode;
import io.mosaic.keycloak.phototan.OperationDetails;
import io.mosaic.keycloak.phototan.PhotoTanCrypto;
import io.mosaic.keycloak.phototan.PhotoTanException;
import io.mosaic.keycloak.phototan.PhotoTanImage;
import io.mosaic.keycloak.phototan.TanCheck;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Test vectors for the browser device emulator ({@code platform-core/server/.../web/device.html}): a saved device,
 * an activation letter, challenges (for the device, for another device, expired, corrupted) and what the Java
 * {@link DeviceEmulator} reads from them. Written to {@code target/device-vectors/}; the browser check
 * {@code platform-core/server/src/test/browser/device-check.mjs} asserts that the page reads the same values.
 * The key pairs and secrets are fresh at every run: the expected values are recorded in {@code vectors.json}.
 */
class DeviceVectorsTest {
    private static final String REALM = "demo";
    private static final String USER = "anna";
    /** The challenges are made "now" in 2100, so that the browser (which checks the expiry) still accepts them. */
    private static final Instant FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z");
    private static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");
    private static final OperationDetails INSTALL = OperationDetails.installApp(REALM, "valuation-alerts", "1.0.0",
            List.of("notifications.send", "assets.read"));

    private static Path vectorsDirectory() throws Exception {
        // surefire runs in the module directory; "basedir" is set when it does not
        Path module = Path.of(System.getProperty("basedir", "."));
        return Files.createDirectories(module.resolve("target").resolve("device-vectors"));
    }

    @Test
    void writesVectors_thatTheJavaEmulatorReadsBack() throws Exception {
        Path dir = vectorsDirectory();
        DeviceEmulator device = DeviceEmulator.create();
        Path deviceFile = dir.resolve("device.properties");
        device.save(deviceFile);

        // Activation letter for demo/anna, as a PNG and as a text file holding the data: URI
        ActivationLetter letter = ActivationLetter.issue(REALM, USER);
        byte[] letterPng = PhotoTanImage.mosaicPng(letter.toBytes());
        Files.write(dir.resolve("letter.png"), letterPng);
        Files.writeString(dir.resolve("letter.datauri.txt"), PhotoTanImage.dataUri(letterPng), StandardCharsets.US_ASCII);
        String enrolmentCode = device.enrol(letterPng);
        assertThat(PhotoTanCrypto.verifyEnrolmentCode(letter, enrolmentCode)).isEqualTo(device.publicKey());

        // A challenge through the platform's API (dynamic linking), at a clock set to 2100
        DeviceRegistry registry = (tenant, user) -> tenant.equals(REALM) && user.equals(USER)
                ? Optional.of(PhotoTanCrypto.verifyEnrolmentCode(letter, enrolmentCode)) : Optional.empty();
        PhotoTan photoTan = new PhotoTan(registry, Clock.fixed(FAR_FUTURE, ZoneOffset.UTC), Duration.ofMinutes(5), 3);
        PhotoTan.Confirmation confirmation = photoTan.challenge(REALM, USER, INSTALL);
        Files.write(dir.resolve("challenge.png"), confirmation.mosaicPng());
        DeviceEmulator.Reading reading = device.read(confirmation.mosaicPng());
        assertThat(photoTan.verify(confirmation.challengeId(), INSTALL, reading.tan())).isEqualTo(TanCheck.CONFIRMED);

        // The same kind of challenge sealed to another device
        DeviceEmulator other = DeviceEmulator.create();
        Challenge foreign = Challenge.create(INSTALL, FAR_FUTURE);
        byte[] foreignPng = PhotoTanImage.mosaicPng(foreign.sealTo(other.publicKey()));
        Files.write(dir.resolve("challenge-other-device.png"), foreignPng);
        assertThat(other.read(foreignPng).tan()).isEqualTo(foreign.expectedTan());

        // An expired challenge for this device
        Challenge expired = Challenge.create(OperationDetails.destroyKeys(REALM, "client-17"), LONG_AGO);
        byte[] expiredPng = PhotoTanImage.mosaicPng(expired.sealTo(device.publicKey()));
        Files.write(dir.resolve("challenge-expired.png"), expiredPng);

        // A challenge whose mosaic has one altered data cell: the frame's CRC-32 no longer matches
        Challenge altered = Challenge.create(INSTALL, FAR_FUTURE);
        byte[] corruptPng = corruptedMosaic(altered.sealTo(device.publicKey()));
        Files.write(dir.resolve("challenge-corrupt.png"), corruptPng);

        Map<String, Object> vectors = new LinkedHashMap<>();
        vectors.put("device", ordered("file", "device.properties", "deviceId", device.deviceId(),
                "publicKey", PhotoTanCrypto.encodePublicKey(device.publicKey())));
        vectors.put("letter", ordered("file", "letter.png", "dataUriFile", "letter.datauri.txt",
                "realm", REALM, "user", USER, "enrolmentCode", enrolmentCode));
        vectors.put("challenge", ordered("file", "challenge.png", "challengeId", reading.challengeId(),
                "operation", reading.details().operation(), "lines", reading.displayLines(),
                "expiresAt", reading.expiresAt().toString(), "tan", reading.tan()));
        vectors.put("foreignChallenge", ordered("file", "challenge-other-device.png",
                "error", "This photoTAN was not made for this device"));
        vectors.put("expiredChallenge", ordered("file", "challenge-expired.png",
                "expiresAt", expired.expiresAt().toString(), "error", "expired"));
        vectors.put("corruptChallenge", ordered("file", "challenge-corrupt.png", "error", "CRC mismatch"));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("vectors.json").toFile(), vectors);

        // The Java emulator, loaded from the saved file, reads the written images and gives the recorded values
        DeviceEmulator loaded = DeviceEmulator.load(deviceFile);
        assertThat(loaded.deviceId()).isEqualTo(device.deviceId());
        assertThat(loaded.enrol(Files.readAllBytes(dir.resolve("letter.png")))).isEqualTo(enrolmentCode);
        assertThat(loaded.enrol(Files.readAllBytes(dir.resolve("letter.datauri.txt")))).isEqualTo(enrolmentCode);
        DeviceEmulator.Reading again = loaded.read(Files.readAllBytes(dir.resolve("challenge.png")));
        assertThat(again.challengeId()).isEqualTo(confirmation.challengeId());
        assertThat(again.tan()).isEqualTo(reading.tan());
        assertThat(again.displayLines()).isEqualTo(confirmation.displayLines()).containsExactly(
                "Confirm: marketplace.install", "  tenant: demo", "  app: valuation-alerts", "  version: 1.0.0",
                "  scopes: assets.read, notifications.send");
        assertThat(again.expiresAt()).isEqualTo(FAR_FUTURE.plus(Duration.ofMinutes(5)));
        assertThat(Files.readString(dir.resolve("vectors.json"))).contains(enrolmentCode, reading.tan(), reading.challengeId());

        assertThatThrownBy(() -> loaded.read(Files.readAllBytes(dir.resolve("challenge-other-device.png"))))
                .isInstanceOf(PhotoTanException.class).hasMessageContaining("not sealed to this device");
        assertThatThrownBy(() -> loaded.read(Files.readAllBytes(dir.resolve("challenge-expired.png"))))
                .isInstanceOf(PhotoTanException.class).hasMessageContaining("expired at " + LONG_AGO);
        assertThatThrownBy(() -> MosaicCode.decode(ImageIO.read(dir.resolve("challenge-corrupt.png").toFile())))
                .isInstanceOf(PhotoTanException.class).hasMessageContaining("checksum does not match");
        assertThatThrownBy(() -> loaded.read(Files.readAllBytes(dir.resolve("challenge-corrupt.png"))))
                .isInstanceOf(PhotoTanException.class);
    }

    /** The mosaic of {@code payload} with one data cell in another colour (a symbol well inside the payload). */
    private static byte[] corruptedMosaic(byte[] payload) throws Exception {
        BufferedImage image = MosaicCode.encode(payload);
        int side = image.getWidth() / MosaicCode.CELL - 1;
        int symbol = 40; // bits 120..122: past the 16-bit length, inside the sealed bytes
        int x0 = (1 + symbol % side) * MosaicCode.CELL;
        int y0 = (1 + symbol / side) * MosaicCode.CELL;
        int flipped = image.getRGB(x0, y0) ^ 0x00ff0000; // toggles the cell's red bit
        for (int y = y0; y < y0 + MosaicCode.CELL; y++) {
            for (int x = x0; x < x0 + MosaicCode.CELL; x++) {
                image.setRGB(x, y, flipped);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
