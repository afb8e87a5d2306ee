package io.mosaic.plugin.taxlots;

import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.AppPlugin;
import io.mosaic.sdk.ConcurrencyConflictException;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.RecordedEvent;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Marketplace app: keeps tax lots per custody holding from {@code custody.HoldingValued} (an increase of the
 * quantity opens a lot at that date's unit value, a decrease consumes lots first in, first out) in its own aggregate
 * {@code tax-lots/<ownerId>}, and answers the query {@code estimate} with {@code ownerId} and optionally
 * {@code method=FIFO} (the only method; another method has no answer) with a {@link TaxLotEstimate}. An estimate,
 * not tax advice. The app publishes nothing.
 */
public final class TaxLotsApp implements AppPlugin {
    static final String DOMAIN = "tax-lots";
    static final String HOLDING_VALUED = "custody.HoldingValued";
    static final String AGGREGATE = "tax-lots";
    static final String FIFO = "FIFO";
    static final int MAX_ATTEMPTS = 5;

    private volatile PluginContext context;

    public TaxLotsApp() {
    }

    @Override
    public void start(PluginContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public void stop() {
        context = null;
    }

    @Override
    public void onMessage(Envelope envelope) {
        PluginContext ctx = running();
        if (!HOLDING_VALUED.equals(envelope.type())) {
            throw new TaxLotsException("tax-lots does not consume " + envelope.type());
        }
        HoldingValued valued = envelope.payload(HoldingValued.class);
        AggregateRef ref = new AggregateRef(AGGREGATE, valued.ownerId());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            List<RecordedEvent> recorded = ctx.events().load(ref);
            List<LotEvent> decided = LotBook.decide(valued, LotBook.replay(events(recorded)));
            if (decided.isEmpty()) {
                return; // cash, stale, or seen before
            }
            try {
                ctx.events().append(ref, recorded.isEmpty() ? 0 : recorded.getLast().sequence(),
                        decided.stream().map(Record.class::cast).toList());
                return;
            } catch (ConcurrencyConflictException conflict) {
                // another writer appended first: reload and decide again
                continue;
            }
        }
        throw new TaxLotsException("owner " + valued.ownerId() + ", holding " + valued.holdingId() + ": gave up after "
                + MAX_ATTEMPTS + " concurrency conflicts");
    }

    @Override
    public Optional<Object> query(Query query) {
        PluginContext ctx = running();
        if (!"estimate".equals(query.name()) || !FIFO.equalsIgnoreCase(query.parameter("method").orElse(FIFO))) {
            return Optional.empty();
        }
        return query.parameter("owner").map(owner -> TaxLotEstimate.of(owner,
                LotBook.replay(events(ctx.events().load(new AggregateRef(AGGREGATE, owner))))));
    }

    private PluginContext running() {
        PluginContext ctx = context;
        if (ctx == null) {
            throw new TaxLotsException("the tax-lots app is not started");
        }
        return ctx;
    }

    private static List<LotEvent> events(List<RecordedEvent> recorded) {
        return recorded.stream().<LotEvent>map(e -> e.as(LotEvent.classOf(e.type()))).toList();
    }
}
