package io.mosaic.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs one of the Node scripts of {@code src/test/browser} (playwright-core driving Debian's Chromium, both installed
 * by {@code ./mosaic test}), its output into {@code log}, and fails with that output unless it ends with exit code 0.
 */
final class BrowserScript {
    static final Path DIRECTORY = Path.of("src/test/browser").toAbsolutePath();

    private BrowserScript() {
    }

    /** The script's output, after checking it exited with 0 within {@code timeout}. */
    static String run(String script, List<String> arguments, Path log, Duration timeout) throws Exception {
        assertThat(DIRECTORY.resolve("node_modules/playwright-core")).as("playwright-core is installed by"
                + " ./mosaic test (npm ci in %s)", DIRECTORY).isDirectory();
        assertThat(Path.of(System.getenv().getOrDefault("MOSAIC_CHROMIUM", "/usr/bin/chromium")))
                .as("Chromium (Debian package chromium) is installed by ./mosaic test").exists();
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(arguments);
        Process node = new ProcessBuilder(command).directory(DIRECTORY.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean ended = node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String output = read(log);
        assertThat(ended).as("%s ended within %s:%n%s", script, timeout, output).isTrue();
        assertThat(node.exitValue()).as("%s:%n%s", script, output).isZero();
        return output;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "(no output)";
    }
}
