package io.mosaic.identity.phototan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mosaic.keycloak.phototan.ActivationLetter;
import io.mosaic.keycloak.phototan.Challenge;
import io.mosaic.keycloak.phototan.OperationDetails;
import io.mosaic.keycloak.phototan.PhotoTanCrypto;
import io.mosaic.keycloak.phototan.PhotoTanImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator's command line: enrol from an activation image, then read a challenge image. */
class DeviceEmulatorCliTest {
    @TempDir
    Path dir;

    @Test
    void enrolsAndReadsAChallenge() throws Exception {
        ActivationLetter letter = ActivationLetter.issue("alpine", "anna");
        Path letterPng = Files.write(dir.resolve("letter.png"), PhotoTanImage.mosaicPng(letter.toBytes()));
        Path deviceFile = dir.resolve("device.properties");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = DeviceEmulator.run(new String[]{"enrol", deviceFile.toString(), letterPng.toString()},
                new PrintStream(out, true), System.err);
        assertThat(code).isZero();
        String enrolmentCode = out.toString().lines().reduce((a, b) -> b).orElseThrow();
        var deviceKey = PhotoTanCrypto.verifyEnrolmentCode(letter, enrolmentCode);

        Challenge challenge = Challenge.create(OperationDetails.destroyKeys("alpine", "client-17"), Instant.now().plusSeconds(60));
        Path challengePng = Files.write(dir.resolve("challenge.png"), PhotoTanImage.qrPng(challenge.sealTo(deviceKey)));
        out.reset();
        code = DeviceEmulator.run(new String[]{"read", deviceFile.toString(), challengePng.toString()},
                new PrintStream(out, true), System.err);
        assertThat(code).isZero();
        assertThat(out.toString()).contains("Confirm: keys.destroy", "entity: client-17", "TAN: " + challenge.expectedTan());
    }

    @Test
    void wrongArguments_printUsage() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(DeviceEmulator.run(new String[]{"scan"}, System.out, new PrintStream(err, true))).isEqualTo(2);
        assertThat(err.toString()).contains("usage");
    }
}
