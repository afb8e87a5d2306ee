package io.mosaic.marketplace.metering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mosaic.marketplace.MarketplaceService;
import io.mosaic.runtime.LiveEvent;
import io.mosaic.runtime.MosaicPlatform;
import io.mosaic.runtime.TenantRuntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The metering projection (docs/marketplace.md, "Metering"): for every tenant it follows the live messages of the
 * installed domains ({@link TenantRuntime#onLive}) and turns them into {@link ComplexityFact}s for
 * {@link MarketplaceService#recordComplexity}.
 * <p>
 * It keeps, per tenant, what the events say exists (parties, current ownership edges, accounts, assets) and derives
 * from it which items belong to which client. The <b>client</b> is the structure the data belongs to: the connected
 * component of the ownership graph that contains the owner or holder of the data (the entity of a party or edge, the
 * {@code ownerId} of a statement, the {@code owner} of an asset), named by its anchor: its FAMILY party (smallest id
 * if several), else its PERSON party, else its party that nobody holds, else its smallest id.
 * <p>
 * Because edges arrive after the parties they link (and on other lanes), attribution is settled in batches: a batch
 * is reconciled {@code quiet} after its last event (at most {@code 10 x quiet} after its first). Reconciling
 * compares what belongs to whom now with the facts recorded so far and records only the difference: an item that
 * moves to another client is removed from the old one and added to the new one. Facts carry the time of their
 * source event (re-attributed items: the time the batch began); ids are derived from tenant, client, item, change and
 * time, so the same reconciliation recorded twice counts once.
 * <p>
 * Live messages are not replayed: after a restart the meter starts from the messages that follow (catching up from
 * the journal is future work, see docs/marketplace.md). Tenants created later are picked up within two seconds.
 */
public final class ComplexityProjection implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ComplexityProjection.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}");
    private static final Set<String> LEGAL_ENTITIES = Set.of("COMPANY", "TRUST", "FOUNDATION", "PARTNERSHIP");
    private static final Duration SCAN = Duration.ofSeconds(2);

    private final MosaicPlatform platform;
    private final MarketplaceService marketplace;
    private final Duration quiet;
    private final ScheduledExecutorService scheduler;
    private final Map<String, TenantRuntime> subscribed = new ConcurrentHashMap<>();
    private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, TenantState> states = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> scan;

    private ComplexityProjection(MosaicPlatform platform, MarketplaceService marketplace, Duration quiet) {
        this.platform = Objects.requireNonNull(platform, "platform");
        this.marketplace = Objects.requireNonNull(marketplace, "marketplace");
        this.quiet = Objects.requireNonNull(quiet, "quiet");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metering-projection");
            t.setDaemon(true);
            return t;
        });
        subscribeTenants();
        this.scan = scheduler.scheduleWithFixedDelay(this::scanTenants, SCAN.toMillis(), SCAN.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Subscribes to every tenant of the platform now (call before messages flow) and to tenants created later. */
    public static ComplexityProjection start(MosaicPlatform platform, MarketplaceService marketplace) {
        return new ComplexityProjection(platform, marketplace, Duration.ofMillis(500));
    }

    private void scanTenants() {
        try {
            if (platform.tenants().isEmpty() && !subscribed.isEmpty()) {
                close(); // the platform was closed (its tenants are cleared): nothing will flow any more
                return;
            }
            subscribeTenants();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "metering: cannot subscribe to new tenants", e);
        }
    }

    private synchronized void subscribeTenants() {
        platform.tenants().forEach((id, runtime) -> {
            if (subscribed.get(id) != runtime) { // new, or re-created after removal
                TenantState state = states.computeIfAbsent(id, TenantState::new);
                subscriptions.put(id, runtime.onLive(state::accept));
                subscribed.put(id, runtime);
            }
        });
    }

    @Override
    public void close() {
        scan.cancel(false);
        subscriptions.forEach((tenant, handle) -> {
            try {
                handle.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "metering: unsubscribing from tenant " + tenant + " failed", e);
            }
        });
        subscriptions.clear();
        scheduler.shutdown();
    }

    // ---------------------------------------------------------------- per tenant

    private record Party(String kind, String jurisdiction, Instant at) {
    }

    private record Edge(String holder, String entity, Instant at) {
    }

    private record Account(String owner, String custodian, String currency, Instant at) {
    }

    private record Asset(String owner, String currency, Instant at) {
    }

    private record Item(String client, Dimension dimension, String item) {
    }

    private final class TenantState {
        private final String tenant;
        private final Map<String, Party> parties = new HashMap<>();
        private final Map<String, Edge> edges = new HashMap<>();
        private final Map<String, Account> accounts = new HashMap<>();
        private final Map<String, Asset> assets = new HashMap<>();
        private final Set<Item> recorded = new HashSet<>();
        private Instant batchStart;
        private Instant batchEnd;
        private long batchStartNanos;
        private ScheduledFuture<?> pending;

        TenantState(String tenant) {
            this.tenant = tenant;
        }

        /** Runs on the bus's threads: a failure is logged (a listener that throws would be removed). */
        void accept(LiveEvent event) {
            try {
                if (apply(event)) {
                    schedule(event.occurredAt() == null ? Instant.now() : event.occurredAt());
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "metering: " + event.type() + " " + event.id() + " of tenant " + tenant
                        + " cannot be read: " + e.getMessage(), e);
            }
        }

        private synchronized boolean apply(LiveEvent event) throws IOException {
            Instant at = event.occurredAt() == null ? Instant.now() : event.occurredAt();
            switch (event.type()) {
                case "structures.PartyRegistered" -> {
                    JsonNode p = read(event);
                    parties.put(text(p, "partyId"), new Party(text(p, "kind"), text(p, "jurisdiction"), at));
                }
                case "structures.OwnershipChanged" -> {
                    JsonNode e = read(event);
                    String validTo = e.path("validTo").isNull() ? "" : e.path("validTo").asText("");
                    if (!validTo.isEmpty() && !LocalDate.parse(validTo).isAfter(LocalDate.ofInstant(at, ZoneOffset.UTC))) {
                        edges.remove(text(e, "edgeId")); // ended: no longer part of the structure
                    } else {
                        edges.put(text(e, "edgeId"), new Edge(text(e, "holderId"), text(e, "entityId"), at));
                    }
                }
                case "custody.StatementImported" -> {
                    JsonNode s = read(event);
                    accounts.put(text(s, "accountId"), new Account(text(s, "ownerId"), text(s, "custodian"),
                            s.path("currency").asText(""), at));
                }
                case "assets.AssetRegistered" -> {
                    JsonNode a = read(event);
                    assets.put(text(a, "assetId"), new Asset(text(a, "owner"), a.path("currency").asText(""), at));
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private synchronized void schedule(Instant at) {
            if (batchStart == null || at.isBefore(batchStart)) {
                batchStart = at;
            }
            if (batchEnd == null || at.isAfter(batchEnd)) {
                batchEnd = at;
            }
            if (pending == null) {
                batchStartNanos = System.nanoTime();
            } else if (System.nanoTime() - batchStartNanos < quiet.multipliedBy(10).toNanos()) {
                pending.cancel(false); // debounce: wait for the structure to settle
            } else {
                return; // the batch waited long enough: the scheduled reconciliation runs
            }
            if (!scheduler.isShutdown()) {
                pending = scheduler.schedule(this::reconcile, quiet.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        synchronized void reconcile() {
            try {
                Instant start = batchStart;
                Instant end = batchEnd;
                pending = null;
                batchStart = null;
                batchEnd = null;
                if (start == null) {
                    return;
                }
                Map<Item, Instant> now = attribution();
                for (Item gone : Set.copyOf(recorded)) {
                    if (!now.containsKey(gone)) {
                        record(gone, end, ComplexityFact.Change.REMOVED);
                        recorded.remove(gone);
                    }
                }
                now.forEach((item, since) -> {
                    if (recorded.add(item)) {
                        record(item, since.isBefore(start) ? start : since, ComplexityFact.Change.ADDED);
                    }
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "metering: reconciling tenant " + tenant + " failed", e);
            }
        }

        private void record(Item item, Instant at, ComplexityFact.Change change) {
            String key = String.join("|", tenant, item.client(), item.dimension().name(), item.item(), change.name(),
                    at.toString());
            marketplace.recordComplexity(new ComplexityFact(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)),
                    tenant, item.client(), at, item.dimension(), item.item(), change));
        }

        /** Which item belongs to which client now, with the time its source event happened. */
        private Map<Item, Instant> attribution() {
            Map<String, String> clients = clients();
            Map<Item, Instant> items = new HashMap<>();
            parties.forEach((id, party) -> {
                if (LEGAL_ENTITIES.contains(party.kind())) {
                    String client = clients.getOrDefault(id, id);
                    put(items, client, Dimension.LEGAL_ENTITY, id, party.at());
                    put(items, client, Dimension.JURISDICTION, party.jurisdiction(), party.at());
                }
            });
            edges.forEach((id, edge) -> {
                Party held = parties.get(edge.entity());
                if (held != null && LEGAL_ENTITIES.contains(held.kind())) {
                    put(items, clients.getOrDefault(edge.entity(), edge.entity()), Dimension.OWNERSHIP_EDGE, id, edge.at());
                }
            });
            accounts.forEach((id, account) -> {
                String client = clients.getOrDefault(account.owner(), account.owner());
                put(items, client, Dimension.BANK_RELATIONSHIP, bank(account.custodian()), account.at());
                put(items, client, Dimension.ACCOUNT, id, account.at());
                put(items, client, Dimension.CURRENCY, account.currency(), account.at());
                String compact = id.replace(" ", "").toUpperCase(Locale.ROOT);
                if (IBAN.matcher(compact).matches()) {
                    put(items, client, Dimension.JURISDICTION, compact.substring(0, 2), account.at());
                }
            });
            assets.forEach((id, asset) -> {
                String client = clients.getOrDefault(asset.owner(), asset.owner());
                put(items, client, Dimension.NON_BANKABLE_ASSET, id, asset.at());
                put(items, client, Dimension.CURRENCY, asset.currency(), asset.at());
            });
            return items;
        }

        private static void put(Map<Item, Instant> items, String client, Dimension dimension, String item, Instant at) {
            if (item == null || item.isBlank() || (dimension == Dimension.CURRENCY && item.equals("XXX"))) {
                return; // XXX: a statement of holdings without holdings has no currency
            }
            items.merge(new Item(client, dimension, item), at, (a, b) -> a.isBefore(b) ? a : b);
        }

        private static String bank(String custodian) {
            return custodian.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        }

        /** Node id to client id: the anchor of its connected component in the ownership graph. */
        private Map<String, String> clients() {
            Map<String, Set<String>> neighbours = new HashMap<>();
            Set<String> held = new HashSet<>();
            parties.keySet().forEach(p -> neighbours.computeIfAbsent(p, x -> new TreeSet<>()));
            edges.values().forEach(e -> {
                neighbours.computeIfAbsent(e.holder(), x -> new TreeSet<>()).add(e.entity());
                neighbours.computeIfAbsent(e.entity(), x -> new TreeSet<>()).add(e.holder());
                held.add(e.entity());
            });
            Map<String, String> clients = new HashMap<>();
            for (String root : new TreeSet<>(neighbours.keySet())) {
                if (clients.containsKey(root)) {
                    continue;
                }
                Set<String> component = new TreeSet<>();
                Deque<String> todo = new ArrayDeque<>(Set.of(root));
                while (!todo.isEmpty()) {
                    String node = todo.pop();
                    if (component.add(node)) {
                        todo.addAll(neighbours.getOrDefault(node, Set.of()));
                    }
                }
                String anchor = component.stream().filter(n -> kind(n).equals("FAMILY")).findFirst()
                        .or(() -> component.stream().filter(n -> kind(n).equals("PERSON")).findFirst())
                        .or(() -> component.stream().filter(n -> !held.contains(n)).findFirst())
                        .orElse(root);
                component.forEach(n -> clients.put(n, anchor));
            }
            return clients;
        }

        private String kind(String party) {
            Party p = parties.get(party);
            return p == null ? "" : p.kind();
        }

        private static JsonNode read(LiveEvent event) throws IOException {
            return JSON.readTree(event.payloadJson());
        }

        private static String text(JsonNode node, String field) {
            String value = node.path(field).asText("");
            if (value.isBlank()) {
                throw new IllegalArgumentException("field '" + field + "' is missing");
            }
            return value;
        }
    }
}
