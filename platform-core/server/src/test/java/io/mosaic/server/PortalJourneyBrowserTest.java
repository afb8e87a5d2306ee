package io.mosaic.server;

import io.mosaic.identity.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6's "done when", in a real browser (Debian's Chromium driven by playwright-core,
 * {@code src/test/browser/portal-journey.mjs}): a new user of the demo tenant opens the portal, prints the
 * activation letter, enrols the photoTAN device emulator page with it, signs in with password and enrolment code,
 * signs out, and signs in again with password and photoTAN — a wrong TAN refused first. Screenshots of every step go
 * to {@code target/browser-journey/}.
 */
@ExtendWith(IdentityServer.Extension.class)
class PortalJourneyBrowserTest {
    static final Path BROWSER_TESTS = Path.of("src/test/browser").toAbsolutePath();
    private final IdentityServer s;

    PortalJourneyBrowserTest(IdentityServer s) {
        this.s = s;
    }

    @Test
    void newUser_enrolsTheDeviceEmulator_andSignsInWithPasswordAndPhotoTan() throws Exception {
        assertThat(BROWSER_TESTS.resolve("node_modules/playwright-core")).as("playwright-core is installed by"
                + " ./mosaic test (npm ci in %s)", BROWSER_TESTS).isDirectory();
        assertThat(Path.of(System.getenv().getOrDefault("MOSAIC_CHROMIUM", "/usr/bin/chromium")))
                .as("Chromium (Debian package chromium) is installed by ./mosaic test").exists();
        String user = "journey-" + System.nanoTime() % 1_000_000;
        s.identity.createUser("demo", user, IdentityServer.PASSWORD, Set.of(Role.ADVISOR));

        Path shots = Path.of("target/browser-journey").toAbsolutePath();
        Path log = Files.createDirectories(shots).resolve("journey.log");
        Process node = new ProcessBuilder(List.of("node", "portal-journey.mjs", s.http, "demo", user,
                IdentityServer.PASSWORD, shots.toString()))
                .directory(BROWSER_TESTS.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = node.waitFor(4, TimeUnit.MINUTES);
        if (!ended) {
            node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = read(log);
        assertThat(ended).as("the journey ended within 4 minutes:\n%s", output).isTrue();
        assertThat(node.exitValue()).as("the journey:\n%s", output).isZero();

        String line = output.lines().filter(l -> l.startsWith("JOURNEY OK ")).findFirst().orElseThrow();
        var result = Json.object(line.substring("JOURNEY OK ".length()).getBytes(StandardCharsets.UTF_8));
        assertThat(result.path("brand").asText()).as("the portal in the tenant's brand").isEqualTo("Helvetia Private Bank Demo");
        assertThat(result.path("headerColour").asText()).as("primary colour #0a3d62").isEqualTo("rgb(10, 61, 98)");
        assertThat(result.path("keycloakTitle").asText()).as("Keycloak's page of the demo realm")
                .contains("Helvetia Private Bank Demo");
        assertThat(result.path("firstUsername").asText()).isEqualTo(user);
        assertThat(result.path("wrongTanRefused").asBoolean()).isTrue();
        assertThat(result.path("details").asBoolean()).as("the device showed whom the login is for").isTrue();
        assertThat(result.path("secondUsername").asText()).isEqualTo(user);
        assertThat(result.path("secondAssets").asText()).as("the portal read the tenant API with the token").endsWith("assets");
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "(no output)";
    }
}
