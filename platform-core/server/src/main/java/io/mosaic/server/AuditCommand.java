package io.mosaic.server;

import io.mosaic.eventstore.EmbeddedDatabase;
import io.mosaic.eventstore.JournalException;
import io.mosaic.hsm.KeyAuditListener;
import io.mosaic.hsm.KeyException;
import io.mosaic.hsm.KeyService;
import io.mosaic.hsm.KeyServices;
import io.mosaic.hsm.SoftwareKeyService;
import io.mosaic.runtime.AuditCheckpoint;
import io.mosaic.runtime.AuditCheckpointKeys;
import io.mosaic.runtime.AuditRecord;
import io.mosaic.runtime.AuditTrail;
import io.mosaic.runtime.PlatformException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The audit trail of a tenant in the embedded journal, from the command line (exit code 2 when the journal or the
 * keys cannot be opened, e.g. the server holds the journal: then use {@code GET /admin/tenants/<tenant>/audit/verify}):
 *
 * <ul>
 * <li>{@code ./mosaic audit verify <tenant> [--data DIR] [--keys-config FILE] [--checkpoints FILE]} checks the hash
 * chain and the signed checkpoints (and, with {@code --checkpoints}, the checkpoints exported earlier): exit code 0
 * when intact, 1 when broken;</li>
 * <li>{@code ./mosaic audit checkpoints <tenant> [--data DIR] [--keys-config FILE]} signs a checkpoint of the newest
 * entry (unless one covers it already; not for a broken trail: exit code 1) and prints all checkpoints as JSON lines,
 * to keep outside the platform;</li>
 * <li>{@code ./mosaic audit list <tenant> [--data DIR] [--limit N]} prints the newest entries.</li>
 * </ul>
 *
 * The keys that signed the checkpoints are those of the server: the software key store {@code DIR/keys/keystore.p12}
 * with the password from {@code MOSAIC_KEYSTORE_PASSWORD} or {@code DIR.keystore.password} beside it, or the backend of
 * {@code --keys-config} (the server's file, e.g. PKCS#11 tokens).
 */
public final class AuditCommand {
    private static final String USAGE = "usage: ./mosaic audit verify|checkpoints|list <tenant> [--data DIR]"
            + " [--keys-config FILE] [--checkpoints FILE] [--limit N]";

    private AuditCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command line, parsed. */
    private record Options(String command, String tenant, Path data, Optional<Path> keysConfig,
                           Optional<Path> checkpoints, int limit) {
    }

    /** Thrown for what makes the command exit with 2, with the message to print. */
    private static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Options options = parse(args);
            Path journalDir = options.data().resolve("journal");
            if (!Files.isDirectory(journalDir)) {
                throw new Unusable("no journal at " + journalDir + " (start the platform once, or pass --data)");
            }
            try (EmbeddedDatabase db = EmbeddedDatabase.open(journalDir)) {
                if (options.command().equals("list")) {
                    return list(new AuditTrail(db.journal(), Clock.systemUTC()), options, out);
                }
                try (KeyService keys = openKeys(options, db)) {
                    AuditTrail trail = new AuditTrail(db.journal(), Clock.systemUTC(),
                            AuditCheckpointKeys.of(keys, Clock.systemUTC()));
                    return options.command().equals("verify") ? verify(trail, options, out) : export(trail, options, out, err);
                }
            } catch (JournalException e) {
                throw new Unusable("cannot open the journal at " + journalDir + ": " + e.getMessage()
                        + "\n(if the platform is running, ask it: curl http://127.0.0.1:<port>/admin/tenants/"
                        + options.tenant() + "/audit/verify)");
            }
        } catch (Unusable e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static Options parse(String[] args) {
        if (args.length < 2 || !List.of("verify", "checkpoints", "list").contains(args[0])) {
            throw new Unusable(USAGE);
        }
        Path data = Path.of(".mosaic/data");
        Optional<Path> keysConfig = Optional.empty();
        Optional<Path> checkpoints = Optional.empty();
        int limit = 50;
        for (int i = 2; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new Unusable("option " + args[i] + " needs a value\n" + USAGE);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--data" -> data = Path.of(value);
                case "--keys-config" -> keysConfig = Optional.of(Path.of(value));
                case "--checkpoints" -> checkpoints = Optional.of(Path.of(value));
                case "--limit" -> limit = number(value);
                default -> throw new Unusable("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (checkpoints.isPresent() && !args[0].equals("verify")) {
            throw new Unusable("--checkpoints is an option of verify only\n" + USAGE);
        }
        return new Options(args[0], args[1], data, keysConfig, checkpoints, limit);
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new Unusable("--limit takes a number, not '" + value + "'");
        }
    }

    private static int list(AuditTrail trail, Options options, PrintStream out) {
        for (AuditRecord r : trail.recent(options.tenant(), options.limit())) {
            out.printf("%5d %s %-18s %-28s %-26s %s%n", r.sequence(), r.at(), r.kind(), r.rule(), r.messageType(), r.reason());
        }
        return 0;
    }

    private static int verify(AuditTrail trail, Options options, PrintStream out) {
        String tenant = options.tenant();
        List<AuditCheckpoint> exported = options.checkpoints().map(AuditCommand::readExported).orElse(List.of());
        Optional<String> broken = trail.verify(tenant, exported);
        if (broken.isPresent()) {
            out.println("audit trail of " + tenant + " is BROKEN: " + broken.get());
            return 1;
        }
        out.println("audit trail of " + tenant + " is intact (" + trail.recent(tenant, 1).stream()
                .findFirst().map(r -> r.sequence() + " entries").orElse("no entries") + ", "
                + trail.checkpoints(tenant).size() + " signed checkpoints"
                + options.checkpoints().map(f -> ", agrees with the " + exported.size() + " exported in " + f).orElse("")
                + ")");
        return 0;
    }

    private static int export(AuditTrail trail, Options options, PrintStream out, PrintStream err) {
        try {
            trail.checkpoint(options.tenant());
        } catch (PlatformException e) {
            err.println(e.getMessage());
            return 1;
        }
        out.print(trail.exportCheckpoints(options.tenant()));
        return 0;
    }

    private static List<AuditCheckpoint> readExported(Path file) {
        try {
            return AuditCheckpoint.fromJsonLines(Files.readString(file));
        } catch (IOException e) {
            throw new Unusable("cannot read the exported checkpoints " + file + ": " + e);
        } catch (IllegalArgumentException e) {
            throw new Unusable("the exported checkpoints " + file + " are unreadable: " + e.getMessage());
        }
    }

    /** The server's keys: {@code --keys-config}, else the software key store of the data folder. */
    private static KeyService openKeys(Options options, EmbeddedDatabase db) {
        try {
            if (options.keysConfig().isPresent()) {
                return KeyServices.fromConfig(readKeysConfig(options.keysConfig().get()), db.keys(), Clock.systemUTC(),
                        KeyAuditListener.none());
            }
            Path store = options.data().resolve("keys").resolve("keystore.p12");
            if (!Files.isRegularFile(store)) {
                throw new Unusable("no key store at " + store + " to check the checkpoints' signatures with"
                        + " (keys in an HSM: pass the server's --keys-config FILE)");
            }
            return SoftwareKeyService.open(store, keyStorePassword(options.data()), db.keys(), Clock.systemUTC());
        } catch (KeyException | IllegalArgumentException e) {
            throw new Unusable("cannot open the keys that sign the audit checkpoints: " + e.getMessage());
        }
    }

    /** As the server finds it: {@code MOSAIC_KEYSTORE_PASSWORD}, else the development password beside the data folder. */
    private static char[] keyStorePassword(Path data) {
        String env = System.getenv("MOSAIC_KEYSTORE_PASSWORD");
        if (env != null && !env.isBlank()) {
            return env.toCharArray();
        }
        Path file = MosaicServer.keyStorePasswordFile(data);
        if (!Files.isRegularFile(file)) {
            throw new Unusable("no password for the key store: set MOSAIC_KEYSTORE_PASSWORD (as for the server);"
                    + " " + file + " does not exist");
        }
        try {
            return Files.readString(file).trim().toCharArray();
        } catch (IOException e) {
            throw new Unusable("cannot read the key store password from " + file + ": " + e);
        }
    }

    /** The server's {@code --keys-config} file: properties, the prefix {@code keys.} optional. */
    private static Map<String, String> readKeysConfig(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new Unusable("cannot read the keys config " + file + ": " + e);
        }
        Map<String, String> out = new HashMap<>();
        properties.forEach((k, v) -> out.put(k.toString().replaceFirst("^keys\\.", ""), v.toString()));
        return out;
    }
}
