package io.mosaic.plugin.structures;

import io.mosaic.plugin.wealthmath.LookThrough;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The ownership graph on one date, ready for a graph view: every party as a node, every edge valid on the date.
 * Answer of the {@code graph} query. A value: two graphs with the same content are equal.
 */
public record OwnershipGraph(LocalDate asOf, List<Node> nodes, List<Edge> edges) {
    public OwnershipGraph {
        Objects.requireNonNull(asOf, "asOf");
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    public record Node(String id, PartyKind kind, String name, String jurisdiction) {
        public Node {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(jurisdiction, "jurisdiction");
        }
    }

    /** {@code validTo} is exclusive; JSON null when open-ended. */
    public record Edge(String id, String holderId, String entityId, BigDecimal economicShare, BigDecimal votingShare,
                       LocalDate validFrom, LocalDate validTo) {
        public Edge {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(holderId, "holderId");
            Objects.requireNonNull(entityId, "entityId");
            Objects.requireNonNull(economicShare, "economicShare");
            Objects.requireNonNull(votingShare, "votingShare");
            Objects.requireNonNull(validFrom, "validFrom");
        }
    }

    static OwnershipGraph of(LocalDate date, Collection<PartyRegistered> parties, Collection<OwnershipChanged> edges) {
        return new OwnershipGraph(date,
                parties.stream().map(p -> new Node(p.partyId(), p.kind(), p.name(), p.jurisdiction()))
                        .sorted(Comparator.comparing(Node::id)).toList(),
                edges.stream().filter(e -> e.validOn(date))
                        .map(e -> new Edge(e.edgeId(), e.holderId(), e.entityId(), e.economicShare(), e.votingShare(),
                                e.validFrom(), e.validTo()))
                        .sorted(Comparator.comparing(Edge::id)).toList());
    }

    /** The part of this graph among {@code parties}: those nodes and the edges between two of them. */
    public OwnershipGraph restrictedTo(java.util.Set<String> parties) {
        return new OwnershipGraph(asOf, nodes.stream().filter(n -> parties.contains(n.id())).toList(),
                edges.stream().filter(e -> parties.contains(e.holderId()) && parties.contains(e.entityId())).toList());
    }

    /**
     * The look-through solver over this graph's economic shares.
     *
     * @throws StructuresException when the graph has no look-through solution (the message says why)
     */
    public LookThrough lookThrough() {
        try {
            return LookThrough.of(nodes.stream().map(Node::id).toList(),
                    edges.stream().map(e -> new LookThrough.Edge(e.holderId(), e.entityId(), e.economicShare()))
                            .toList());
        } catch (LookThrough.InvalidStructureException invalid) {
            throw new StructuresException(invalid.getMessage(), invalid);
        }
    }
}
