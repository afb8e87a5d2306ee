package io.mosaic.server;

import io.mosaic.eventstore.EmbeddedDatabase;
import io.mosaic.eventstore.JournalException;
import io.mosaic.runtime.AuditRecord;
import io.mosaic.runtime.AuditTrail;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code ./mosaic audit verify <tenant> [--data DIR]}: checks a tenant's hash-chained audit trail in the embedded
 * journal; {@code ./mosaic audit list <tenant> [--data DIR] [--limit N]} prints the newest entries. Exit code 0 when the
 * chain is intact, 1 when it is broken, 2 when the journal cannot be opened (e.g. the server holds it: then use
 * {@code GET /admin/tenants/<tenant>/audit/verify}).
 */
public final class AuditCommand {
    private AuditCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !(args[0].equals("verify") || args[0].equals("list"))) {
            err.println("usage: ./mosaic audit verify|list <tenant> [--data DIR] [--limit N]");
            return 2;
        }
        String tenant = args[1];
        Path data = Path.of(".mosaic/data");
        int limit = 50;
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[i + 1]);
                case "--limit" -> limit = Integer.parseInt(args[i + 1]);
                default -> {
                    err.println("unknown option " + args[i]);
                    return 2;
                }
            }
        }
        Path journalDir = data.resolve("journal");
        if (!Files.isDirectory(journalDir)) {
            err.println("no journal at " + journalDir + " (start the platform once, or pass --data)");
            return 2;
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.open(journalDir)) {
            AuditTrail trail = new AuditTrail(db.journal(), Clock.systemUTC());
            if (args[0].equals("list")) {
                for (AuditRecord r : trail.recent(tenant, limit)) {
                    out.printf("%5d %s %-18s %-28s %-26s %s%n", r.sequence(), r.at(), r.kind(), r.rule(), r.messageType(), r.reason());
                }
                return 0;
            }
            Optional<String> broken = trail.verify(tenant);
            if (broken.isPresent()) {
                out.println("audit trail of " + tenant + " is BROKEN: " + broken.get());
                return 1;
            }
            out.println("audit trail of " + tenant + " is intact (" + trail.recent(tenant, 1).stream()
                    .findFirst().map(r -> r.sequence() + " entries").orElse("no entries") + ")");
            return 0;
        } catch (JournalException e) {
            err.println("cannot open the journal at " + journalDir + ": " + e.getMessage()
                    + "\n(if the platform is running, ask it: curl http://127.0.0.1:<port>/admin/tenants/" + tenant + "/audit/verify)");
            return 2;
        }
    }
}
