package io.mosaic.plugin.valuationalerts;

import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.AppPlugin;
import io.mosaic.sdk.ConcurrencyConflictException;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.RecordedEvent;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Marketplace app: warns when an asset's valuation drops by more than a share ({@code drop-threshold}, default
 * {@code 0.10}) below the previous valuation of that asset the app processed.
 *
 * <p>State is event-sourced in the app's own aggregates ({@code watch/<assetId>}, {@code watch-index/all}), so it
 * survives uninstall and reinstall. Queries: {@code processed} with {@code assetId} answers the {@code List} of
 * valuation ids seen, in processing order; {@code alerts} (optionally with {@code assetId}) answers a {@code Map}
 * from asset id to the number of alerts raised, in the order the assets were first seen.
 */
public final class ValuationAlertsApp implements AppPlugin {
    static final String DOMAIN = "valuation-alerts";
    static final String VALUATION_RECORDED = "assets.ValuationRecorded";
    static final String VALUE_DROP_ALERT = DOMAIN + ".ValueDropAlert";
    static final String THRESHOLD_KEY = "drop-threshold";
    static final String DEFAULT_THRESHOLD = "0.10";
    static final AggregateRef INDEX = new AggregateRef("watch-index", "all");
    static final int MAX_ATTEMPTS = 5;
    static final int MAX_INDEX_ATTEMPTS = 20;

    private volatile PluginContext context;
    private volatile BigDecimal threshold;

    public ValuationAlertsApp() {
    }

    @Override
    public void start(PluginContext context) {
        Objects.requireNonNull(context, "context");
        this.threshold = parseThreshold(context.config(THRESHOLD_KEY).orElse(DEFAULT_THRESHOLD));
        this.context = context;
    }

    @Override
    public void stop() {
        context = null;
    }

    static BigDecimal parseThreshold(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.strip());
        } catch (NumberFormatException notANumber) {
            throw new ValuationAlertsException("config " + THRESHOLD_KEY + ": '" + text
                    + "' is not a decimal share (expected e.g. 0.10 for 10%)");
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) >= 0) {
            throw new ValuationAlertsException("config " + THRESHOLD_KEY + ": " + text
                    + " is outside [0, 1) (expected a share, e.g. 0.10 for 10%)");
        }
        return value;
    }

    BigDecimal threshold() {
        return threshold;
    }

    @Override
    public void onMessage(Envelope envelope) {
        PluginContext ctx = running();
        if (!VALUATION_RECORDED.equals(envelope.type())) {
            throw new ValuationAlertsException("valuation-alerts does not consume " + envelope.type());
        }
        ValuationRecorded valuation = envelope.payload(ValuationRecorded.class);
        AggregateRef ref = new AggregateRef("watch", valuation.assetId());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            List<RecordedEvent> recorded = ctx.events().load(ref);
            Watch watch = Watch.replay(events(recorded));
            List<WatchEvent> decided = Watch.decide(valuation, watch, threshold);
            if (decided.isEmpty()) {
                return; // seen before
            }
            if (watch.seen().isEmpty()) {
                watchInIndex(ctx, valuation.assetId());
            }
            List<Message> alerts = new java.util.ArrayList<>();
            for (WatchEvent event : decided) {
                if (event instanceof WatchEvent.AlertRaised alert) {
                    alerts.add(Message.of(VALUE_DROP_ALERT, alert.toAlert(valuation.assetId()))
                            .entity(valuation.assetId()).causedBy(envelope));
                }
            }
            // the alert goes out with the append (outbox): published once recorded, also after a crash
            if (!appended(ctx, ref, lastSequence(recorded), decided.stream().map(Record.class::cast).toList(), alerts)) {
                continue; // another writer appended first: reload and decide again
            }
            return;
        }
        throw new ValuationAlertsException("asset " + valuation.assetId() + ", valuation " + valuation.valuationId()
                + ": gave up after " + MAX_ATTEMPTS + " concurrency conflicts");
    }

    @Override
    public Optional<Object> query(Query query) {
        PluginContext ctx = running();
        return switch (query.name()) {
            case "processed" -> query.parameter("assetId").map(id -> watch(ctx, id).valuationIds());
            case "alerts" -> {
                Map<String, Integer> counts = new LinkedHashMap<>();
                for (String assetId : query.parameter("assetId").map(List::of).orElseGet(() -> watched(ctx))) {
                    counts.put(assetId, watch(ctx, assetId).alerts());
                }
                yield Optional.of(Collections.unmodifiableMap(counts));
            }
            default -> Optional.empty();
        };
    }

    private PluginContext running() {
        PluginContext ctx = context;
        if (ctx == null) {
            throw new ValuationAlertsException("the valuation-alerts app is not started");
        }
        return ctx;
    }

    private static Watch watch(PluginContext ctx, String assetId) {
        return Watch.replay(events(ctx.events().load(new AggregateRef("watch", assetId))));
    }

    private static List<WatchEvent> events(List<RecordedEvent> recorded) {
        return recorded.stream().<WatchEvent>map(event -> event.as(WatchEvent.classOf(event.type()))).toList();
    }

    private static List<String> watched(PluginContext ctx) {
        return List.copyOf(watchedIds(ctx.events().load(INDEX)));
    }

    private static Set<String> watchedIds(List<RecordedEvent> recorded) {
        Set<String> ids = new LinkedHashSet<>();
        recorded.forEach(event -> ids.add(event.as(AssetWatched.class).assetId()));
        return ids;
    }

    /** Lists the asset before its first valuation is stored, so the {@code alerts} query never misses it. */
    private static void watchInIndex(PluginContext ctx, String assetId) {
        for (int attempt = 1; attempt <= MAX_INDEX_ATTEMPTS; attempt++) {
            List<RecordedEvent> recorded = ctx.events().load(INDEX);
            if (watchedIds(recorded).contains(assetId)
                    || appended(ctx, INDEX, lastSequence(recorded), List.of(new AssetWatched(assetId)), List.of())) {
                return;
            }
        }
        throw new ValuationAlertsException("asset " + assetId + ": watch index gave up after " + MAX_INDEX_ATTEMPTS
                + " concurrency conflicts");
    }

    private static boolean appended(PluginContext ctx, AggregateRef ref, long expectedSequence,
                                    List<? extends Record> events, List<Message> publish) {
        try {
            ctx.events().append(ref, expectedSequence, events, publish);
            return true;
        } catch (ConcurrencyConflictException conflict) {
            return false;
        }
    }

    private static long lastSequence(List<RecordedEvent> recorded) {
        return recorded.isEmpty() ? 0 : recorded.getLast().sequence();
    }
}
