package io.mosaic.plugin.assets;

import io.mosaic.sdk.AggregateRef;
import io.mosaic.sdk.ConcurrencyConflictException;
import io.mosaic.sdk.DomainPlugin;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.RecordedEvent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The assets domain: non-bankable assets and their valuations.
 *
 * <p>Consumes {@code assets.RegisterAsset}, {@code assets.RecordValuation} and {@code assets.AttachEvidence}
 * (stored in the asset's stream, encrypted per asset, not published); publishes
 * {@code assets.AssetRegistered}, {@code assets.ValuationRecorded} and {@code assets.CommandRejected}. Each asset is
 * the aggregate {@code asset/<assetId>}; the ids of all assets are listed in {@code asset-index/all}. State is always
 * rebuilt from the journal, which is the truth; there is no cache to go stale.
 *
 * <p>Queries: {@code asset} with parameter {@code id} answers {@link AssetViews.AssetDetails} (empty when there is
 * no such asset); {@code assets} answers a {@code List} of {@link AssetViews.AssetSummary} in registration order;
 * {@code evidence} with {@code assetId} and {@code documentName} answers {@link AssetViews.EvidenceDocument} with
 * the content (empty when there is none). Liabilities (LOAN, MORTGAGE) are assets whose valuations are the
 * outstanding balance; a liability may name the asset it is secured on ({@code linkedAssetId}).
 */
public final class AssetsDomain implements DomainPlugin {
    static final String DOMAIN = "assets";
    static final String REGISTER_ASSET = DOMAIN + ".RegisterAsset";
    static final String RECORD_VALUATION = DOMAIN + ".RecordValuation";
    static final String ATTACH_EVIDENCE = DOMAIN + ".AttachEvidence";
    static final String COMMAND_REJECTED = DOMAIN + ".CommandRejected";
    static final String ASSET = "asset";
    static final AggregateRef INDEX = new AggregateRef("asset-index", "all");
    /** Attempts per command on one asset: conflicts there are rare (one writer per entity at a time). */
    static final int MAX_ATTEMPTS = 5;
    /** Attempts to list a new asset: every registration appends to the index, so conflicts are likelier. */
    static final int MAX_INDEX_ATTEMPTS = 20;

    private volatile PluginContext context;

    public AssetsDomain() {
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
        Optional<AssetCommand> command = read(envelope);
        if (command.isEmpty()) {
            return;
        }
        handle(ctx, envelope, command.get());
    }

    /**
     * Reads. The platform's gate has decided on the query's one {@code owner} parameter; the answer covers that owner
     * only (an asset of another owner is "not found"). Without an owner (the tenant's administrators), all assets.
     * {@code owners-of?id=} is the platform's question: the owner of one asset.
     */
    @Override
    public Optional<Object> query(Query query) {
        PluginContext ctx = running();
        Optional<String> owner = query.parameter("owner");
        return switch (query.name()) {
            case "asset" -> query.parameter("id")
                    .filter(id -> Asset.ASSET_ID.matcher(id).matches())
                    .flatMap(id -> registered(ctx, id))
                    .filter(asset -> ownedBy(asset, owner))
                    .map(AssetViews.AssetDetails::of);
            case "assets" -> Optional.of(listedIds(ctx).stream()
                    .map(id -> registered(ctx, id))
                    .flatMap(Optional::stream)
                    .filter(asset -> ownedBy(asset, owner))
                    .map(AssetViews.AssetSummary::of)
                    .toList());
            case "evidence" -> query.parameter("assetId").filter(id -> Asset.ASSET_ID.matcher(id).matches())
                    .flatMap(id -> registered(ctx, id)).filter(asset -> ownedBy(asset, owner))
                    .flatMap(asset -> evidence(ctx, query));
            case "owners-of" -> query.parameter("id").filter(id -> Asset.ASSET_ID.matcher(id).matches())
                    .flatMap(id -> registered(ctx, id)).map(asset -> List.of(asset.owner()));
            default -> Optional.empty();
        };
    }

    private static boolean ownedBy(AssetState.Registered asset, Optional<String> owner) {
        return owner.isEmpty() || owner.get().equals(asset.owner());
    }

    private PluginContext running() {
        PluginContext ctx = context;
        if (ctx == null) {
            throw new AssetsException("the assets domain is not started");
        }
        return ctx;
    }

    private Optional<AssetCommand> read(Envelope envelope) {
        Class<? extends AssetCommand> type = switch (envelope.type()) {
            case REGISTER_ASSET -> RegisterAsset.class;
            case RECORD_VALUATION -> RecordValuation.class;
            case ATTACH_EVIDENCE -> AttachEvidence.class;
            default -> throw new AssetsException("the assets domain does not consume " + envelope.type());
        };
        try {
            return Optional.of(envelope.payload(type));
        } catch (RuntimeException unreadable) {
            reject(running(), envelope, envelope.entity().orElse(""),
                    "the command could not be read: " + unreadable.getMessage());
            return Optional.empty();
        }
    }

    private void handle(PluginContext ctx, Envelope envelope, AssetCommand command) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Loaded loaded = Asset.ASSET_ID.matcher(command.assetId()).matches()
                    ? load(ctx, new AggregateRef(ASSET, command.assetId()))
                    : new Loaded(AssetState.initial(), 0);
            Decision decision = Asset.decide(command, loaded.state(), linked(ctx, command), ctx.clock().instant());
            switch (decision) {
                case Decision.Rejected rejected -> {
                    reject(ctx, envelope, command.assetId(), rejected.reason());
                    return;
                }
                case Decision.Accepted accepted -> {
                    if (accepted.events().isEmpty()) {
                        return; // a repeat of what is already recorded
                    }
                    if (command instanceof RegisterAsset) {
                        // Listed first: an id listed without a registration is skipped by queries, while a
                        // registration missing from the index would be invisible to the "assets" query.
                        list(ctx, command.assetId());
                    }
                    List<Message> messages = new ArrayList<>();
                    for (AssetEvent event : accepted.events()) {
                        if (event.published()) { // evidence documents stay in the asset's encrypted stream
                            messages.add(Message.of(event.messageType(), event).entity(event.assetId())
                                    .causedBy(envelope));
                        }
                    }
                    // the messages go out with the append (outbox): published once recorded, also after a crash
                    if (!appended(ctx, new AggregateRef(ASSET, command.assetId()), loaded.sequence(),
                            asRecords(accepted.events()), messages)) {
                        continue; // someone else appended first: reload and decide again
                    }
                    return;
                }
            }
        }
        throw new AssetsException("asset " + command.assetId() + ": " + command.messageType() + " gave up after "
                + MAX_ATTEMPTS + " concurrency conflicts");
    }

    /** The registered asset a registration links to, loaded so that the decision can check it. */
    private static Optional<AssetState.Registered> linked(PluginContext ctx, AssetCommand command) {
        if (command instanceof RegisterAsset register && register.linkedAssetId() != null
                && Asset.ASSET_ID.matcher(register.linkedAssetId()).matches()) {
            return registered(ctx, register.linkedAssetId());
        }
        return Optional.empty();
    }

    /** The evidence document of {@code evidence?assetId=…&documentName=…}, read from the asset's stream. */
    private static Optional<Object> evidence(PluginContext ctx, Query query) {
        Optional<String> assetId = query.parameter("assetId").filter(id -> Asset.ASSET_ID.matcher(id).matches());
        Optional<String> documentName = query.parameter("documentName");
        if (assetId.isEmpty() || documentName.isEmpty()) {
            return Optional.empty();
        }
        for (RecordedEvent event : ctx.events().load(new AggregateRef(ASSET, assetId.get()))) {
            if (AssetEvent.classOf(event.type()) == EvidenceAttached.class) {
                EvidenceAttached attached = event.as(EvidenceAttached.class);
                if (attached.documentName().equals(documentName.get())) {
                    return Optional.of(AssetViews.EvidenceDocument.of(attached));
                }
            }
        }
        return Optional.empty();
    }

    private void reject(PluginContext ctx, Envelope envelope, String assetId, String reason) {
        Message message = Message.of(COMMAND_REJECTED, new CommandRejected(envelope.type(), assetId, reason))
                .causedBy(envelope);
        if (Asset.ASSET_ID.matcher(assetId).matches()) {
            message = message.entity(assetId);
        }
        ctx.publish(message);
    }

    private void list(PluginContext ctx, String assetId) {
        for (int attempt = 1; attempt <= MAX_INDEX_ATTEMPTS; attempt++) {
            List<RecordedEvent> recorded = ctx.events().load(INDEX);
            if (ids(recorded).contains(assetId)) {
                return;
            }
            if (appended(ctx, INDEX, lastSequence(recorded), List.of(new AssetListed(assetId)), List.of())) {
                return;
            }
            // another registration listed its asset first: reload the index and try again
        }
        throw new AssetsException("asset " + assetId + ": listing in the asset index gave up after "
                + MAX_INDEX_ATTEMPTS + " concurrency conflicts");
    }

    /** Appends, or answers false when another writer appended after {@code expectedSequence}. */
    private static boolean appended(PluginContext ctx, AggregateRef ref, long expectedSequence,
                                    List<? extends Record> events, List<Message> publish) {
        try {
            ctx.events().append(ref, expectedSequence, events, publish);
            return true;
        } catch (ConcurrencyConflictException conflict) {
            return false;
        }
    }

    /** Every {@link AssetEvent} is a record (the sealed interface permits records only). */
    private static List<Record> asRecords(List<AssetEvent> events) {
        return events.stream().map(Record.class::cast).toList();
    }

    private static Set<String> ids(List<RecordedEvent> indexEvents) {
        Set<String> ids = new LinkedHashSet<>();
        for (RecordedEvent event : indexEvents) {
            ids.add(event.as(AssetListed.class).assetId());
        }
        return ids;
    }

    private static List<String> listedIds(PluginContext ctx) {
        return new ArrayList<>(ids(ctx.events().load(INDEX)));
    }

    private static Optional<AssetState.Registered> registered(PluginContext ctx, String assetId) {
        return load(ctx, new AggregateRef(ASSET, assetId)).state() instanceof AssetState.Registered asset
                ? Optional.of(asset)
                : Optional.empty();
    }

    private static Loaded load(PluginContext ctx, AggregateRef ref) {
        List<RecordedEvent> recorded = ctx.events().load(ref);
        List<AssetEvent> events = recorded.stream()
                .<AssetEvent>map(event -> event.as(AssetEvent.classOf(event.type())))
                .toList();
        return new Loaded(AssetState.replay(events), lastSequence(recorded));
    }

    private static long lastSequence(List<RecordedEvent> recorded) {
        return recorded.isEmpty() ? 0 : recorded.getLast().sequence();
    }

    private record Loaded(AssetState state, long sequence) {
    }
}
