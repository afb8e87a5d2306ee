package io.mosaic.eventstore.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.JournalException;
import io.mosaic.eventstore.ProcessedMessages;
import io.mosaic.hsm.WrappedKeyRepository;

import java.time.Duration;
import java.util.Objects;

/**
 * The journal, wrapped keys and processed-message ids on Cassandra — the production counterpart of
 * {@code EmbeddedDatabase}. {@link #connect} opens one driver session, applies the schema scripts to every
 * configured keyspace and hands out the three adapters, which share the session and live as long as this store.
 *
 * <pre>{@code
 * CassandraConfig config = CassandraConfig.of(CassandraConfig.parseContactPoints("127.0.0.1:9042"),
 *         "datacenter1", Replication.simple(1));
 * try (CassandraStore store = CassandraStore.connect(config)) {
 *     Journal journal = store.journal(); WrappedKeyRepository keys = store.keys();
 * }
 * }</pre>
 */
public final class CassandraStore implements AutoCloseable {
    private final CqlSession session;
    private final CassandraJournal journal;
    private final CassandraWrappedKeyRepository keys;
    private final CassandraProcessedMessages processed;

    private CassandraStore(CqlSession session, CassandraConfig config) {
        this.session = session;
        Keyspaces keyspaces = new Keyspaces(session, config);
        this.journal = new CassandraJournal(session, keyspaces, config);
        this.keys = new CassandraWrappedKeyRepository(session, keyspaces);
        this.processed = new CassandraProcessedMessages(session, keyspaces);
    }

    /** Connects, creates the keyspaces (with their replication) and applies the schema each one lacks. */
    public static CassandraStore connect(CassandraConfig config) {
        return connect(config, builder -> builder);
    }

    /** As {@link #connect(CassandraConfig)}, with extra driver settings (tests: a skewed clock, a session name). */
    static CassandraStore connect(CassandraConfig config,
                                  java.util.function.UnaryOperator<ProgrammaticDriverConfigLoaderBuilder> driver) {
        Objects.requireNonNull(config, "config");
        boolean local = config.consistency().startsWith("LOCAL");
        CqlSession session;
        try {
            session = CqlSession.builder().addContactPoints(config.contactPoints())
                    .withLocalDatacenter(config.localDatacenter())
                    .withConfigLoader(driver.apply(DriverConfigLoader.programmaticBuilder()
                            .withString(DefaultDriverOption.REQUEST_CONSISTENCY, config.consistency())
                            .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, local ? "LOCAL_SERIAL" : "SERIAL")
                            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(12))
                            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                            .withBoolean(DefaultDriverOption.REQUEST_DEFAULT_IDEMPOTENCE, false)
                            .withInt(DefaultDriverOption.CONNECTION_POOL_LOCAL_SIZE, 2))
                            .build())
                    .build();
        } catch (RuntimeException e) {
            throw new JournalException("cannot connect to Cassandra at " + config.contactPoints() + " (local data centre "
                    + config.localDatacenter() + "): " + e.getMessage(), e);
        }
        try {
            for (String keyspace : config.allKeyspaces()) {
                CqlSchema.apply(session, keyspace, config.replicationOf(keyspace));
            }
            return new CassandraStore(session, config);
        } catch (RuntimeException e) {
            session.close();
            throw e instanceof JournalException ? e : new JournalException("cannot prepare the Cassandra schema: " + e, e);
        }
    }

    public Journal journal() {
        return journal;
    }

    public WrappedKeyRepository keys() {
        return keys;
    }

    public ProcessedMessages processed() {
        return processed;
    }

    CassandraJournal journalImpl() {
        return journal;
    }

    /** The driver session, for tests and tools that read raw rows. */
    public CqlSession session() {
        return session;
    }

    @Override
    public void close() {
        session.close();
    }
}
