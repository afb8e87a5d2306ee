package io.mosaic.plugin.structures;

import io.mosaic.plugin.wealthmath.LookThrough;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The ownership structure of one tenant: parties and the current content of every edge. Immutable:
 * {@link #evolve} returns the next state, {@link #decide} is a pure function of a command and this state.
 *
 * <p>An accepted structure is valid on every date: each entity is held at most 100% (economic and voting, each
 * summed over its holders), and no set of entities owns 100% of itself (see {@link LookThrough}).
 */
public final class Structure {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final Map<String, PartyRegistered> parties;
    private final Map<String, OwnershipChanged> edges;

    private Structure(Map<String, PartyRegistered> parties, Map<String, OwnershipChanged> edges) {
        this.parties = parties;
        this.edges = edges;
    }

    public static Structure empty() {
        return new Structure(Map.of(), Map.of());
    }

    /** Replays events in order (one pass, no copy per event). */
    public static Structure replay(List<? extends StructureEvent> events) {
        Map<String, PartyRegistered> parties = new LinkedHashMap<>();
        Map<String, OwnershipChanged> edges = new LinkedHashMap<>();
        for (StructureEvent event : events) {
            apply(parties, edges, event);
        }
        return new Structure(Collections.unmodifiableMap(parties), Collections.unmodifiableMap(edges));
    }

    public Structure evolve(StructureEvent event) {
        Map<String, PartyRegistered> nextParties = new LinkedHashMap<>(parties);
        Map<String, OwnershipChanged> nextEdges = new LinkedHashMap<>(edges);
        apply(nextParties, nextEdges, event);
        return new Structure(Collections.unmodifiableMap(nextParties), Collections.unmodifiableMap(nextEdges));
    }

    private static void apply(Map<String, PartyRegistered> parties, Map<String, OwnershipChanged> edges,
                              StructureEvent event) {
        switch (event) {
            case PartyRegistered registered -> parties.put(registered.partyId(), registered);
            case OwnershipChanged changed -> edges.put(changed.edgeId(), changed);
        }
    }

    public Optional<PartyRegistered> party(String partyId) {
        return Optional.ofNullable(parties.get(partyId));
    }

    public Optional<OwnershipChanged> edge(String edgeId) {
        return Optional.ofNullable(edges.get(edgeId));
    }

    public List<PartyRegistered> parties() {
        return List.copyOf(parties.values());
    }

    public List<OwnershipChanged> edges() {
        return List.copyOf(edges.values());
    }

    /** The graph of parties and the edges valid on {@code date}. */
    public OwnershipGraph graph(LocalDate date) {
        return OwnershipGraph.of(date, parties.values(), edges.values());
    }

    public Decision decide(StructureCommand command) {
        if (!ID.matcher(command.reference()).matches()) {
            return Decision.reject("id '" + command.reference()
                    + "' must be 1-128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit");
        }
        return switch (command) {
            case RegisterParty register -> register(register);
            case SetOwnership set -> set(set);
            case EndOwnership end -> end(end);
        };
    }

    private Decision register(RegisterParty command) {
        String what = "party " + command.partyId();
        if (command.kind() == null) {
            return Decision.reject(what + ": kind is missing (PERSON, FAMILY, COMPANY, TRUST, FOUNDATION or PARTNERSHIP)");
        }
        if (command.name().isEmpty()) {
            return Decision.reject(what + ": name is empty");
        }
        if (!COUNTRIES.contains(command.jurisdiction())) {
            return Decision.reject(what + ": jurisdiction '" + command.jurisdiction()
                    + "' is not an ISO 3166 alpha-2 code (e.g. CH)");
        }
        PartyRegistered event = new PartyRegistered(command.partyId(), command.kind(), command.name(),
                command.jurisdiction());
        PartyRegistered existing = parties.get(command.partyId());
        if (existing != null) {
            return existing.equals(event) ? Decision.accept(List.of())
                    : Decision.reject(what + " is already registered with different content");
        }
        return Decision.accept(List.of(event));
    }

    private Decision set(SetOwnership command) {
        String what = "edge " + command.edgeId();
        PartyRegistered holder = parties.get(command.holderId());
        PartyRegistered entity = parties.get(command.entityId());
        if (holder == null) {
            return Decision.reject(what + ": holder '" + command.holderId() + "' is not a registered party");
        }
        if (entity == null) {
            return Decision.reject(what + ": entity '" + command.entityId() + "' is not a registered party");
        }
        if (holder.partyId().equals(entity.partyId())) {
            return Decision.reject(what + ": " + holder.partyId() + " cannot hold itself");
        }
        if (!entity.kind().mayBeHeldBy(holder.kind())) {
            return Decision.reject(what + ": a " + entity.kind() + " (" + entity.partyId() + ") cannot be held by a "
                    + holder.kind() + " (" + holder.partyId() + "); only a FAMILY holds persons and families");
        }
        if (command.economicShare() == null || command.economicShare().signum() <= 0
                || command.economicShare().compareTo(BigDecimal.ONE) > 0) {
            return Decision.reject(what + ": economicShare " + text(command.economicShare()) + " is not in (0, 1]");
        }
        if (command.votingShare() == null || command.votingShare().signum() < 0
                || command.votingShare().compareTo(BigDecimal.ONE) > 0) {
            return Decision.reject(what + ": votingShare " + text(command.votingShare()) + " is not in [0, 1]");
        }
        if (command.validFrom() == null) {
            return Decision.reject(what + ": validFrom is missing");
        }
        if (command.validTo() != null && !command.validTo().isAfter(command.validFrom())) {
            return Decision.reject(what + ": validTo " + command.validTo() + " is not after validFrom "
                    + command.validFrom());
        }
        return change(new OwnershipChanged(command.edgeId(), command.holderId(), command.entityId(),
                command.economicShare(), command.votingShare(), command.validFrom(), command.validTo()));
    }

    private Decision end(EndOwnership command) {
        OwnershipChanged edge = edges.get(command.edgeId());
        if (edge == null) {
            return Decision.reject("edge " + command.edgeId() + " does not exist");
        }
        if (command.validTo() == null) {
            return Decision.reject("edge " + command.edgeId() + ": validTo is missing");
        }
        if (!command.validTo().isAfter(edge.validFrom())) {
            return Decision.reject("edge " + command.edgeId() + ": validTo " + command.validTo()
                    + " is not after validFrom " + edge.validFrom());
        }
        return change(new OwnershipChanged(edge.edgeId(), edge.holderId(), edge.entityId(), edge.economicShare(),
                edge.votingShare(), edge.validFrom(), command.validTo()));
    }

    private Decision change(OwnershipChanged candidate) {
        OwnershipChanged existing = edges.get(candidate.edgeId());
        if (existing != null) {
            if (existing.sameContentAs(candidate)) {
                return Decision.accept(List.of());
            }
            if (!existing.holderId().equals(candidate.holderId()) || !existing.entityId().equals(candidate.entityId())) {
                return Decision.reject("edge " + candidate.edgeId() + " links " + existing.holderId() + " to "
                        + existing.entityId() + "; an edge cannot be moved to other parties");
            }
        }
        Optional<String> problem = problemWith(candidate);
        return problem.<Decision>map(p -> Decision.reject("edge " + candidate.edgeId() + ": " + p))
                .orElseGet(() -> Decision.accept(List.of(candidate)));
    }

    /** Checks the structure with the candidate on every date where the set of valid edges changes. */
    private Optional<String> problemWith(OwnershipChanged candidate) {
        Map<String, OwnershipChanged> next = new HashMap<>(edges);
        next.put(candidate.edgeId(), candidate);
        TreeSet<LocalDate> dates = new TreeSet<>();
        dates.add(candidate.validFrom());
        for (OwnershipChanged edge : next.values()) {
            for (LocalDate date : new LocalDate[]{edge.validFrom(), edge.validTo()}) {
                if (date != null && candidate.validOn(date)) {
                    dates.add(date);
                }
            }
        }
        for (LocalDate date : dates) {
            List<LookThrough.Edge> valid = new ArrayList<>();
            Map<String, BigDecimal> voting = new HashMap<>();
            for (OwnershipChanged edge : next.values()) {
                if (edge.validOn(date)) {
                    valid.add(new LookThrough.Edge(edge.holderId(), edge.entityId(), edge.economicShare()));
                    voting.merge(edge.entityId(), edge.votingShare(), BigDecimal::add);
                }
            }
            Optional<String> problem = LookThrough.check(parties.keySet(), valid);
            if (problem.isPresent()) {
                return Optional.of("on " + date + " " + problem.get());
            }
            BigDecimal votes = voting.getOrDefault(candidate.entityId(), BigDecimal.ZERO);
            if (votes.compareTo(BigDecimal.ONE) > 0) {
                return Optional.of("on " + date + " the voting shares of " + candidate.entityId() + " add up to "
                        + votes.stripTrailingZeros().toPlainString() + ", more than 100%");
            }
        }
        return Optional.empty();
    }

    private static String text(BigDecimal value) {
        return value == null ? "(missing)" : value.toPlainString();
    }
}
