package io.mosaic.eventstore.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.mosaic.eventstore.JournalException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Applies the versioned CQL scripts ({@code schema/V<n>__*.cql}, {@code ${keyspace}} filled in) that a keyspace
 * lacks, creating the keyspace with its replication first; {@code <keyspace>.schema_version} records each script.
 * Schema changes wait for schema agreement. Run by one process at a time per keyspace (start-up of the platform).
 */
final class CqlSchema {
    static final List<String> SCRIPTS = List.of("V1__journal.cql", "V2__keys.cql", "V3__processed_messages.cql");

    private CqlSchema() {
    }

    static int apply(CqlSession session, String keyspace, Replication replication) {
        ddl(session, "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication.cql());
        ddl(session, "CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_version (version int PRIMARY KEY,"
                + " script text, applied_at timestamp)");
        int current = 0;
        for (Row row : session.execute("SELECT version FROM " + keyspace + ".schema_version")) {
            current = Math.max(current, row.getInt("version"));
        }
        if (current > SCRIPTS.size()) {
            throw new JournalException("keyspace " + keyspace + " is at schema version " + current
                    + ", newer than this code knows (" + SCRIPTS.size() + ")");
        }
        for (int version = current + 1; version <= SCRIPTS.size(); version++) {
            String script = SCRIPTS.get(version - 1);
            for (String statement : statements(read(script).replace("${keyspace}", keyspace))) {
                ddl(session, statement);
            }
            session.execute(SimpleStatement.newInstance("INSERT INTO " + keyspace
                    + ".schema_version (version, script, applied_at) VALUES (?, ?, ?)", version, script, Instant.now()));
        }
        return SCRIPTS.size();
    }

    private static void ddl(CqlSession session, String cql) {
        session.execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofSeconds(60)));
    }

    private static String read(String script) {
        try (InputStream in = CqlSchema.class.getResourceAsStream("schema/" + script)) {
            if (in == null) {
                throw new JournalException("schema script " + script + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JournalException("cannot read schema script " + script + ": " + e, e);
        }
    }

    /** Splits on ';' at line ends, dropping {@code --} comment lines. */
    static List<String> statements(String text) {
        StringBuilder cleaned = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.trim().startsWith("--")) {
                cleaned.append(line).append('\n');
            }
        }
        return java.util.Arrays.stream(cleaned.toString().split(";\\s*\n")).map(String::trim)
                .map(s -> s.endsWith(";") ? s.substring(0, s.length() - 1) : s).filter(s -> !s.isEmpty()).toList();
    }
}
