package io.mosaic.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        String output = BrowserScript.run("device-check.mjs", List.of(page.toString(), vectors.toString()),
                Path.of("target/browser-device/device-check.log").toAbsolutePath(), Duration.ofMinutes(3));
        assertThat(output).contains("PASS challenge: id, operation, display lines, expiry and TAN as Java")
                .contains("PASS a challenge sealed to another device is refused")
                .contains("all 14 checks passed");
    }
}
