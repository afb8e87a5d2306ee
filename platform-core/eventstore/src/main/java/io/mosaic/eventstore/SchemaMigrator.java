package io.mosaic.eventstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a database to the newest schema: applies the versioned scripts under
 * {@code io/mosaic/eventstore/schema/} whose version is above the one recorded in {@code schema_version}, in
 * order, each followed by its row in {@code schema_version}. H2 commits every DDL statement at once, so a script
 * that fails halfway keeps its earlier statements and is not recorded: keep scripts small, one concern each. The
 * list of scripts is written out here rather than found by scanning the class path: a new script is one more line.
 */
final class SchemaMigrator {

    static final List<String> SCRIPTS = List.of(
            "V1__journal.sql",
            "V2__keys.sql",
            "V3__processed_messages.sql");

    private static final String LOCATION = "schema/";
    private static final Pattern SCRIPT_NAME = Pattern.compile("V(\\d+)__([a-z0-9_]+)\\.sql");

    private SchemaMigrator() {
    }

    /** The version the newest script brings a database to. */
    static int latestVersion() {
        return version(SCRIPTS.getLast());
    }

    /** @return the schema version the database is at afterwards */
    static int migrate(ConnectionPool pool) {
        pool.withConnection("creating the schema_version table", connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + " version INT PRIMARY KEY, description CHARACTER VARYING NOT NULL,"
                        + " applied_at TIMESTAMP(9) WITH TIME ZONE NOT NULL)");
            }
            return null;
        });
        int current = pool.withConnection("reading the schema version", SchemaMigrator::currentVersion);
        if (current > latestVersion()) {
            throw new JournalException("embedded database " + pool.name() + " is at schema version " + current
                    + ", newer than this code knows (" + latestVersion() + "): open it with a newer Mosaic");
        }
        for (String script : SCRIPTS) {
            int version = version(script);
            if (version > current) {
                List<String> statements = statements(script);
                pool.inTransaction("applying schema script " + script, connection -> {
                    apply(connection, version, description(script), statements);
                    return null;
                });
                current = version;
            }
        }
        return current;
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void apply(Connection connection, int version, String description, List<String> statements)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        try (PreparedStatement record = connection.prepareStatement(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
            record.setInt(1, version);
            record.setString(2, description);
            record.setObject(3, Instant.now());
            record.executeUpdate();
        }
    }

    /** The script's statements: separated by a semicolon at the end of a line; comment lines are dropped. */
    static List<String> statements(String script) {
        String text = read(script);
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new JournalException("schema script " + script + " ends with a statement that has no ';'");
        }
        return statements;
    }

    private static String read(String script) {
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(LOCATION + script)) {
            if (in == null) {
                throw new JournalException("schema script " + script + " is missing from the class path (expected at "
                        + "io/mosaic/eventstore/" + LOCATION + script + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JournalException("schema script " + script + " could not be read: " + e.getMessage(), e);
        }
    }

    private static int version(String script) {
        return Integer.parseInt(matcher(script).group(1));
    }

    private static String description(String script) {
        return matcher(script).group(2).replace('_', ' ');
    }

    private static Matcher matcher(String script) {
        Matcher matcher = SCRIPT_NAME.matcher(script);
        if (!matcher.matches()) {
            throw new JournalException("schema script name '" + script + "' is not of the form V<n>__<words>.sql");
        }
        return matcher;
    }
}
