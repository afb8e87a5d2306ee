package io.mosaic.plugin.structures;

import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.ConcurrencyConflictException;
import io.mosaic.sdk.DomainPlugin;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.RecordedEvent;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The structures domain: parties (persons, families, companies, trusts, foundations, partnerships) and ownership
 * edges with economic and voting shares and validity dates.
 *
 * <p>Streams: {@code party/<partyId>} ({@link PartyRegistered}), {@code ownership/<entityId>} (every
 * {@link OwnershipChanged} of edges into that entity, so its data key protects who owns it), and
 * {@code structures-index/all} ({@link PartyListed}, to find the streams at start). The whole structure is kept in
 * memory (it is small: thousands of parties) because every edge must be checked against all others; it is rebuilt
 * from the journal at start and after a concurrency conflict.
 *
 * <p>Queries: {@code graph?asOf=} → {@link OwnershipGraph}; {@code look-through?holder=&asOf=} →
 * {@link StructureViews.LookThroughView}; {@code party?id=} → {@link StructureViews.PartyView}. {@code asOf}
 * defaults to today (plugin clock, UTC); an unknown holder or party, or an unreadable date, answers empty.
 */
public final class StructuresDomain implements DomainPlugin {
    static final String DOMAIN = "structures";
    static final String COMMAND_REJECTED = DOMAIN + ".CommandRejected";
    static final AggregateRef INDEX = new AggregateRef("structures-index", "all");
    static final int MAX_ATTEMPTS = 5;

    private volatile PluginContext context;
    private volatile Structure structure = Structure.empty();
    private final Map<String, Long> sequences = new HashMap<>();

    public StructuresDomain() {
    }

    @Override
    public synchronized void start(PluginContext context) {
        this.context = Objects.requireNonNull(context, "context");
        rebuild(context);
    }

    @Override
    public void stop() {
        context = null;
    }

    @Override
    public synchronized void onMessage(Envelope envelope) {
        PluginContext ctx = running();
        Class<? extends StructureCommand> type = switch (envelope.type()) {
            case "structures.RegisterParty" -> RegisterParty.class;
            case "structures.SetOwnership" -> SetOwnership.class;
            case "structures.EndOwnership" -> EndOwnership.class;
            default -> throw new StructuresException("the structures domain does not consume " + envelope.type());
        };
        StructureCommand command;
        try {
            command = envelope.payload(type);
        } catch (RuntimeException unreadable) {
            reject(ctx, envelope, "", "the command could not be read: " + unreadable.getMessage(), "");
            return;
        }
        handle(ctx, envelope, command);
    }

