package io.mosaic.server;

import io.mosaic.hsm.PlatformCa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platform CA's revocations, kept in a file of the data folder ({@code identity/revocations.tsv}: serial in hex,
 * instant, RFC 5280 reason code, one per line) so that a restart does not bring a revoked certificate back. The file
 * is rewritten whole (temporary file, then an atomic move) before a revocation takes effect; a line that cannot be
 * read fails the start, naming the file and the line.
 */
final class RevocationStore {
    private final Path file;
    private final Map<BigInteger, PlatformCa.Revocation> revocations = new LinkedHashMap<>();

    private RevocationStore(Path file) {
        this.file = file;
    }

    static RevocationStore open(Path file) {
        RevocationStore store = new RevocationStore(file);
        if (!Files.exists(file)) {
            return store;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                try {
                    if (fields.length != 3) {
                        throw new IllegalArgumentException("3 fields separated by tabs expected, found " + fields.length);
                    }
                    PlatformCa.Revocation r = new PlatformCa.Revocation(new BigInteger(fields[0], 16),
                            Instant.parse(fields[1]), Integer.parseInt(fields[2]));
                    store.revocations.put(r.serial(), r);
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    throw new IllegalStateException(file + ", line " + (i + 1) + ": not a revocation ("
                            + e.getMessage() + "): " + line, e);
                }
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the revocations in " + file, e);
        }
    }

    synchronized Collection<PlatformCa.Revocation> all() {
        return List.copyOf(revocations.values());
    }

    synchronized Optional<PlatformCa.Revocation> find(BigInteger serial) {
        return Optional.ofNullable(revocations.get(serial));
    }

    /** Records a revocation on disk; a serial revoked before keeps its first record (returned). */
    synchronized PlatformCa.Revocation add(PlatformCa.Revocation revocation) {
        PlatformCa.Revocation earlier = revocations.get(revocation.serial());
        if (earlier != null) {
            return earlier;
        }
        List<String> lines = new ArrayList<>();
        lines.add("# revoked certificates of the platform CA: serial (hex)\trevoked at\tRFC 5280 reason code");
        revocations.values().forEach(r -> lines.add(line(r)));
        lines.add(line(revocation));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path written = file.resolveSibling(file.getFileName() + ".new");
            Files.write(written, lines, StandardCharsets.UTF_8);
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the revocation of serial " + revocation.serial().toString(16)
                    + " in " + file + "; the certificate is not revoked", e);
        }
        revocations.put(revocation.serial(), revocation);
        return revocation;
    }

    private static String line(PlatformCa.Revocation r) {
        return r.serial().toString(16) + "\t" + r.revokedAt() + "\t" + r.reason();
    }
}
