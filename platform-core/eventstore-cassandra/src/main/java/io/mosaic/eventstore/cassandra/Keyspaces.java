package io.mosaic.eventstore.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Which keyspace holds a tenant, and the statements prepared per keyspace (table names are qualified). */
final class Keyspaces {
    private final CqlSession session;
    private final CassandraConfig config;
    private final Map<String, PreparedStatement> prepared = new ConcurrentHashMap<>();

    Keyspaces(CqlSession session, CassandraConfig config) {
        this.session = session;
        this.config = config;
    }

    String of(String tenant) {
        return config.keyspaceOf(tenant);
    }

    /** {@code cql} with {@code ks.} standing for the tenant's keyspace, prepared once per keyspace. */
    PreparedStatement prepare(String tenant, String cql) {
        String qualified = cql.replace("ks.", of(tenant) + ".");
        return prepared.computeIfAbsent(qualified, session::prepare);
    }
}
