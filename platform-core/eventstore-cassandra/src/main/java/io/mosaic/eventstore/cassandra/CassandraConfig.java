package io.mosaic.eventstore.cassandra;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach Cassandra and lay out the journal (config node {@code journal.cassandra}):
 * <ul>
 *   <li>{@code contactPoints}, {@code localDatacenter} — the driver's;</li>
 *   <li>{@code keyspace} — the shared keyspace (default {@code mosaic}), tenant in every partition key;</li>
 *   <li>{@code dedicatedKeyspaces} — tenant → its own keyspace, for a large tenant;</li>
 *   <li>{@code replication} — default for every keyspace; {@code keyspaceReplication} overrides per keyspace;</li>
 *   <li>{@code consistency} — {@code LOCAL_QUORUM} (default) or {@code QUORUM} / {@code ONE} (single-node tests);
 *       conditional writes use the matching serial level ({@code LOCAL_SERIAL} / {@code SERIAL});</li>
 *   <li>{@code eventsPerPartition}, {@code offsetsPerLogPartition} — partition bounds;</li>
 *   <li>{@code gapTimeout} — how long a reader by tag waits for an append whose offsets it sees but whose events
 *       are not written yet, before it fences those offsets (default 2 s; correctness does not depend on it).</li>
 * </ul>
 */
public record CassandraConfig(List<InetSocketAddress> contactPoints, String localDatacenter, String keyspace,
                              Replication replication, Map<String, String> dedicatedKeyspaces,
                              Map<String, Replication> keyspaceReplication, String consistency,
                              int eventsPerPartition, int offsetsPerLogPartition, java.time.Duration gapTimeout) {
    private static final Pattern KEYSPACE = Pattern.compile("[a-z][a-z0-9_]{0,47}");

    public CassandraConfig {
        contactPoints = List.copyOf(contactPoints);
        Objects.requireNonNull(localDatacenter, "localDatacenter");
        Objects.requireNonNull(replication, "replication");
        dedicatedKeyspaces = Map.copyOf(dedicatedKeyspaces);
        keyspaceReplication = Map.copyOf(keyspaceReplication);
        Objects.requireNonNull(consistency, "consistency");
        if (contactPoints.isEmpty()) {
            throw new IllegalArgumentException("journal.cassandra.contact-points is empty");
        }
        requireKeyspace(keyspace);
        dedicatedKeyspaces.values().forEach(CassandraConfig::requireKeyspace);
        if (!List.of("LOCAL_QUORUM", "QUORUM", "ONE", "LOCAL_ONE").contains(consistency)) {
            throw new IllegalArgumentException("journal.cassandra.consistency '" + consistency
                    + "' is not one of LOCAL_QUORUM, QUORUM, LOCAL_ONE, ONE");
        }
        if (eventsPerPartition < 10) {
            throw new IllegalArgumentException("events-per-partition must be 10 or more, was " + eventsPerPartition);
        }
        Objects.requireNonNull(gapTimeout, "gapTimeout");
        if (gapTimeout.isNegative() || gapTimeout.isZero()) {
            throw new IllegalArgumentException("gap-timeout must be positive, was " + gapTimeout);
        }
        if (offsetsPerLogPartition < eventsPerPartition) {
            throw new IllegalArgumentException("offsets-per-log-partition (" + offsetsPerLogPartition + ") must be at"
                    + " least events-per-partition (" + eventsPerPartition + "): one append's offsets fit one log partition");
        }
    }

    /**
     * Shared keyspace {@code mosaic}, the given replication, LOCAL_QUORUM, 20,000 events / 100,000 offsets a partition
     * (an append writes at most one partition's worth of rows, and at most {@code CassandraJournal.MAX_APPEND_BYTES}:
     * about 20,000 rows of a booking's size), gap timeout 2 s.
     */
    public static CassandraConfig of(List<InetSocketAddress> contactPoints, String localDatacenter,
                                     Replication replication) {
        return new CassandraConfig(contactPoints, localDatacenter, "mosaic", replication, Map.of(), Map.of(),
                "LOCAL_QUORUM", 20_000, 100_000, java.time.Duration.ofSeconds(2));
    }

    /** Parses {@code 127.0.0.1:9042,127.0.0.2:9042}. */
    public static List<InetSocketAddress> parseContactPoints(String text) {
        return java.util.Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                return new InetSocketAddress(s, 9042);
            }
            return new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
        }).toList();
    }

    public CassandraConfig withKeyspace(String name) {
        return new CassandraConfig(contactPoints, localDatacenter, name, replication, dedicatedKeyspaces,
                keyspaceReplication, consistency, eventsPerPartition, offsetsPerLogPartition, gapTimeout);
    }

    public CassandraConfig withDedicatedKeyspace(String tenant, String keyspaceOfTenant, Replication replicationOfIt) {
        Map<String, String> dedicated = new java.util.HashMap<>(dedicatedKeyspaces);
        dedicated.put(tenant, keyspaceOfTenant);
        Map<String, Replication> replications = new java.util.HashMap<>(keyspaceReplication);
        replications.put(keyspaceOfTenant, replicationOfIt);
        return new CassandraConfig(contactPoints, localDatacenter, keyspace, replication, dedicated, replications,
                consistency, eventsPerPartition, offsetsPerLogPartition, gapTimeout);
    }

    public CassandraConfig withConsistency(String level) {
        return new CassandraConfig(contactPoints, localDatacenter, keyspace, replication, dedicatedKeyspaces,
                keyspaceReplication, level, eventsPerPartition, offsetsPerLogPartition, gapTimeout);
    }

    public CassandraConfig withPartitionSizes(int events, int offsets) {
        return new CassandraConfig(contactPoints, localDatacenter, keyspace, replication, dedicatedKeyspaces,
                keyspaceReplication, consistency, events, offsets, gapTimeout);
    }

    public CassandraConfig withGapTimeout(java.time.Duration timeout) {
        return new CassandraConfig(contactPoints, localDatacenter, keyspace, replication, dedicatedKeyspaces,
                keyspaceReplication, consistency, eventsPerPartition, offsetsPerLogPartition, timeout);
    }

    String keyspaceOf(String tenant) {
        return dedicatedKeyspaces.getOrDefault(tenant, keyspace);
    }

    Replication replicationOf(String keyspaceName) {
        return keyspaceReplication.getOrDefault(keyspaceName, replication);
    }

    List<String> allKeyspaces() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        all.add(keyspace);
        all.addAll(dedicatedKeyspaces.values());
        return List.copyOf(all);
    }

    private static void requireKeyspace(String name) {
        Objects.requireNonNull(name, "keyspace");
        if (!KEYSPACE.matcher(name).matches()) {
            throw new IllegalArgumentException("keyspace '" + name + "' must be lower-case letters, digits and '_'"
                    + " starting with a letter (at most 48)");
        }
    }
}
