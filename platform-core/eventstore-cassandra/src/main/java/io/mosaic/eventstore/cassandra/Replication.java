package io.mosaic.eventstore.cassandra;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** How a keyspace is replicated: SimpleStrategy (one data centre, tests) or NetworkTopologyStrategy (per DC). */
public sealed interface Replication {

    /** The CQL replication map, e.g. {@code {'class': 'SimpleStrategy', 'replication_factor': 1}}. */
    String cql();

    static Replication simple(int replicationFactor) {
        return new Simple(replicationFactor);
    }

    /** E.g. {@code networkTopology(Map.of("dc-paris", 3, "dc-frankfurt", 3))}. */
    static Replication networkTopology(Map<String, Integer> factorsByDatacenter) {
        return new NetworkTopology(factorsByDatacenter);
    }

    /**
     * Parses the config form: {@code simple:3} or {@code dc-paris:3,dc-frankfurt:3} (NetworkTopologyStrategy).
     */
    static Replication parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        if (trimmed.startsWith("simple:")) {
            return simple(Integer.parseInt(trimmed.substring("simple:".length()).trim()));
        }
        Map<String, Integer> factors = new LinkedHashMap<>();
        for (String part : trimmed.split(",")) {
            String[] dcAndFactor = part.trim().split(":");
            if (dcAndFactor.length != 2) {
                throw new IllegalArgumentException("replication '" + text + "': expected simple:<rf> or"
                        + " <dc>:<rf>,<dc>:<rf>, got the part '" + part + "'");
            }
            factors.put(dcAndFactor[0].trim(), Integer.parseInt(dcAndFactor[1].trim()));
        }
        return networkTopology(factors);
    }

    record Simple(int replicationFactor) implements Replication {
        public Simple {
            if (replicationFactor < 1) {
                throw new IllegalArgumentException("replication factor must be 1 or more, was " + replicationFactor);
            }
        }

        @Override
        public String cql() {
            return "{'class': 'SimpleStrategy', 'replication_factor': " + replicationFactor + "}";
        }
    }

    record NetworkTopology(Map<String, Integer> factorsByDatacenter) implements Replication {
        public NetworkTopology {
            factorsByDatacenter = Map.copyOf(factorsByDatacenter);
            if (factorsByDatacenter.isEmpty()) {
                throw new IllegalArgumentException("NetworkTopologyStrategy needs at least one data centre");
            }
            factorsByDatacenter.forEach((dc, rf) -> {
                if (!dc.matches("[A-Za-z0-9_.-]+") || rf < 1) {
                    throw new IllegalArgumentException("data centre '" + dc + "' with factor " + rf
                            + ": names are letters, digits, '_', '.', '-' and factors 1 or more");
                }
            });
        }

        @Override
        public String cql() {
            return "{'class': 'NetworkTopologyStrategy', " + factorsByDatacenter.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> "'" + e.getKey() + "': " + e.getValue()).collect(Collectors.joining(", ")) + "}";
        }
    }
}
