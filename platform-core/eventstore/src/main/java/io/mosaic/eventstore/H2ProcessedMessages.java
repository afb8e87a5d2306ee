package io.mosaic.eventstore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Processed envelope ids in the embedded database (table {@code processed_messages}, primary key tenant, consumer,
 * envelope id). {@link #markProcessed} is one insert: the primary key decides which of several concurrent callers
 * is first, so exactly one of them gets {@code true}.
 */
final class H2ProcessedMessages implements ProcessedMessages {

    private static final String DUPLICATE_KEY = "23505";

    private final ConnectionPool pool;

    H2ProcessedMessages(ConnectionPool pool) {
        this.pool = pool;
    }

    @Override
    public boolean markProcessed(String tenant, String consumer, UUID envelopeId) {
        H2Journal.requireText(tenant, "tenant");
        H2Journal.requireText(consumer, "consumer");
        Objects.requireNonNull(envelopeId, "envelopeId");
        return pool.withConnection("marking envelope " + envelopeId + " processed by " + tenant + "/" + consumer,
                connection -> {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO processed_messages"
                            + " (tenant, consumer, envelope_id, processed_at) VALUES (?, ?, ?, ?)")) {
                        insert.setString(1, tenant);
                        insert.setString(2, consumer);
                        insert.setObject(3, envelopeId);
                        insert.setObject(4, Instant.now());
                        insert.executeUpdate();
                        return true;
                    } catch (SQLException e) {
                        if (DUPLICATE_KEY.equals(e.getSQLState())) {
                            return false;
                        }
                        throw e;
                    }
                });
    }

    @Override
    public boolean isProcessed(String tenant, String consumer, UUID envelopeId) {
        H2Journal.requireText(tenant, "tenant");
        H2Journal.requireText(consumer, "consumer");
        Objects.requireNonNull(envelopeId, "envelopeId");
        return pool.withConnection("reading whether envelope " + envelopeId + " was processed by " + tenant + "/"
                + consumer, connection -> {
                    try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM processed_messages"
                            + " WHERE tenant = ? AND consumer = ? AND envelope_id = ?")) {
                        select.setString(1, tenant);
                        select.setString(2, consumer);
                        select.setObject(3, envelopeId);
                        try (ResultSet rows = select.executeQuery()) {
                            return rows.next();
                        }
                    }
                });
    }
}
