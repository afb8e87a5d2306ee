package io.mosaic.plugin.consolidation;

import io.mosaic.plugin.wealthmath.LookThrough;
import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.ConcurrencyConflictException;
import io.mosaic.sdk.DomainPlugin;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.RecordedEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The consolidation domain: net worth, allocation and performance per person, family and entity through
 * look-through ownership, from the events of structures, custody, assets and market-data.
 *
 * <p>Every consumed event becomes a {@link Fact} stored in consolidation's own streams
 * ({@code structure-facts/<entity>}, {@code owner-facts/<owner>}, {@code asset-facts/<asset>},
 * {@code rate-facts/<BASE-QUOTE>}, {@code price-facts/<instrument>}, listed in {@code consolidation-index/all}),
 * stamped with the date it holds from and the time it was recorded; so state survives restarts, and queries can
 * answer as of a past date and as known at a past time. A repeated event (same content) stores nothing.
 *
 * <p>Live: a {@link LiveConsolidation} holds today's figure of every owner in the reporting currency; each event
 * updates only what it touches and {@code consolidation.NetWorthChanged} is published for each owner whose rounded
 * figure or unpriced list changed.
 *
 * <p>Queries (dates ISO; {@code asOf} defaults to today, {@code currency} to the reporting currency,
 * {@code knownAt} (an ISO instant) to now): {@code net-worth?owner=&asOf=&currency=&knownAt=},
 * {@code allocation?owner=&by=assetClass|currency|custodian|region|entity&asOf=&currency=&knownAt=},
 * {@code holdings?entity=&asOf=&knownAt=}, {@code performance?owner=&from=&to=&currency=}. An unknown owner, or
 * an unreadable parameter, answers empty; a structure without solution answers {@link ConsolidationViews.Unavailable}.
 *
 * <p>Config: {@code reporting-currency} (default CHF), {@code fx-stale-days} (default 5).
 */
public final class ConsolidationDomain implements DomainPlugin {
    static final String DOMAIN = "consolidation";
    static final String NET_WORTH_CHANGED = DOMAIN + ".NetWorthChanged";
    static final AggregateRef INDEX = new AggregateRef("consolidation-index", "all");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    static final int MAX_ATTEMPTS = 5;
    private static final System.Logger LOG = System.getLogger(ConsolidationDomain.class.getName());

    private volatile PluginContext context;
    private FactBook book = new FactBook();
    private final Set<String> listed = new LinkedHashSet<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private LiveConsolidation live;
    private LocalDate liveDate;
    private final Map<String, NetWorthChanged> shown = new HashMap<>();

    public ConsolidationDomain() {
    }

    @Override
    public synchronized void start(PluginContext context) {
        this.context = Objects.requireNonNull(context, "context");
        rebuild(context);
        rebuildLive(context);
        shown.clear();
        for (String owner : live.owners()) {
            shown.put(owner, figure(owner));
        }
    }

    @Override
    public void stop() {
        context = null;
    }

    // ---------------------------------------------------------------------------------------------- events

