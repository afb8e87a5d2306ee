package io.mosaic.plugin.marketdata;

import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.ConcurrencyConflictException;
import io.mosaic.sdk.DomainPlugin;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.RecordedEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The market-data domain: FX rates and instrument prices with history, and the import of daily reference-rate
 * files ({@link ReferenceRateCsv}).
 *
 * <p>Streams: {@code fx/<BASE>-<QUOTE>}, {@code price/<instrumentId>}, {@code rate-import/<sha-256 of the file>}
 * (one event per file: the file is stored whole or not at all) and {@code market-data-index/all} listing them.
 * The {@link RateBook} is rebuilt from the journal at start and after a concurrency conflict.
 *
 * <p>Idempotence: a rate or price equal to the one recorded for the same pair (or instrument) and date is not
 * recorded again; a different value is a correction and wins from then on (the journal keeps both). A file whose
 * content was imported before changes nothing; a new file stores only its rates not already recorded.
 *
 * <p>Queries: {@code fx?base=&quote=&date=} → {@link MarketDataViews.FxAnswer} (status PRICED, STALE or MISSING);
 * {@code price?instrumentId=&date=} → {@link MarketDataViews.PriceAnswer}. {@code date} defaults to today (plugin
 * clock, UTC). Config: {@code fx-stale-days} (default 5), {@code price-stale-days} (default 5).
 */
public final class MarketDataDomain implements DomainPlugin {
    static final String DOMAIN = "market-data";
    static final String FX_RATE_RECORDED = DOMAIN + ".FxRateRecorded";
    static final String PRICE_RECORDED = DOMAIN + ".PriceRecorded";
    static final String COMMAND_REJECTED = DOMAIN + ".CommandRejected";
    static final AggregateRef INDEX = new AggregateRef("market-data-index", "all");
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    static final int DEFAULT_STALE_DAYS = 5;
    static final int MAX_ATTEMPTS = 5;

    private volatile PluginContext context;
    private RateBook book = new RateBook();
    private final Set<String> listed = new LinkedHashSet<>();
    private final Map<String, Long> sequences = new HashMap<>();

