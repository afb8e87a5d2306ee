package io.mosaic.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The photoTAN device emulator page ({@code /device}) against the Java emulator, in Chromium
 * ({@code src/test/browser/device-check.mjs}): with the key of a device the Java side saved, the page computes the
 * same enrolment code and the same TAN from the Java side's activation letter and challenge images, and refuses a
 * challenge sealed to another device, an expired one and an altered image. The vectors are written by the identity
 * module's {@code DeviceVectorsTest}, which runs before this module.
 */
class DeviceEmulatorPageBrowserTest {
    @Test
    void devicePage_readsWhatTheJavaSideWrites_andRefusesWhatIsNotForIt() throws Exception {
        Path vectors = PlatformEndToEndTest.ROOT.resolve("platform-core/identity/target/device-vectors");
        assertThat(vectors.resolve("vectors.json")).as("written by DeviceVectorsTest of platform-core/identity").exists();
        Path page = Path.of("src/main/resources/io/mosaic/server/web/device.html").toAbsolutePath();
        Path log = Files.createDirectories(Path.of("target/browser-device")).resolve("device-check.log");
        Process node = new ProcessBuilder(List.of("node", "device-check.mjs", page.toString(), vectors.toString()))
                .directory(PortalJourneyBrowserTest.BROWSER_TESTS.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = node.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertThat(ended).as("device-check ended within 3 minutes:\n%s", output).isTrue();
        assertThat(node.exitValue()).as("device-check:\n%s", output).isZero();
        assertThat(output).contains("PASS challenge: id, operation, display lines, expiry and TAN as Java")
                .contains("PASS a challenge sealed to another device is refused")
                .contains("all 14 checks passed");
    }
}
