package io.mosaic.identity.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the checkout's root for the test support (same rule as the launcher). */
final class KeycloakLauncherAccess {
    private KeycloakLauncherAccess() {
    }

    static Path repoRoot() {
        String configured = System.getProperty("mosaic.root");
        Path start = Path.of(configured != null ? configured : "").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deployment/local/keycloak/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no Mosaic checkout at or above " + start);
    }
}