    public MarketDataDomain() {
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
        Class<? extends MarketDataCommand> type = switch (envelope.type()) {
            case "market-data.RecordFxRate" -> RecordFxRate.class;
            case "market-data.RecordPrice" -> RecordPrice.class;
            case "market-data.ImportReferenceRates" -> ImportReferenceRates.class;
            default -> throw new MarketDataException("the market-data domain does not consume " + envelope.type());
        };
        MarketDataCommand command;
        try {
            command = envelope.payload(type);
        } catch (RuntimeException unreadable) {
            reject(ctx, envelope, "", "the command could not be read: " + unreadable.getMessage());
            return;
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                switch (command) {
                    case RecordFxRate record -> recordRate(ctx, envelope, record);
                    case RecordPrice record -> recordPrice(ctx, envelope, record);
                    case ImportReferenceRates file -> importFile(ctx, envelope, file);
                }
                return;
            } catch (ConcurrencyConflictException conflict) {
                rebuild(ctx); // another writer got there first: reload and decide again
            }
        }
        throw new MarketDataException(command.messageType() + " " + command.reference() + " gave up after "
                + MAX_ATTEMPTS + " concurrency conflicts");
    }

    private void recordRate(PluginContext ctx, Envelope envelope, RecordFxRate command) {
        String problem = !Currencies.isCode(command.base()) ? "base '" + command.base() + "' is not an ISO 4217 code"
                : !Currencies.isCode(command.quote()) ? "quote '" + command.quote() + "' is not an ISO 4217 code"
                : command.base().equals(command.quote()) ? "base and quote are the same currency"
                : command.rate() == null || command.rate().signum() <= 0 ? "rate must be positive"
                : command.date() == null ? "date is missing" : null;
        if (problem != null) {
            reject(ctx, envelope, command.reference(), "FX rate " + command.reference() + ": " + problem);
            return;
        }
        FxRateRecorded event = new FxRateRecorded(command.base(), command.quote(), command.rate(), command.date(),
                command.source());
        if (book.knows(event)) {
            return;
        }
        store(ctx, "fx", event.pair(), event, List.of(Message.of(FX_RATE_RECORDED, event).causedBy(envelope)));
    }

    private void recordPrice(PluginContext ctx, Envelope envelope, RecordPrice command) {
        String problem = !ID.matcher(command.instrumentId()).matches()
                ? "instrument id must be 1-128 letters, digits, '_', '.', ':' or '-'"
                : command.price() == null || command.price().signum() < 0 ? "price must not be negative"
                : !Currencies.isCode(command.currency()) ? "currency '" + command.currency() + "' is not an ISO 4217 code"
                : command.date() == null ? "date is missing" : null;
        if (problem != null) {
            reject(ctx, envelope, command.reference(), "price of " + command.reference() + ": " + problem);
            return;
        }
        PriceRecorded event = new PriceRecorded(command.instrumentId(), command.price(), command.currency(),
                command.date(), command.source());
        if (book.knows(event)) {
            return;
        }
        store(ctx, "price", event.instrumentId(), event,
                List.of(Message.of(PRICE_RECORDED, event).causedBy(envelope)));
    }

    private void importFile(PluginContext ctx, Envelope envelope, ImportReferenceRates command) {
        String sha = sha256(command.csv());
        if (listed.contains(new AggregateRef("rate-import", sha).persistenceId())) {
            return; // this very file was imported before
        }
        switch (ReferenceRateCsv.read(command.fileName(), command.csv())) {
            case ReferenceRateCsv.Failed failed -> reject(ctx, envelope, command.fileName(),
                    "file " + command.fileName() + " rejected, nothing imported: " + String.join("; ", failed.problems()));
            case ReferenceRateCsv.Parsed parsed -> {
                List<FxRateRecorded> fresh = parsed.rates().stream().filter(rate -> !book.knows(rate)).toList();
                if (fresh.isEmpty()) {
                    return;
                }
                List<Message> messages = fresh.stream()
                        .map(rate -> Message.of(FX_RATE_RECORDED, rate).causedBy(envelope)).toList();
                store(ctx, "rate-import", sha, new ReferenceRatesImported(command.fileName(), sha, parsed.rows(), fresh),
                        messages);
            }
        }
    }

    /**
     * Lists the stream (once), appends the event with its messages (the outbox: the platform publishes them once the
     * event is recorded, also after a crash) and adds it to the book.
     */
    private void store(PluginContext ctx, String type, String id, MarketDataEvent event, List<Message> publish) {
        AggregateRef ref = new AggregateRef(type, id);
        if (!listed.contains(ref.persistenceId())) {
            append(ctx, INDEX, new StreamListed(type, id), List.of());
            listed.add(ref.persistenceId());
        }
        append(ctx, ref, (Record) event, publish);
        book.add(event);
    }

    private void append(PluginContext ctx, AggregateRef ref, Record event, List<Message> publish) {
        long expected = sequences.getOrDefault(ref.persistenceId(), 0L);
        sequences.put(ref.persistenceId(), ctx.events().append(ref, expected, List.of(event), publish));
    }

    private void rebuild(PluginContext ctx) {
        sequences.clear();
        listed.clear();
        RateBook rebuilt = new RateBook();
        for (RecordedEvent entry : load(ctx, INDEX)) {
            StreamListed stream = entry.as(StreamListed.class);
            AggregateRef ref = new AggregateRef(stream.type(), stream.id());
            listed.add(ref.persistenceId());
            for (RecordedEvent event : load(ctx, ref)) {
                rebuilt.add(event.as(MarketDataEvent.classOf(event.type())));
            }
        }
        book = rebuilt;
    }

    private List<RecordedEvent> load(PluginContext ctx, AggregateRef ref) {
        List<RecordedEvent> events = ctx.events().load(ref);
        sequences.put(ref.persistenceId(), events.isEmpty() ? 0 : events.getLast().sequence());
        return events;
    }

    private void reject(PluginContext ctx, Envelope envelope, String reference, String reason) {
        ctx.publish(Message.of(COMMAND_REJECTED, new CommandRejected(envelope.type(), reference, reason))
                .causedBy(envelope));
    }

    @Override
    public synchronized Optional<Object> query(Query query) {
        PluginContext ctx = running();
        Optional<LocalDate> date = date(query, ctx);
        return switch (query.name()) {
            case "fx" -> date.flatMap(d -> query.parameter("base").filter(Currencies::isCode)
                    .flatMap(base -> query.parameter("quote").filter(Currencies::isCode)
                            .map(quote -> book.fx(base, quote, d, staleDays(ctx, "fx-stale-days")))));
            case "price" -> date.flatMap(d -> query.parameter("instrumentId")
                    .map(id -> book.price(id, d, staleDays(ctx, "price-stale-days"))));
            default -> Optional.empty();
        };
    }

    private static int staleDays(PluginContext ctx, String key) {
        return ctx.config(key).map(Integer::parseInt).orElse(DEFAULT_STALE_DAYS);
    }

    private static Optional<LocalDate> date(Query query, PluginContext ctx) {
        Optional<String> text = query.parameter("date");
        if (text.isEmpty()) {
            return Optional.of(LocalDate.now(ctx.clock()));
        }
        try {
            return Optional.of(LocalDate.parse(text.get()));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException missing) {
            throw new MarketDataException("SHA-256 is not available in this JVM: " + missing.getMessage());
        }
    }

    private PluginContext running() {
        PluginContext ctx = context;
        if (ctx == null) {
            throw new MarketDataException("the market-data domain is not started");
        }
        return ctx;
    }
}
