package io.mosaic.eventstore.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.mosaic.eventstore.JournalException;
import io.mosaic.eventstore.ProcessedMessages;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Processed envelope ids in {@code processed_messages}; marking is {@code INSERT ... IF NOT EXISTS} (one LWT). */
final class CassandraProcessedMessages implements ProcessedMessages {
    private final CqlSession session;
    private final Keyspaces keyspaces;

    CassandraProcessedMessages(CqlSession session, Keyspaces keyspaces) {
        this.session = session;
        this.keyspaces = keyspaces;
    }

    @Override
    public boolean markProcessed(String tenant, String consumer, UUID envelopeId) {
        check(tenant, consumer, envelopeId);
        return execute(keyspaces.prepare(tenant, "INSERT INTO ks.processed_messages (tenant, consumer, envelope_id,"
                + " processed_at) VALUES (?, ?, ?, ?) IF NOT EXISTS").bind(tenant, consumer, envelopeId, Instant.now()),
                "marking " + envelopeId + " processed by " + tenant + "/" + consumer).wasApplied();
    }

    @Override
    public boolean isProcessed(String tenant, String consumer, UUID envelopeId) {
        check(tenant, consumer, envelopeId);
        return execute(keyspaces.prepare(tenant, "SELECT envelope_id FROM ks.processed_messages WHERE tenant = ? AND"
                + " consumer = ? AND envelope_id = ?").bind(tenant, consumer, envelopeId),
                "reading whether " + envelopeId + " was processed by " + tenant + "/" + consumer).one() != null;
    }

    private static void check(String tenant, String consumer, UUID envelopeId) {
        CassandraJournal.requireText(tenant, "tenant");
        CassandraJournal.requireText(consumer, "consumer");
        Objects.requireNonNull(envelopeId, "envelopeId");
    }

    private ResultSet execute(Statement<?> statement, String what) {
        try {
            return session.execute(statement);
        } catch (RuntimeException e) {
            throw new JournalException(what + " failed: " + e.getMessage(), e);
        }
    }
}