    @Override
    public synchronized void onMessage(Envelope envelope) {
        PluginContext ctx = running();
        Fact fact = toFact(envelope, ctx.clock().instant());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (!book.add(fact)) {
                return; // the same fact again: nothing changes
            }
            try {
                store(ctx, fact);
                break;
            } catch (ConcurrencyConflictException conflict) {
                rebuild(ctx); // another node stored facts first: reload, then decide again
                if (attempt == MAX_ATTEMPTS) {
                    throw new ConsolidationException(envelope.type() + " gave up after " + MAX_ATTEMPTS
                            + " concurrency conflicts");
                }
            }
        }
        publish(ctx, envelope, update(ctx, fact));
    }

    private Fact toFact(Envelope envelope, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try {
            return switch (envelope.type()) {
                case "structures.PartyRegistered" -> {
                    var e = envelope.payload(Inbound.PartyRegistered.class);
                    yield new Fact.PartyFact(e.partyId(), e.kind(), e.name(), today, now);
                }
                case "structures.OwnershipChanged" -> {
                    var e = envelope.payload(Inbound.OwnershipChanged.class);
                    yield new Fact.EdgeFact(e.edgeId(), e.holderId(), e.entityId(), e.economicShare(), e.validFrom(),
                            e.validTo(), now);
                }
                case "custody.HoldingValued" -> {
                    var e = envelope.payload(Inbound.HoldingValued.class);
                    yield new Fact.HoldingFact(e.holdingId(), e.ownerId(), e.custodian(), e.instrumentId(),
                            e.instrumentName(), e.assetClass(), e.region(), e.quantity(), e.currency(),
                            e.marketValue(), e.asOf(), now);
                }
                case "custody.CashFlowRecorded" -> {
                    var e = envelope.payload(Inbound.CashFlowRecorded.class);
                    yield new Fact.FlowFact(e.flowId(), e.ownerId(), e.amount(), e.currency(), e.external(), e.date(),
                            now);
                }
                case "assets.AssetRegistered" -> {
                    var e = envelope.payload(Inbound.AssetRegistered.class);
                    LocalDate registered = e.registeredAt() == null ? today
                            : LocalDate.ofInstant(e.registeredAt(), ZoneOffset.UTC);
                    yield new Fact.AssetFact(e.assetId(), e.owner(), e.name(), e.assetClass(), e.currency(),
                            registered, now);
                }
                case "assets.ValuationRecorded" -> {
                    var e = envelope.payload(Inbound.ValuationRecorded.class);
                    yield new Fact.ValuationFact(e.assetId(), e.valuationId(), e.amount(), e.currency(),
                            e.valuationDate(), now);
                }
                case "market-data.FxRateRecorded" -> {
                    var e = envelope.payload(Inbound.FxRateRecorded.class);
                    yield new Fact.RateFact(e.base(), e.quote(), e.rate(), e.date(), now);
                }
                case "market-data.PriceRecorded" -> {
                    var e = envelope.payload(Inbound.PriceRecorded.class);
                    yield new Fact.PriceFact(e.instrumentId(), e.price(), e.currency(), e.date(), now);
                }
                default -> throw new ConsolidationException("the consolidation domain does not consume "
                        + envelope.type());
            };
        } catch (IllegalArgumentException | NullPointerException unreadable) {
            throw new ConsolidationException(envelope.type() + " " + envelope.id() + " cannot be read as the "
                    + "contract defines it: " + unreadable.getMessage());
        }
    }

    private void store(PluginContext ctx, Fact fact) {
        AggregateRef ref = new AggregateRef(fact.stream(), fact.entity());
        if (!listed.contains(ref.persistenceId())) {
            append(ctx, INDEX, new StreamListed(fact.stream(), fact.entity()));
            listed.add(ref.persistenceId());
        }
        append(ctx, ref, (Record) fact);
    }

    private void append(PluginContext ctx, AggregateRef ref, Record event) {
        long expected = sequences.getOrDefault(ref.persistenceId(), 0L);
        sequences.put(ref.persistenceId(), ctx.events().append(ref, expected, List.of(event)));
    }

    private void rebuild(PluginContext ctx) {
        sequences.clear();
        listed.clear();
        FactBook rebuilt = new FactBook();
        List<RecordedEvent> index = ctx.events().load(INDEX);
        sequences.put(INDEX.persistenceId(), index.isEmpty() ? 0 : index.getLast().sequence());
        for (RecordedEvent entry : index) {
            StreamListed stream = entry.as(StreamListed.class);
            AggregateRef ref = new AggregateRef(stream.type(), stream.id());
            listed.add(ref.persistenceId());
            List<RecordedEvent> events = ctx.events().load(ref);
            sequences.put(ref.persistenceId(), events.isEmpty() ? 0 : events.getLast().sequence());
            for (RecordedEvent event : events) {
                rebuilt.add(event.as(Fact.classOf(event.type())));
            }
        }
        book = rebuilt;
    }

    // ---------------------------------------------------------------------------------------------- live

    private String reportingCurrency(PluginContext ctx) {
        return ctx.config("reporting-currency").orElse("CHF");
    }

    private int staleDays(PluginContext ctx) {
        return ctx.config("fx-stale-days").map(Integer::parseInt).orElse(5);
    }

    private void rebuildLive(PluginContext ctx) {
        Instant now = ctx.clock().instant();
        liveDate = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Position> positions = book.positions(liveDate, now);
        LookThrough lt = solvable(liveDate, now, positions).orElseGet(() -> LookThrough.of(List.of(), List.of()));
        FxTable fx = book.fx(now, staleDays(ctx));
        Map<String, BigDecimal> rates = new HashMap<>();
        String currency = reportingCurrency(ctx);
        for (Position p : positions) {
            if (fx.convert(p.currency(), currency, liveDate) instanceof FxTable.Converted c) {
                rates.put(p.currency(), c.rate());
            }
        }
        live = new LiveConsolidation(currency, lt, positions, rates);
    }

    /** The structure on the date; empty (and logged) when it has no solution: the live view keeps the previous one. */
    private Optional<LookThrough> solvable(LocalDate date, Instant knownAt, java.util.Collection<Position> positions) {
        try {
            return Optional.of(book.lookThrough(date, knownAt, positions));
        } catch (LookThrough.InvalidStructureException invalid) {
            LOG.log(System.Logger.Level.WARNING, "structure on " + date + " has no solution; live figures keep the "
                    + "previous structure: " + invalid.getMessage());
            return Optional.empty();
        }
    }

    private Set<String> update(PluginContext ctx, Fact fact) {
        Instant now = ctx.clock().instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(liveDate)) {
            Set<String> before = new LinkedHashSet<>(live.owners());
            rebuildLive(ctx);
            before.addAll(live.owners());
            return before;
        }
        return switch (fact) {
            case Fact.PartyFact p -> restructure(now, today);
            case Fact.EdgeFact e -> restructure(now, today);
            case Fact.HoldingFact h -> refresh("holding:" + h.holdingId(), book.holding(h.holdingId(), today, now), ctx);
            case Fact.AssetFact a -> refresh("asset:" + a.assetId(), book.asset(a.assetId(), today, now), ctx);
            case Fact.ValuationFact v -> refresh("asset:" + v.assetId(), book.asset(v.assetId(), today, now), ctx);
            case Fact.PriceFact p -> {
                Set<String> changed = new LinkedHashSet<>();
                for (String holdingId : book.holdingsOf(p.instrumentId())) {
                    changed.addAll(refresh("holding:" + holdingId, book.holding(holdingId, today, now), ctx));
                }
                yield changed;
            }
            case Fact.RateFact r -> refreshRates(ctx, Set.of());
            case Fact.FlowFact f -> Set.of();
        };
    }

    private Set<String> restructure(Instant now, LocalDate today) {
        return solvable(today, now, live.positions().values()).map(live::restructure).orElse(Set.of());
    }

    private Set<String> refresh(String positionId, Optional<Position> position, PluginContext ctx) {
        if (position.isEmpty()) {
            return live.remove(positionId);
        }
        Set<String> changed = new LinkedHashSet<>();
        if (!live.currencies().contains(position.get().currency())) {
            changed.addAll(refreshRates(ctx, Set.of(position.get().currency())));
        }
        changed.addAll(live.upsert(position.get()));
        return changed;
    }

    private Set<String> refreshRates(PluginContext ctx, Set<String> extra) {
        FxTable fx = book.fx(ctx.clock().instant(), staleDays(ctx));
        Set<String> currencies = new LinkedHashSet<>(live.currencies());
        currencies.addAll(extra);
        Set<String> changed = new LinkedHashSet<>();
        for (String currency : currencies) {
            switch (fx.convert(currency, live.currency(), liveDate)) {
                case FxTable.Converted c -> changed.addAll(live.rate(currency, c.rate()));
                case FxTable.Missing m -> changed.addAll(live.rateMissing(currency));
            }
        }
        return changed;
    }

    private NetWorthChanged figure(String owner) {
        String currency = live.currency();
        int scale = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return new NetWorthChanged(owner, live.netWorth(owner).setScale(scale, java.math.RoundingMode.HALF_EVEN),
                currency, liveDate, live.unpriced(owner));
    }

    private void publish(PluginContext ctx, Envelope cause, Set<String> changed) {
        for (String owner : changed) {
            NetWorthChanged now = figure(owner);
            NetWorthChanged before = shown.get(owner);
            boolean same = before != null && before.netWorth().compareTo(now.netWorth()) == 0
                    && before.unpriced().equals(now.unpriced());
            if (!same && ID.matcher(owner).matches()) {
                shown.put(owner, now);
                ctx.publish(Message.of(NET_WORTH_CHANGED, now).entity(owner).causedBy(cause));
            }
        }
    }

    /** The live figure of an owner, as last published (for tests and diagnostics). */
    synchronized Optional<NetWorthChanged> shown(String owner) {
        return Optional.ofNullable(shown.get(owner));
    }

    // ---------------------------------------------------------------------------------------------- queries

    @Override
    public synchronized Optional<Object> query(Query query) {
        PluginContext ctx = running();
        try {
            Instant now = ctx.clock().instant();
            Instant knownAt = query.parameter("knownAt").map(Instant::parse).orElse(now);
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            LocalDate asOf = query.parameter("asOf").map(LocalDate::parse).orElse(today);
            String currency = query.parameter("currency").orElse(reportingCurrency(ctx));
            if (!currency.matches("[A-Z]{3}")) {
                return Optional.empty();
            }
            Currency.getInstance(currency);
            return switch (query.name()) {
                case "net-worth" -> owner(query, "owner", knownAt)
                        .map(owner -> consolidator(ctx, asOf, knownAt, currency).netWorth(owner));
                case "allocation" -> owner(query, "owner", knownAt).flatMap(owner -> query.parameter("by")
                        .or(() -> Optional.of("assetClass")).flatMap(Consolidator.Dimension::of)
                        .map(by -> consolidator(ctx, asOf, knownAt, currency).allocation(owner, by)));
                case "holdings" -> owner(query, "owner", knownAt).map(entity -> new ConsolidationViews.Holdings(
                        entity, asOf, consolidator(ctx, asOf, knownAt, currency).holdings(entity)));
                case "performance" -> owner(query, "owner", knownAt).flatMap(owner -> query.parameter("from")
                        .map(LocalDate::parse).map(from -> performance(ctx, owner, from,
                                query.parameter("to").map(LocalDate::parse).orElse(today), currency, knownAt)));
                case "owners-of" -> owner(query, "id", knownAt).map(List::of);
                default -> Optional.empty();
            };
        } catch (DateTimeParseException | IllegalArgumentException unreadable) {
            return Optional.empty();
        } catch (LookThrough.InvalidStructureException invalid) {
            return Optional.of(new ConsolidationViews.Unavailable(query.name(), invalid.getMessage()));
        }
    }

    private Optional<String> owner(Query query, String parameter, Instant knownAt) {
        return query.parameter(parameter).filter(id -> book.party(id, knownAt).isPresent()
                || isPositionOwner(id, knownAt));
    }

    /** Owns a position of any date, as known at {@code knownAt} (an owner need not be a registered party). */
    private boolean isPositionOwner(String id, Instant knownAt) {
        return book.positions(LocalDate.MAX.minusDays(1), knownAt).stream().anyMatch(p -> p.entityId().equals(id));
    }

    private Consolidator consolidator(PluginContext ctx, LocalDate asOf, Instant knownAt, String currency) {
        List<Position> positions = book.positions(asOf, knownAt);
        return new Consolidator(book.lookThrough(asOf, knownAt, positions), positions,
                book.fx(knownAt, staleDays(ctx)), currency, asOf, knownAt);
    }

    private ConsolidationViews.Performance performance(PluginContext ctx, String owner, LocalDate from, LocalDate to,
                                                       String currency, Instant knownAt) {
        Map<LocalDate, Consolidator> byDate = new HashMap<>();
        java.util.function.Function<LocalDate, Consolidator> at =
                date -> byDate.computeIfAbsent(date, d -> consolidator(ctx, d, knownAt, currency));
        List<ConsolidationViews.Unpriced> unpriced = new ArrayList<>();
        List<Returns.Dated> flows = new ArrayList<>();
        List<Returns.Dated> valuations = new ArrayList<>();
        FxTable fx = book.fx(knownAt, staleDays(ctx));
        for (Fact.FlowFact flow : book.externalFlows(knownAt)) {
            if (!flow.validFrom().isAfter(from) || flow.validFrom().isAfter(to)) {
                continue;
            }
            BigDecimal share = at.apply(flow.validFrom()).reach(owner).get(flow.ownerId());
            if (share == null) {
                continue;
            }
            switch (fx.convert(flow.currency(), currency, flow.validFrom())) {
                case FxTable.Converted c -> flows.add(new Returns.Dated(flow.validFrom(),
                        flow.amount().multiply(c.rate(), Returns.MATH).multiply(share, Returns.MATH)));
                case FxTable.Missing m -> unpriced.add(new ConsolidationViews.Unpriced("flow:" + flow.flowId(),
                        flow.ownerId(), "external flow on " + flow.validFrom(), flow.currency(), flow.amount(),
                        share, m.reason()));
            }
        }
        Set<LocalDate> dates = new java.util.TreeSet<>(List.of(from, to));
        for (Returns.Dated flow : flows) {
            Consolidator c = at.apply(flow.date());
            if (book.freshValuationOn(c.reach(owner).keySet(), flow.date(), knownAt)) {
                dates.add(flow.date());
            }
        }
        for (LocalDate date : dates) {
            ConsolidationViews.NetWorth worth = at.apply(date).netWorth(owner);
            unpriced.addAll(worth.unpriced());
            valuations.add(new Returns.Dated(date, worth.netWorth()));
        }
        BigDecimal start = valuations.getFirst().amount();
        BigDecimal end = valuations.getLast().amount();
        BigDecimal net = flows.stream().map(Returns.Dated::amount).reduce(BigDecimal.ZERO, BigDecimal::add);

        Returns.Twr twr = unpriced.isEmpty() ? Returns.twr(from, to, valuations, flows)
                : new Returns.TwrUndefined("some positions or flows could not be converted into " + currency
                + " (see unpriced)", List.of());
        List<Returns.Dated> investor = new ArrayList<>();
        investor.add(new Returns.Dated(from, start.negate()));
        flows.forEach(f -> investor.add(new Returns.Dated(f.date(), f.amount().negate())));
        investor.add(new Returns.Dated(to, end));
        Returns.Irr irr = unpriced.isEmpty() ? Returns.irr(investor)
                : new Returns.NoSolution("some positions or flows could not be converted into " + currency);

        List<ConsolidationViews.SubPeriodView> periods = twr.subPeriods().stream()
                .map(p -> new ConsolidationViews.SubPeriodView(p.start(), p.end(), p.startValue(), p.flows(),
                        p.endValue(), p.periodReturn() == null ? null : rate(p.periodReturn()), p.method()))
                .toList();
        Consolidator last = at.apply(to);
        return switch (twr) {
            case Returns.TwrValue value -> performanceView(owner, from, to, currency, last.round(start),
                    last.round(end), last.round(net), "OK", rate(value.value()),
                    Returns.annualised(value.value(), from, to).orElse(null), null, periods, irr, unpriced);
            case Returns.TwrUndefined undefined -> performanceView(owner, from, to, currency, last.round(start),
                    last.round(end), last.round(net), "UNDEFINED", null, null, undefined.reason(), periods, irr,
                    unpriced);
        };
    }

    private static ConsolidationViews.Performance performanceView(String owner, LocalDate from, LocalDate to,
                                                                  String currency, BigDecimal start, BigDecimal end,
                                                                  BigDecimal net, String twrStatus, BigDecimal twr,
                                                                  BigDecimal annualised, String twrReason,
                                                                  List<ConsolidationViews.SubPeriodView> periods,
                                                                  Returns.Irr irr,
                                                                  List<ConsolidationViews.Unpriced> unpriced) {
        return switch (irr) {
            case Returns.IrrValue v -> new ConsolidationViews.Performance(owner, from, to, currency, start, end, net,
                    twrStatus, twr, annualised, twrReason, periods, "OK", v.rate(), List.of(v.rate()), null, unpriced);
            case Returns.NoSolution n -> new ConsolidationViews.Performance(owner, from, to, currency, start, end, net,
                    twrStatus, twr, annualised, twrReason, periods, "NO_SOLUTION", null, List.of(), n.reason(),
                    unpriced);
            case Returns.SeveralSolutions s -> new ConsolidationViews.Performance(owner, from, to, currency, start,
                    end, net, twrStatus, twr, annualised, twrReason, periods, "SEVERAL_SOLUTIONS", null, s.rates(),
                    "the cash flows change sign more than once and several rates solve them", unpriced);
        };
    }

    private static BigDecimal rate(BigDecimal value) {
        return value.setScale(Consolidator.SHARE_DECIMALS, java.math.RoundingMode.HALF_EVEN);
    }

    private PluginContext running() {
        PluginContext ctx = context;
        if (ctx == null) {
            throw new ConsolidationException("the consolidation domain is not started");
        }
        return ctx;
    }
}