    private void handle(PluginContext ctx, Envelope envelope, StructureCommand command) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Structure current = structure;
            switch (current.decide(command)) {
                case Decision.Rejected rejected -> {
                    reject(ctx, envelope, command.reference(), rejected.reason(), partyOf(current, command));
                    return;
                }
                case Decision.Accepted accepted -> {
                    if (accepted.events().isEmpty()) {
                        return;
                    }
                    if (!store(ctx, accepted.events(), envelope)) {
                        rebuild(ctx);
                        continue;
                    }
                    Structure next = current;
                    for (StructureEvent event : accepted.events()) {
                        next = next.evolve(event);
                    }
                    structure = next; // each event went out with its append: the journal publisher publishes it
                    return;
                }
            }
        }
        throw new StructuresException(command.messageType() + " " + command.reference() + " gave up after "
                + MAX_ATTEMPTS + " concurrency conflicts");
    }

    /**
     * Appends each event to its stream together with its message (the outbox: published once it is recorded, also
     * after a crash); false on a concurrency conflict (nothing of that event was stored).
     */
    private boolean store(PluginContext ctx, List<StructureEvent> events, Envelope cause) {
        for (StructureEvent event : events) {
            AggregateRef ref = switch (event) {
                case PartyRegistered registered -> {
                    if (!append(ctx, INDEX, List.of(new PartyListed(registered.partyId())), List.of())) {
                        yield null;
                    }
                    yield new AggregateRef("party", registered.partyId());
                }
                case OwnershipChanged changed -> new AggregateRef("ownership", changed.entityId());
            };
            Message message = Message.of(event.messageType(), event).entity(event.entity()).causedBy(cause);
            if (ref == null || !append(ctx, ref, List.of((Record) event), List.of(message))) {
                return false;
            }
        }
        return true;
    }

    private boolean append(PluginContext ctx, AggregateRef ref, List<? extends Record> events, List<Message> publish) {
        long expected = sequences.getOrDefault(ref.persistenceId(), 0L);
        try {
            sequences.put(ref.persistenceId(), ctx.events().append(ref, expected, events, publish));
            return true;
        } catch (ConcurrencyConflictException conflict) {
            return false;
        }
    }

    private void rebuild(PluginContext ctx) {
        sequences.clear();
        List<StructureEvent> parties = new ArrayList<>();
        List<StructureEvent> edges = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (RecordedEvent listed : load(ctx, INDEX)) {
            ids.add(listed.as(PartyListed.class).partyId());
        }
        for (String id : ids) {
            for (RecordedEvent event : load(ctx, new AggregateRef("party", id))) {
                parties.add(event.as(StructureEvent.classOf(event.type())));
            }
            for (RecordedEvent event : load(ctx, new AggregateRef("ownership", id))) {
                edges.add(event.as(StructureEvent.classOf(event.type())));
            }
        }
        parties.addAll(edges);
        structure = Structure.replay(parties);
    }

    private List<RecordedEvent> load(PluginContext ctx, AggregateRef ref) {
        List<RecordedEvent> events = ctx.events().load(ref);
        sequences.put(ref.persistenceId(), events.isEmpty() ? 0 : events.getLast().sequence());
        return events;
    }

    /**
     * The party a command is about: the party registered, the entity an edge holds (for an edge that ends, the entity
     * of the edge as recorded). A refusal is published under it, so the people bound to that party see it.
     */
    private static String partyOf(Structure current, StructureCommand command) {
        return switch (command) {
            case RegisterParty r -> r.partyId();
            case SetOwnership s -> s.entityId();
            case EndOwnership e -> current.edge(e.edgeId()).map(OwnershipChanged::entityId).orElse("");
        };
    }

    private void reject(PluginContext ctx, Envelope envelope, String reference, String reason, String party) {
        Message message = Message.of(COMMAND_REJECTED, new CommandRejected(envelope.type(), reference, reason, party))
                .causedBy(envelope);
        if (Structure.ID.matcher(party).matches()) {
            message = message.entity(party);
        }
        ctx.publish(message);
    }

    @Override
    public Optional<Object> query(Query query) {
        PluginContext ctx = running();
        Structure current = structure;
        Optional<LocalDate> asOf = date(query, ctx);
        Optional<String> owner = query.parameter("owner");
        return switch (query.name()) {
            case "graph" -> asOf.map(date -> owner.isEmpty() ? current.graph(date)
                    : current.graph(date).restrictedTo(reachable(current, owner.get(), date)));
            case "look-through" -> asOf.flatMap(date -> owner
                    .filter(holder -> current.party(holder).isPresent())
                    .map(holder -> lookThrough(current, holder, date)));
            case "party" -> query.parameter("id")
                    .filter(id -> owner.isEmpty() || reachable(current, owner.get(), date(query, ctx)
                            .orElse(LocalDate.now(ctx.clock()))).contains(id))
                    .flatMap(current::party).map(party -> partyView(current, party));
            case "owners-of" -> query.parameter("id").flatMap(id -> current.party(id).map(p -> List.of(id))
                    .or(() -> current.edges().stream().filter(e -> e.edgeId().equals(id)).findFirst()
                            .map(e -> List.of(e.holderId(), e.entityId()))));
            default -> Optional.empty();
        };
    }

    /**
     * An owner's own structure on a date: the owner and every party it holds, directly or through others. Reads
     * naming an owner answer within it.
     */
    private static Set<String> reachable(Structure current, String owner, LocalDate date) {
        if (current.party(owner).isEmpty()) {
            return Set.of();
        }
        List<OwnershipGraph.Edge> edges = current.graph(date).edges();
        Set<String> parties = new LinkedHashSet<>();
        java.util.ArrayDeque<String> next = new java.util.ArrayDeque<>(List.of(owner));
        while (!next.isEmpty()) {
            String holder = next.poll();
            if (parties.add(holder)) {
                edges.stream().filter(e -> e.holderId().equals(holder)).forEach(e -> next.add(e.entityId()));
            }
        }
        return parties;
    }

    private static StructureViews.LookThroughView lookThrough(Structure current, String holder, LocalDate date) {
        List<StructureViews.EffectiveShare> shares = new ArrayList<>();
        current.graph(date).lookThrough().sharesOf(holder).forEach((entity, share) -> {
            PartyRegistered party = current.party(entity).orElseThrow();
            shares.add(new StructureViews.EffectiveShare(entity, party.kind(), party.name(),
                    StructureViews.rounded(share)));
        });
        return new StructureViews.LookThroughView(holder, date, shares);
    }

    private static StructureViews.PartyView partyView(Structure current, PartyRegistered party) {
        List<OwnershipGraph.Edge> heldBy = new ArrayList<>();
        List<OwnershipGraph.Edge> holds = new ArrayList<>();
        for (OwnershipChanged edge : current.edges()) {
            OwnershipGraph.Edge view = new OwnershipGraph.Edge(edge.edgeId(), edge.holderId(), edge.entityId(),
                    edge.economicShare(), edge.votingShare(), edge.validFrom(), edge.validTo());
            if (edge.entityId().equals(party.partyId())) {
                heldBy.add(view);
            }
            if (edge.holderId().equals(party.partyId())) {
                holds.add(view);
            }
        }
        Comparator<OwnershipGraph.Edge> order = Comparator.comparing(OwnershipGraph.Edge::validFrom)
                .thenComparing(OwnershipGraph.Edge::id);
        heldBy.sort(order);
        holds.sort(order);
        return new StructureViews.PartyView(party.partyId(), party.kind(), party.name(), party.jurisdiction(),
                heldBy, holds);
    }

    private static Optional<LocalDate> date(Query query, PluginContext ctx) {
        Optional<String> text = query.parameter("asOf");
        if (text.isEmpty()) {
            return Optional.of(LocalDate.now(ctx.clock()));
        }
        try {
            return Optional.of(LocalDate.parse(text.get()));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private PluginContext running() {
        PluginContext ctx = context;
        if (ctx == null) {
            throw new StructuresException("the structures domain is not started");
        }
        return ctx;
    }
}
