package io.mosaic.plugin.esgscreening;

import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.AppPlugin;
import io.mosaic.sdk.ConcurrencyConflictException;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.RecordedEvent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Marketplace app: screens every custody position ({@code custody.HoldingValued}) against the bank's exclusion list
 * and ESG ratings (configuration {@code exclusions} and {@code ratings}, see {@link ScreeningList}), keeps per owner
 * the screened portfolio in its own aggregate {@code esg-portfolio/<ownerId>}, and publishes
 * {@code esg-screening.ExclusionFound} once per holding that enters the exclusion list.
 *
 * <p>Query {@code report} with {@code ownerId} answers an {@link EsgReport}: shares excluded (in total and by
 * category) and unrated, per currency, and the excluded and unrated holdings.
 */
public final class EsgScreeningApp implements AppPlugin {
    static final String DOMAIN = "esg-screening";
    static final String HOLDING_VALUED = "custody.HoldingValued";
    static final String EXCLUSION_FOUND = DOMAIN + ".ExclusionFound";
    static final String AGGREGATE = "esg-portfolio";
    static final int MAX_ATTEMPTS = 5;

    private volatile PluginContext context;
    private volatile ScreeningList list;

    public EsgScreeningApp() {
    }

    @Override
    public void start(PluginContext context) {
        Objects.requireNonNull(context, "context");
        this.list = ScreeningList.parse(context.config(ScreeningList.EXCLUSIONS_KEY),
                context.config(ScreeningList.RATINGS_KEY));
        this.context = context;
    }

    @Override
    public void stop() {
        context = null;
    }

    ScreeningList list() {
        return list;
    }

    @Override
    public void onMessage(Envelope envelope) {
        PluginContext ctx = running();
        if (!HOLDING_VALUED.equals(envelope.type())) {
            throw new EsgScreeningException("esg-screening does not consume " + envelope.type());
        }
        HoldingValued valued = envelope.payload(HoldingValued.class);
        AggregateRef ref = new AggregateRef(AGGREGATE, valued.ownerId());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            List<RecordedEvent> recorded = ctx.events().load(ref);
            List<PortfolioEvent> decided = Portfolio.decide(valued, Portfolio.replay(events(recorded)), list);
            if (decided.isEmpty()) {
                return; // stale or seen before
            }
            List<Message> found = new java.util.ArrayList<>();
            for (PortfolioEvent event : decided) {
                if (event instanceof PortfolioEvent.ExclusionEntered entered) {
                    found.add(Message.of(EXCLUSION_FOUND, entered.toMessage(valued.ownerId()))
                            .entity(valued.ownerId()).causedBy(envelope));
                }
            }
            try {
                // the findings go out with the append (outbox): published once recorded, also after a crash
                ctx.events().append(ref, lastSequence(recorded), decided.stream().map(Record.class::cast).toList(),
                        found);
            } catch (ConcurrencyConflictException conflict) {
                continue; // another writer appended first: reload and decide again
            }
            return;
        }
        throw new EsgScreeningException("owner " + valued.ownerId() + ", holding " + valued.holdingId()
                + ": gave up after " + MAX_ATTEMPTS + " concurrency conflicts");
    }

    @Override
    public Optional<Object> query(Query query) {
        PluginContext ctx = running();
        if (!"report".equals(query.name())) {
            return Optional.empty();
        }
        return query.parameter("owner").map(owner -> Portfolio
                .replay(events(ctx.events().load(new AggregateRef(AGGREGATE, owner)))).report(owner));
    }

    private PluginContext running() {
        PluginContext ctx = context;
        if (ctx == null) {
            throw new EsgScreeningException("the esg-screening app is not started");
        }
        return ctx;
    }

    private static List<PortfolioEvent> events(List<RecordedEvent> recorded) {
        return recorded.stream().<PortfolioEvent>map(e -> e.as(PortfolioEvent.classOf(e.type()))).toList();
    }

    private static long lastSequence(List<RecordedEvent> recorded) {
        return recorded.isEmpty() ? 0 : recorded.getLast().sequence();
    }
}
