package io.mosaic.identity.keycloak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The folder where Keycloak keeps what must survive a restart: its database file ({@code keycloakdb.mv.db}: users,
 * enrolled photoTAN devices, brute-force lockouts, sessions) and the password of its bootstrap administrator
 * ({@code admin.password}), made once with the folder. The folder is 0700 and the password file 0600, written before
 * it has content so no other user ever reads it.
 */
final class KeycloakState {
    static final String DATABASE = "keycloakdb";
    static final String ADMIN_PASSWORD = "admin.password";
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private KeycloakState() {
    }

    /** Keycloak's H2 database file in {@code state} (no auto-server: nothing listens for the database). */
    static String jdbcUrl(Path state) {
        return "jdbc:h2:file:" + state.resolve(DATABASE) + ";NON_KEYWORDS=VALUE";
    }

    /** Whether {@code state} holds a database from an earlier start. */
    static boolean hasDatabase(Path state) {
        return Files.isRegularFile(state.resolve(DATABASE + ".mv.db"));
    }

    /**
     * The bootstrap administrator's password: read from {@code state}, or made now when the folder is new. A database
     * without its password file is refused: its administrator could no longer be reached.
     */
    static String adminPassword(Path state) throws IOException {
        createPrivateDirectory(state);
        Path file = state.resolve(ADMIN_PASSWORD);
        if (Files.isRegularFile(file)) {
            String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (password.length() < 16) {
                throw new KeycloakLaunchException("Keycloak's admin password in " + file + " is shorter than 16 characters");
            }
            return password;
        }
        if (hasDatabase(state)) {
            throw new KeycloakLaunchException("Keycloak's database in " + state + " has no admin password file ("
                    + ADMIN_PASSWORD + "): restore it from the backup of that folder, or move the folder away to start anew");
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        } catch (FileAlreadyExistsException raced) {
            return adminPassword(state);
        }
        Files.writeString(file, password + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        return password;
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } catch (FileAlreadyExistsException raced) {
                // made by another start at the same moment: its permissions are set below
            }
        }
        Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
    }
}
