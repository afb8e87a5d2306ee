package io.mosaic.runtime;

import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.ProcessedMessages;
import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.KeyService;
import io.mosaic.hsm.Signer;
import io.mosaic.messaging.Bus;
import io.mosaic.messaging.EnvelopeHeader;
import io.mosaic.messaging.EnvelopeRejectedException;
import io.mosaic.messaging.EnvelopeSealer;
import io.mosaic.messaging.PayloadCodec;
import io.mosaic.messaging.SignedEnvelope;
import io.mosaic.messaging.Subscription;
import io.mosaic.policy.Decision;
import io.mosaic.policy.Gate;
import io.mosaic.policy.GateRequest;
import io.mosaic.policy.RuleSet;
import io.mosaic.policy.RuleSets;
import io.mosaic.runtime.host.LoadedPlugin;
import io.mosaic.runtime.host.ManifestReader;
import io.mosaic.runtime.host.PluginHost;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.EventStore;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.MosaicPlugin;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.UndeclaredMessageException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One tenant's runtime: its plugins (Felix bundles and PF4J apps, through one {@link PluginHost}),
 * their subscriptions on the bus, and the delivery pipeline every envelope passes before plugin code sees it:
 * tenant check, signature, signer binding, replay, gate (manifest + rule set + grants), decryption.
 * Every refusal is written to the audit trail; nothing is dropped silently.
 */
public final class TenantRuntime implements AutoCloseable {
    /** The platform's own sender for commands that arrive through the API. */
    public static final String GATEWAY = "platform.gateway";
    private static final Logger LOG = Logger.getLogger(TenantRuntime.class.getName());
    /** Timeout of every round trip to an app's own process ({@code -Dmosaic.isolated.timeout-ms}, default 10 s). */
    private static final java.time.Duration ISOLATED_TIMEOUT = java.time.Duration.ofMillis(
            Long.getLong("mosaic.isolated.timeout-ms", IsolatedApp.DEFAULT_TIMEOUT.toMillis()));

    private final String tenant;
    private final PluginHost host;
    private final Bus bus;
    private final KeyService keys;
    private final Journal journal;
    private final ProcessedMessages processed;
    private final AuditTrail audit;
    private final Gate gate;
    private final EnvelopeSealer sealer;
    private final Clock clock;
    /** What became of the commands the gateway accepted (pending, done, rejected, denied). */
    private final CommandOutcomes outcomes;
    private final PluginId gatewayId;
    private final GrantLedger grants;
    private final AppRemovals removals;
    private final java.util.concurrent.ScheduledExecutorService timer;
    private final Map<String, java.util.concurrent.ScheduledFuture<?>> armed = new ConcurrentHashMap<>();
    private final SubjectDirectory subjects;
    private final Map<String, java.util.Deque<Path>> history = new ConcurrentHashMap<>();
    private final Map<String, Running> plugins = new ConcurrentHashMap<>();
    private final Map<String, Bus.Consumer> liveConsumers = new ConcurrentHashMap<>();
    private final List<LiveListener> liveListeners = new CopyOnWriteArrayList<>();
    private final JournalPublisher outbox;
    private volatile RuntimeObserver observer = RuntimeObserver.NONE;
    /** How often the journal publisher looks for outbox entries nobody drained ({@code -Dmosaic.outbox.poll-ms}). */
    private static final java.time.Duration OUTBOX_POLL = java.time.Duration.ofMillis(
            Long.getLong("mosaic.outbox.poll-ms", 1_000));

    TenantRuntime(String tenant, Path dataDir, Bus bus, KeyService keys, Journal journal, ProcessedMessages processed,
                  AuditTrail audit, Clock clock, String platformVersion) {
        this.tenant = tenant;
        this.host = new PluginHost(tenant, dataDir);
        this.bus = bus;
        this.keys = keys;
        this.journal = journal;
        this.processed = processed;
        this.audit = audit;
        this.gate = Gate.forTenant(tenant);
        this.sealer = new EnvelopeSealer(keys);
        this.clock = clock;
        this.outcomes = new CommandOutcomes(clock);
        this.gatewayId = new PluginId(GATEWAY, platformVersion);
        this.grants = new GrantLedger(tenant, journal, clock);
        this.removals = new AppRemovals(tenant, journal, clock);
        this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mosaic-app-removals-" + tenant);
            t.setDaemon(true);
            return t;
        });
        removals.pending().forEach(this::arm);
        this.subjects = new SubjectDirectory(tenant, journal, audit, clock);
        keys.createTenantKey(tenant);
        this.outbox = new JournalPublisher(tenant, journal, keys, sealer, bus, audit, OUTBOX_POLL,
                JournalPublisher.testHooks);
    }

    /** Who hears of deliveries and refusals (the server's metrics); {@link RuntimeObserver#NONE} by default. */
    void observe(RuntimeObserver observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
    }

    private void tell(java.util.function.Consumer<RuntimeObserver> event) {
        try {
            event.accept(observer);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the runtime observer failed; ignored", e);
        }
    }

    /** The journal publisher of this tenant's outbox. */
    JournalPublisher outbox() {
        return outbox;
    }

    public String tenant() {
        return tenant;
    }

    // ---------------------------------------------------------------- plugins

    /**
     * Loads, checks and starts a plugin jar. The tenant administrator's consent is {@code grants}: scopes the
     * manifest asks for that are not granted stay denied. The jar must carry {@code mosaic-plugin.yaml} and
     * {@code policy.yaml}.
     */
    public InstalledPlugin install(Path jar, Set<String> grants) {
        return install(jar, grants, Isolation.IN_PROCESS);
    }

    /**
     * As {@link #install(Path, Set)}; with {@link Isolation#PROCESS} the app (never a domain) runs in a JVM of its own,
     * supervised by this runtime, that reaches the platform only through a pipe to it ({@link IsolatedApp}).
     */
    public synchronized InstalledPlugin install(Path jar, Set<String> grants, Isolation isolation) {
        if (isolation == Isolation.PROCESS) {
            String requested = new ManifestReader().read(jar).plugin().id();
            if (plugins.containsKey(requested) || host.find(requested).isPresent()) {
                throw new PlatformException("plugin '" + requested + "' is already installed in tenant " + tenant
                        + "; uninstall it first");
            }
        }
        LoadedPlugin loaded = isolation == Isolation.PROCESS
                ? IsolatedApp.load(tenant, jar, audit, ISOLATED_TIMEOUT)
                : host.load(jar);
        PluginManifest manifest = loaded.manifest();
        String id = manifest.plugin().id();
        try {
            if (plugins.containsKey(id)) {
                throw new PlatformException("plugin '" + id + "' is already installed in tenant " + tenant
                        + "; uninstall it first");
            }
            if (id.equals(GATEWAY)) {
                throw new PlatformException("plugin id '" + GATEWAY + "' is reserved for the platform");
            }
            // a domain belongs to one plugin per tenant: its rule set, its queries and its message types are that
            // plugin's; an app's domain is its own id, so it can never claim another plugin's
            if (manifest.kind() == PluginKind.APP && !manifest.domain().equals(id)) {
                throw new PlatformException(jar.getFileName() + ": app '" + id + "' declares domain '" + manifest.domain()
                        + "'; an app's domain is its own id");
            }
            if (Set.of("platform", "builtin").contains(manifest.domain())) {
                throw new PlatformException(jar.getFileName() + ": domain '" + manifest.domain() + "' is reserved for the platform");
            }
            plugins.values().stream().filter(r -> r.manifest().domain().equals(manifest.domain())).findFirst()
                    .ifPresent(owner -> {
                        throw new PlatformException(jar.getFileName() + ": domain '" + manifest.domain()
                                + "' belongs to plugin '" + owner.manifest().plugin().id() + "' in tenant " + tenant);
                    });
            String policyText = loaded.resource("policy.yaml").orElseThrow(() -> new PlatformException(
                    jar.getFileName() + ": policy.yaml is missing (every plugin ships the rule set of its domain)"));
            RuleSet ruleSet = RuleSets.parse(jar.getFileName() + "!/policy.yaml", policyText);
            if (!ruleSet.domain().equals(manifest.domain())) {
                throw new PlatformException(jar.getFileName() + "!/policy.yaml: rule set of domain '" + ruleSet.domain()
                        + "' does not belong to the plugin's domain '" + manifest.domain() + "'");
            }
            MessageSchemas schemas = MessageSchemas.none();
            if (!manifest.schemas().isEmpty()) {
                String where = jar.getFileName() + "!/" + manifest.schemas();
                Set<String> types = new HashSet<>(manifest.consumes());
                types.addAll(manifest.publishes());
                schemas = MessageSchemas.parse(where, loaded.resource(manifest.schemas()).orElseThrow(() ->
                        new PlatformException(where + " is missing (the manifest's 'schemas' names it)")), types);
            }
            Set<String> requested = new HashSet<>();
            manifest.scopes().forEach(s -> requested.add(s.scope()));
            Set<String> granted = new HashSet<>(grants);
            granted.retainAll(requested);
            this.grants.setGrants(id, granted, "tenant-admin", "consent at install of " + manifest.plugin());

            if (removals.pendingFor(id).isPresent()) {
                removals.cancelled(id, "tenant-admin");
                java.util.concurrent.ScheduledFuture<?> f = armed.remove(id);
                if (f != null) {
                    f.cancel(false);
                }
                audit.record(tenant, "app-removal-cancelled", "tenant-admin", "", id, "", "", "re-installed within the grace period; its data stays");
            }
            Running running = new Running(loaded, jar, ruleSet, this.grants.granted(id), keys.signer(tenant, id));
            running.schemas = schemas;
            running.context = new Context(running);
            plugins.put(id, running);
            MosaicPlugin instance = loaded.instance();
            instance.start(running.context);
            if (!manifest.consumes().isEmpty()) {
                subscribe(running);
            }
            watchLive(manifest);
            audit.record(tenant, "plugin-installed", "tenant-admin", "", manifest.plugin().toString(), "",
                    "", "granted " + granted + " of requested " + requested);
            LOG.info(() -> "tenant " + tenant + ": installed " + manifest.plugin() + " (" + manifest.kind() + ")");
            return running.info(clock);
        } catch (RuntimeException e) {
            Running half = plugins.remove(id);
            if (half != null && half.consumer != null) {
                half.consumer.close();
            }
            unload(loaded);
            throw e;
        }
    }

    /**
     * Stops a plugin and releases its class loader. Its durable subscription keeps its position, so messages
     * published meanwhile reach it when it is installed again (nothing lost, nothing doubled).
     */
    public synchronized void uninstall(String pluginId) {
        Running running = running(pluginId);
        if (running.consumer != null) {
            running.consumer.close();
        }
        try {
            running.loaded.instance().stop();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "plugin " + pluginId + " failed to stop cleanly", e);
        }
        plugins.remove(pluginId);
        unload(running.loaded);
        audit.record(tenant, "plugin-uninstalled", "tenant-admin", "", running.manifest().plugin().toString(), "", "",
                "uninstalled; subscription kept for re-installation");
        LOG.info(() -> "tenant " + tenant + ": uninstalled " + pluginId);
    }

    /**
     * Removes a marketplace app: tells it (so it deletes copies outside the platform), uninstalls it, and shreds its
     * data on the platform after {@code grace} — unless it is installed again before. Its data is encrypted under keys
     * of its own per business entity, so shredding it leaves the domains' data untouched.
     *
     * @return when its data will be shredded
     */
    public synchronized Instant removeApp(String pluginId, java.time.Duration grace, String actor) {
        Running running = running(pluginId);
        if (running.manifest().kind() != PluginKind.APP) {
            throw new PlatformException("'" + pluginId + "' is a domain of tenant " + tenant + ", not a marketplace app");
        }
        Instant shredAt = clock.instant().plus(grace);
        try {
            ((io.mosaic.sdk.AppPlugin) running.loaded.instance()).onUninstall(shredAt);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "app " + pluginId + " failed to take the uninstall notice", e);
        }
        uninstall(pluginId);
        removals.scheduled(pluginId, shredAt, actor);
        audit.record(tenant, "app-removal-scheduled", actor, "", pluginId, "", "", "data shredded at " + shredAt);
        arm(pluginId, shredAt);
        return shredAt;
    }

    private void arm(String app, Instant shredAt) {
        long delay = Math.max(0, java.time.Duration.between(clock.instant(), shredAt).toMillis());
        armed.put(app, timer.schedule(() -> shredApp(app), delay, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    private synchronized void shredApp(String app) {
        armed.remove(app);
        if (plugins.containsKey(app) || removals.pendingFor(app).isEmpty()) {
            return;
        }
        Set<String> entities = new HashSet<>();
        String prefix = app + "/";
        long offset = 0;
        for (List<io.mosaic.eventstore.StoredEvent> page = journal.readByTag(tenant, "plugin:" + app, offset, 1_000);
             !page.isEmpty(); page = journal.readByTag(tenant, "plugin:" + app, offset, 1_000)) {
            for (io.mosaic.eventstore.StoredEvent e : page) {
                String pid = e.persistenceId();
                int bar = pid.indexOf('|');
                if (pid.startsWith(prefix) && bar > 0) {
                    entities.add(pid.substring(bar + 1));
                }
                offset = e.offset();
            }
        }
        for (String entity : entities) {
            keys.destroyEntityKeys(tenant, PluginEventStore.appKeyEntity(entity, app));
        }
        bus.deleteSubscription(tenant, consumerName(app));
        grants.setGrants(app, Set.of(), "platform", "app removed and its data shredded");
        removals.done(app);
        audit.record(tenant, "app-data-shredded", "platform", "", app, "", "",
                "keys of " + entities.size() + " entities destroyed; its events are unreadable");
    }

    /**
     * Forgets a business entity (crypto-shredding): its data keys and every app's keys for it are destroyed, so its
     * events, snapshots and messages anywhere in the platform become unreadable.
     */
    public synchronized void forgetEntity(String entity, String actor, String reason) {
        keys.destroyEntityKeys(tenant, entity);
        for (String plugin : grants.plugins()) {
            keys.destroyEntityKeys(tenant, PluginEventStore.appKeyEntity(entity, plugin));
        }
        ownersOfEntity.keySet().removeIf(key -> key.endsWith("|" + entity));
        audit.record(tenant, "entity-forgotten", actor, "", entity, "", "", reason);
    }

    /**
     * Replaces an installed plugin by another version of it while messages flow: the old version stops after the
     * message in hand, the new one resumes the same durable subscription, so nothing is lost or doubled. If the new
     * version fails to install, the old one is installed again.
     */
    public synchronized InstalledPlugin update(String pluginId, Path newJar, Set<String> grants) {
        Path previous = running(pluginId).jar;
        InstalledPlugin updated = replace(pluginId, newJar, grants);
        history.computeIfAbsent(pluginId, k -> new java.util.ArrayDeque<>()).push(previous);
        return updated;
    }

    /** Goes back to the version that ran before the last {@link #update}, the same way (nothing lost or doubled). */
    public synchronized InstalledPlugin rollback(String pluginId) {
        java.util.Deque<Path> versions = history.get(pluginId);
        if (versions == null || versions.isEmpty()) {
            throw new PlatformException("plugin '" + pluginId + "' of tenant " + tenant + " has no previous version to roll back to");
        }
        InstalledPlugin back = replace(pluginId, versions.peek(), grants.granted(pluginId));
        versions.pop();
        audit.record(tenant, "plugin-rolled-back", "tenant-admin", "", back.manifest().plugin().toString(), "", "",
                "rolled back to " + back.manifest().plugin());
        return back;
    }

    private InstalledPlugin replace(String pluginId, Path newJar, Set<String> grants) {
        Running old = plugins.get(pluginId);
        if (old == null) {
            throw new PlatformException("plugin '" + pluginId + "' is not installed in tenant " + tenant);
        }
        Path oldJar = old.jar;
        Set<String> oldGrants = old.grants;
        PluginManifest next = new ManifestReader().read(newJar);
        Set<String> unconsented = new java.util.TreeSet<>();
        next.scopes().forEach(s -> {
            if (!oldGrants.contains(s.scope()) && !grants.contains(s.scope())) {
                unconsented.add(s.scope() + " (" + s.reason() + ")");
            }
        });
        if (!unconsented.isEmpty()) {
            audit.record(tenant, "update-refused", "tenant-admin", "", next.plugin().toString(), "", "builtin:consent",
                    "new scopes need consent: " + unconsented);
            throw new PlatformException(next.plugin() + " asks for scopes the tenant has not consented to: " + unconsented
                    + "; the running version " + old.manifest().plugin() + " stays in force");
        }
        Set<String> consent = new HashSet<>(oldGrants);
        consent.addAll(grants);
        Isolation isolation = old.loaded instanceof IsolatedApp.Loaded ? Isolation.PROCESS : Isolation.IN_PROCESS;
        uninstall(pluginId);
        try {
            InstalledPlugin updated = install(newJar, consent, isolation);
            if (!updated.manifest().plugin().id().equals(pluginId)) {
                uninstall(updated.manifest().plugin().id());
                throw new PlatformException(newJar.getFileName() + " is plugin '" + updated.manifest().plugin().id()
                        + "', not a version of '" + pluginId + "'");
            }
            return updated;
        } catch (RuntimeException e) {
            install(oldJar, oldGrants, isolation);
            throw e;
        }
    }

    /** The scopes recorded for a plugin, if consent was ever given in this tenant (empty set: all revoked). */
    public Optional<Set<String>> recordedGrants(String pluginId) {
        return grants.knows(pluginId) ? Optional.of(grants.granted(pluginId)) : Optional.empty();
    }

    /** The scopes a plugin holds now; empty when none (or never installed). */
    public Set<String> grantsOf(String pluginId) {
        return grants.granted(pluginId);
    }

    /** Revokes a scope; the next message that needs it is refused. */
    public synchronized void revoke(String pluginId, String scope, String actor, String reason) {
        grants.revoke(pluginId, scope, actor, reason);
        Running running = plugins.get(pluginId);
        if (running != null) {
            running.grants = grants.granted(pluginId);
        }
        audit.record(tenant, "grant-revoked", actor, "", pluginId, "", scope, reason);
    }

    /** Grants a scope the plugin's manifest requests (consent of a tenant administrator). */
    public synchronized void grant(String pluginId, String scope, String actor, String reason) {
        Running running = running(pluginId);
        boolean requested = running.manifest().scopes().stream().anyMatch(s -> s.scope().equals(scope));
        if (!requested) {
            throw new PlatformException("plugin '" + pluginId + "' does not ask for scope '" + scope + "'");
        }
        grants.grant(pluginId, scope, actor, reason);
        running.grants = grants.granted(pluginId);
        audit.record(tenant, "grant-given", actor, "", pluginId, "", scope, reason);
    }

    /**
     * Replaces the rule set of an installed plugin's domain while messages flow. A rule set that does not load, is of
     * another domain, or does not raise the version is refused with the reason, and the previous one stays in force.
     */
    public synchronized RuleSet replaceRuleSet(String pluginId, String yaml, String actor) {
        Running running = running(pluginId);
        RuleSet next;
        try {
            next = RuleSets.parse(pluginId + "/policy.yaml (new)", yaml);
        } catch (io.mosaic.policy.PolicyException e) {
            audit.record(tenant, "ruleset-refused", actor, "", pluginId, "", "builtin:ruleset", e.getMessage());
            throw e;
        }
        String problem = null;
        if (!next.domain().equals(running.manifest().domain())) {
            problem = "rule set of domain '" + next.domain() + "' cannot replace that of '" + running.manifest().domain() + "'";
        } else if (next.version() <= running.ruleSet.version()) {
            problem = "version " + next.version() + " does not raise the version in force (" + running.ruleSet.version() + ")";
        }
        if (problem != null) {
            audit.record(tenant, "ruleset-refused", actor, "", pluginId, "", "builtin:ruleset", problem);
            throw new PlatformException(problem + "; version " + running.ruleSet.version() + " stays in force");
        }
        RuleSet previous = running.ruleSet;
        running.ruleSet = next;
        audit.record(tenant, "ruleset-changed", actor, "", pluginId, "", "builtin:ruleset",
                "domain " + next.domain() + " v" + previous.version() + " -> v" + next.version());
        return next;
    }

    /** The rule set in force for an installed plugin. */
    public RuleSet ruleSetOf(String pluginId) {
        return running(pluginId).ruleSet;
    }

    /** Envelopes a plugin's subscription gave up on after its retries (never dropped silently), oldest first. */
    public List<EnvelopeHeader> deadLetters(String pluginId) {
        return bus.deadLetters(tenant, consumerName(pluginId)).stream().map(SignedEnvelope::header).toList();
    }

    /** Delivers a dead letter again (through the whole pipeline) after a fix; true when the plugin took it. */
    public boolean replayDeadLetter(String pluginId, UUID envelopeId, String actor) {
        running(pluginId);
        boolean replayed = bus.replay(tenant, consumerName(pluginId), envelopeId);
        audit.record(tenant, replayed ? "dead-letter-replayed" : "dead-letter-replay-failed", actor, "",
                envelopeId.toString(), "", "", "to " + pluginId);
        return replayed;
    }

    /** Pauses delivery to a plugin; its messages wait in its durable subscription. */
    public synchronized void pause(String pluginId) {
        Running running = running(pluginId);
        if (running.consumer != null) {
            running.consumer.close();
            running.consumer = null;
            audit.record(tenant, "plugin-paused", "tenant-admin", "", running.manifest().plugin().toString(), "", "", "delivery paused");
        }
    }

    /** Resumes delivery to a paused plugin, starting with what waited. */
    public synchronized void resume(String pluginId) {
        Running running = running(pluginId);
        if (running.consumer == null && !running.manifest().consumes().isEmpty()) {
            subscribe(running);
            audit.record(tenant, "plugin-resumed", "tenant-admin", "", running.manifest().plugin().toString(), "", "", "delivery resumed");
        }
    }

    private Running running(String pluginId) {
        Running running = plugins.get(pluginId);
        if (running == null) {
            throw new PlatformException("plugin '" + pluginId + "' is not installed in tenant " + tenant);
        }
        return running;
    }

    private void subscribe(Running running) {
        Set<String> domains = new HashSet<>();
        running.manifest().consumes().forEach(t -> domains.add(EnvelopeHeader.domainOf(t)));
        running.consumer = bus.subscribe(new Subscription(tenant, consumerName(running.manifest().plugin().id()), domains, true),
                envelope -> deliver(running, envelope));
    }

    public Collection<InstalledPlugin> installed() {
        List<InstalledPlugin> out = new ArrayList<>();
        plugins.values().forEach(r -> out.add(r.info(clock)));
        return out;
    }

    /** The pid of an app that runs in a process of its own ({@link Isolation#PROCESS}); empty otherwise. */
    public java.util.OptionalLong processOf(String pluginId) {
        Running r = plugins.get(pluginId);
        return r != null && r.loaded instanceof IsolatedApp.Loaded isolated ? isolated.app().pid() : java.util.OptionalLong.empty();
    }

    private void unload(LoadedPlugin loaded) {
        if (loaded instanceof IsolatedApp.Loaded isolated) {
            isolated.release();
        } else {
            host.unload(loaded.manifest().plugin().id());
        }
    }

    /** The class loader of an installed plugin (for tests that prove it is released after uninstall). */
    public Optional<ClassLoader> classLoaderOf(String pluginId) {
        return Optional.ofNullable(plugins.get(pluginId)).map(r -> r.loaded.classLoader());
    }

    // ---------------------------------------------------------------- commands, queries, live events

    /** The one query parameter that names the owner whose data a query asks for; the gate and the domain read it. */
    public static final String OWNER = "owner";
    /**
     * Parameter names that other code once read as an owner. A query carrying one is refused, so that the gate and
     * the domain can never read different owners from one request.
     */
    public static final Set<String> OWNER_ALIASES = Set.of("ownerId", "holder", "holderId", "entity", "owners",
            "client", "clientId", "party", "partyId");
    /** The query every owning domain answers for the platform: the owners of one of its entities. */
    static final String OWNERS_OF = "owners-of";
    private static final int OWNER_CACHE_LIMIT = 100_000;
    /**
     * How long the gateway waits for a domain to know a command's entity before deciding without its owner
     * ({@code -Dmosaic.gateway.owner-wait-ms}, default 2 s).
     */
    private static final java.time.Duration OWNER_WAIT = java.time.Duration.ofMillis(
            Long.getLong("mosaic.gateway.owner-wait-ms", 2_000));
    private final Map<String, List<String>> ownersOfEntity = new ConcurrentHashMap<>();

    /**
     * Sends a command from the API on behalf of {@code subject}. The entity it acts on and the owners it touches are
     * read from its body through the receiving domain's owner declaration (a named entity must be the one the body
     * names); the receiving domain's rule set decides here, for a prompt refusal, and again on delivery.
     *
     * @return the envelope id
     * @throws CommandDenied when the rule set refuses (audited as {@code command-denied})
     */
    public UUID submit(String type, byte[] jsonBody, String subject, String entityOrNull) {
        Running domain = plugins.values().stream().filter(r -> r.manifest().kind() == PluginKind.DOMAIN
                && r.manifest().declaresConsume(type)).findFirst().orElseThrow(() -> new PlatformException(
                "no domain of tenant " + tenant + " accepts commands of type '" + type + "'"));
        checkForm(domain, type, jsonBody);
        UUID id = UUID.randomUUID();
        Bound bound = bind(domain, type, jsonBody, entityOrNull, java.time.Duration.ZERO);
        Decision decision = decideCommand(domain, id, type, subject, bound);
        if (!decision.allowed() && bound.owners().isEmpty() && bound.entity() != null) {
            // the owner may be unknown only because the entity was created a moment ago: wait for it, then decide again
            bound = bind(domain, type, jsonBody, entityOrNull, OWNER_WAIT);
            decision = decideCommand(domain, id, type, subject, bound);
        }
        if (!decision.allowed()) {
            audit.record(tenant, "command-denied", GATEWAY, subject, id.toString(), type, decision.rule(),
                    "owners " + bound.owners() + ": " + decision.reason());
            tell(o -> o.denied(tenant, "command"));
            outcomes.accepted(id, type, subject, bound.entity());
            outcomes.denied(id, decision.rule(), decision.reason());
            throw new CommandDenied(subject + " may not send " + type + ": " + decision.reason(), id);
        }
        EnvelopeHeader header = new EnvelopeHeader(id, tenant, type, 1, gatewayId, subject,
                UUID.randomUUID(), null, clock.instant(), bound.entity(), placeholderKey(bound.entity()));
        outcomes.accepted(id, type, subject, bound.entity());
        try {
            bus.publish(sealer.seal(header, jsonBody, keys.signer(tenant, GATEWAY)));
        } catch (RuntimeException e) {
            outcomes.withdrawn(id);
            throw e;
        }
        return header.id();
    }

    /** What became of the commands accepted here. */
    public CommandOutcomes outcomes() {
        return outcomes;
    }

    /** The body is one JSON object of the form the domain's schema gives the type (when it ships one). */
    private static void checkForm(Running domain, String type, byte[] body) {
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = FORM_READER.readTree(body);
        } catch (java.io.IOException e) {
            throw new CommandMalformed(type, List.of(new CommandMalformed.Problem("$", "not JSON: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()))));
        }
        if (tree == null || !tree.isObject()) {
            throw new CommandMalformed(type, List.of(new CommandMalformed.Problem("$", "a command is a JSON object, found "
                    + (tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)))));
        }
        domain.schemas.check(type, tree);
    }

    /** Reads bodies for the form check: decimals as written, duplicate fields refused. */
    private static final com.fasterxml.jackson.databind.ObjectReader FORM_READER = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .reader();

    /** The schemas of the domain that accepts commands of {@code type}: for the API description. */
    public Optional<MessageSchemas> schemasOf(String type) {
        return plugins.values().stream().filter(r -> r.manifest().declaresConsume(type) || r.manifest().publishes()
                .contains(type)).map(r -> r.schemas).filter(s -> s.of(type).isPresent()).findFirst();
    }

    /** The schema document of each installed plugin that ships one, by plugin id. */
    public Map<String, MessageSchemas> messageSchemas() {
        Map<String, MessageSchemas> out = new java.util.TreeMap<>();
        plugins.forEach((id, r) -> {
            if (!r.schemas.types().isEmpty()) {
                out.put(id, r.schemas);
            }
        });
        return out;
    }

    private Decision decideCommand(Running domain, UUID id, String type, String subject, Bound bound) {
        return gate.decide(new GateRequest(id, tenant, tenant, type, 1, gatewayId, subject, bound.entity(),
                publishesOf(gatewayId), domain.manifest(), domain.grants, gateAttributes(subject, bound.owners())),
                domain.ruleSet);
    }

    /** The entity a command acts on and the owners it touches. */
    private record Bound(String entity, List<String> owners) {
    }

    /**
     * Reads a command's entity and owners from its body. Without an owner declaration for the type, the requested
     * entity stands and no owner is known (rule sets that need one deny).
     *
     * @throws PlatformException when the body lacks a declared field or names another entity than the request
     */
    private Bound bind(Running domain, String type, byte[] body, String requestedEntity, java.time.Duration wait) {
        Optional<io.mosaic.sdk.OwnedBy> declaration = domain.manifest().ownedBy(type);
        if (declaration.isEmpty()) {
            return new Bound(requestedEntity, List.of());
        }
        OwnerFields fields = OwnerFields.read(type, declaration.get(), body);
        if (requestedEntity != null && fields.entity().isPresent() && !fields.entity().get().equals(requestedEntity)) {
            throw new PlatformException(type + ": the request names entity '" + requestedEntity + "' but the body acts on '"
                    + fields.entity().get() + "' (field '" + declaration.get().entityField().orElseThrow() + "')");
        }
        String entity = fields.entity().orElse(requestedEntity);
        if (!fields.owners().isEmpty() || entity == null) {
            return new Bound(entity, fields.owners());
        }
        // an entity created a moment ago may not be known to its domain yet (the registration is still on its way):
        // wait a little rather than refuse; an entity that does not exist is refused after the wait like another's
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> owners = ownersOf(domain, entity);
        while (owners.isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(20).toNanos());
            owners = ownersOf(domain, entity);
        }
        return new Bound(entity, owners);
    }

    /**
     * The owners of an entity as the domain that keeps it knows them ({@code owners-of?id=}); empty when it does not
     * know the entity (yet). Known answers are cached: an entity does not change owner.
     */
    private List<String> ownersOf(Running domain, String entity) {
        String key = domain.manifest().domain() + "|" + entity;
        List<String> cached = ownersOfEntity.get(key);
        if (cached != null) {
            return cached;
        }
        List<String> owners = new ArrayList<>();
        try {
            domain.loaded.instance().query(new Query(OWNERS_OF, Map.of("id", entity), "platform"))
                    .map(domain.codec::write).ifPresent(json -> readOwners(json, owners));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "domain " + domain.manifest().domain() + " did not answer owners-of " + entity, e);
            return List.of();
        }
        if (!owners.isEmpty()) {
            if (ownersOfEntity.size() > OWNER_CACHE_LIMIT) {
                ownersOfEntity.clear();
            }
            ownersOfEntity.put(key, List.copyOf(owners));
        }
        return List.copyOf(owners);
    }

    private static void readOwners(byte[] json, List<String> into) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            if (node != null && node.isArray()) {
                node.forEach(n -> {
                    if (n.isTextual() && !n.asText().isBlank()) {
                        into.add(n.asText());
                    }
                });
            }
        } catch (java.io.IOException e) {
            throw new PlatformException("owners-of answer is not a JSON list of owner ids", e);
        }
    }

    /** What the gate sees of a subject, and the owners the message or query touches ({@code envelope.owners}). */
    private Map<String, Object> gateAttributes(String subject, List<String> owners) {
        Map<String, Object> known = subjects.gateAttributes(subject);
        return Map.of("subject", known.get("subject"), "owners", owners);
    }

    /**
     * Asks the plugin owning {@code domain} a read-only question; the answer as JSON. The query names at most one
     * owner, with {@value #OWNER}; the gate decides on that owner and the domain answers only for it.
     *
     * @throws QueryDenied when the rule set refuses (audited as {@code query-denied})
     */
    public Optional<byte[]> query(String domain, Query query) {
        Running owner = plugins.values().stream().filter(r -> r.manifest().domain().equals(domain)).findFirst()
                .orElseThrow(() -> new PlatformException("no plugin of tenant " + tenant + " owns domain '" + domain + "'"));
        for (String alias : OWNER_ALIASES) {
            if (query.parameters().containsKey(alias)) {
                throw new PlatformException("query parameter '" + alias + "' is not read: name the owner with '" + OWNER
                        + "' (one owner per query)");
            }
        }
        if (query.name().equals(OWNERS_OF)) {
            throw new PlatformException("'" + OWNERS_OF + "' is asked by the platform only");
        }
        List<String> owners = query.parameter(OWNER).filter(o -> !o.isBlank()).map(List::of).orElse(List.of());
        Decision decision = decideRead(owner, query.subject(), owners);
        if (!decision.allowed()) {
            audit.record(tenant, "query-denied", GATEWAY, query.subject(), owners.isEmpty() ? "" : owners.getFirst(),
                    domain + ".Query", decision.rule(), query.name() + " " + query.parameters() + ": " + decision.reason());
            tell(o -> o.denied(tenant, "query"));
            throw new QueryDenied(query.subject() + " may not ask " + domain + " '" + query.name() + "': " + decision.reason());
        }
        return owner.loaded.instance().query(query).map(owner.codec::write);
    }

    /**
     * Reads pass the gate too: a read is decided as a message of type {@code <domain>.Query} from the gateway, for
     * the asking subject, with the owners it touches as {@code envelope.owners} (and the first as the entity), so the
     * receiving domain's rule set says who sees whose data (docs/security.md, "Who sees what").
     */
    private Decision decideRead(Running owner, String subject, List<String> owners) {
        String type = owner.manifest().domain() + ".Query";
        GateRequest request = new GateRequest(UUID.randomUUID(), tenant, tenant, type, 1, gatewayId, subject,
                owners.isEmpty() ? null : owners.getFirst(), Set.of(type), owner.queryReceiver(), owner.grants,
                gateAttributes(subject, owners));
        if (owner.appReads != null) {
            // an app's own rule set can only narrow who reads it: the platform's rules for reads decide first
            Decision platform = gate.decide(request, owner.appReads);
            if (!platform.allowed()) {
                return platform;
            }
        }
        return gate.decide(request, owner.ruleSet);
    }

    /**
     * Registers a listener of all the tenant's live messages, unfiltered: for the platform's own projections only,
     * never for a person.
     *
     * @return a handle that removes it
     */
    public AutoCloseable onLive(Consumer<LiveEvent> listener) {
        LiveListener l = new LiveListener(null, listener);
        liveListeners.add(l);
        return () -> liveListeners.remove(l);
    }

    /**
     * Registers a person's listener of the live messages: each message reaches it only if the rule set of the domain
     * that sent it lets {@code subject} read the owners of the message's entity (decided as {@code <domain>.Query},
     * like a query for those owners).
     */
    public AutoCloseable onLive(String subject, Consumer<LiveEvent> listener) {
        LiveListener l = new LiveListener(Objects.requireNonNull(subject, "subject"), listener);
        liveListeners.add(l);
        return () -> liveListeners.remove(l);
    }

    private record LiveListener(String subjectOrNull, Consumer<LiveEvent> consumer) {
    }

    public AuditTrail audit() {
        return audit;
    }

    /** The tenant's subjects (roles, advisors' clients, shares) that rules see as {@code subject.*}. */
    public SubjectDirectory subjects() {
        return subjects;
    }

    // ---------------------------------------------------------------- the pipeline

    private void deliver(Running receiver, SignedEnvelope envelope) {
        EnvelopeHeader h = envelope.header();
        String consumer = consumerName(receiver.manifest().plugin().id());
        String receiverId = receiver.manifest().plugin().toString();
        if (!receiver.manifest().declaresConsume(h.type())) {
            return; // routing, not a decision: the topic carries the domain's other types too
        }
        if (!tenant.equals(h.tenant())) {
            reject(h, receiverId, "builtin:tenant", "envelope of tenant '" + h.tenant() + "' on a topic of tenant '" + tenant + "'");
            return;
        }
        KeyRef signer = envelope.signerKeyRef();
        if (!signer.tenant().equals(tenant) || !signer.name().equals(h.sender().id() + "/sig")) {
            reject(h, receiverId, "builtin:signer-binding", "signed with " + signer + ", which is not the key of sender "
                    + h.sender().id());
            return;
        }
        EnvelopeSealer.Verified verified;
        try {
            verified = sealer.verified(envelope);
        } catch (EnvelopeRejectedException e) {
            reject(h, receiverId, "builtin:signature", e.getMessage());
            return;
        }
        if (processed.isProcessed(tenant, consumer, h.id())) {
            reject(h, receiverId, "builtin:replay", "envelope " + h.id() + " was already processed by " + consumer);
            return;
        }
        // a command from the API: its entity and owners are read from the body (decrypted here, by the platform),
        // so that the rule set decides on what the command really touches, not on what its header claims
        EnvelopeSealer.Opened opened = null;
        List<String> owners = List.of();
        if (h.sender().id().equals(GATEWAY) && receiver.manifest().ownedBy(h.type()).isPresent()) {
            try {
                opened = sealer.decrypt(verified);
            } catch (EnvelopeRejectedException e) {
                reject(h, receiverId, "builtin:" + e.reason().name().toLowerCase(), e.getMessage());
                return;
            }
            try {
                Bound bound = bind(receiver, h.type(), opened.payload(), h.entityOrNull(), java.time.Duration.ZERO);
                if (!Objects.equals(bound.entity(), h.entityOrNull())) {
                    throw new PlatformException(h.type() + ": the envelope names entity '" + h.entityOrNull()
                            + "' but the body acts on '" + bound.entity() + "'");
                }
                owners = bound.owners();
            } catch (PlatformException e) {
                reject(h, receiverId, "builtin:entity-binding", e.getMessage());
                return;
            }
        }
        Decision decision = gate.decide(new GateRequest(h.id(), h.tenant(), tenant, h.type(), h.schemaVersion(),
                h.sender(), h.subject(), h.entityOrNull(), publishesOf(h.sender()), receiver.manifest(),
                receiver.grants, gateAttributes(h.subject(), owners)), receiver.ruleSet);
        if (!decision.allowed()) {
            reject(h, receiverId, decision.rule(), decision.reason());
            return;
        }
        if (receiver.manifest().kind() == PluginKind.APP) {
            // what an app receives is the bank's consent, not its own jar's rule set: the domain that sent the type
            // names the scope it takes, and the tenant must have granted it (the jar's rules can only narrow this)
            Optional<String> scope = Optional.ofNullable(plugins.get(h.sender().id()))
                    .filter(r -> r.manifest().kind() == PluginKind.DOMAIN)
                    .flatMap(r -> r.manifest().appScope(h.type()));
            if (scope.isEmpty()) {
                reject(h, receiverId, "builtin:app-scope", "no app receives " + h.type() + ": its domain names no scope"
                        + " for apps");
                return;
            }
            if (!receiver.grants.contains(scope.get())) {
                reject(h, receiverId, "builtin:app-scope", h.type() + " needs the scope " + scope.get()
                        + ", which the tenant has not granted to " + receiver.manifest().plugin().id());
                return;
            }
        }
        if (opened == null) {
            try {
                opened = sealer.decrypt(verified);
            } catch (EnvelopeRejectedException e) {
                reject(h, receiverId, "builtin:" + e.reason().name().toLowerCase(), e.getMessage());
                return;
            }
        }
        boolean command = h.sender().id().equals(GATEWAY);
        try {
            receiver.loaded.instance().onMessage(new EnvelopeView(opened.header(), opened.payload(), receiver.codec));
        } catch (RuntimeException failed) {
            if (command) {
                outcomes.failed(h.id());
            }
            throw failed;
        }
        processed.markProcessed(tenant, consumer, h.id());
        if (command) {
            outcomes.handled(h.id());
        }
        tell(o -> o.delivered(tenant, receiver.manifest().plugin().id()));
    }

    private void reject(EnvelopeHeader h, String receiver, String rule, String reason) {
        if (h.sender().id().equals(GATEWAY) && !rule.equals("builtin:replay")) {
            outcomes.denied(h.id(), rule, reason);
        }
        audit.record(tenant, "delivery-denied", h.sender().toString(), h.subject(), h.id().toString(), h.type(),
                rule, "to " + receiver + ": " + reason);
        tell(o -> o.denied(tenant, "delivery"));
    }

    /** What a sender declared it publishes: its manifest's list, or for the gateway the commands of installed domains. */
    private Set<String> publishesOf(PluginId sender) {
        if (sender.id().equals(GATEWAY)) {
            Set<String> commands = new HashSet<>();
            plugins.values().stream().filter(r -> r.manifest().kind() == PluginKind.DOMAIN)
                    .forEach(r -> commands.addAll(r.manifest().consumes()));
            return commands;
        }
        Running r = plugins.get(sender.id());
        if (r == null || !r.manifest().plugin().equals(sender)) {
            return Set.of();
        }
        return Set.copyOf(r.manifest().publishes());
    }

    private void watchLive(PluginManifest manifest) {
        Set<String> domains = new HashSet<>();
        domains.add(manifest.domain());
        manifest.consumes().forEach(t -> domains.add(EnvelopeHeader.domainOf(t)));
        for (String domain : domains) {
            liveConsumers.computeIfAbsent(domain, d -> bus.subscribe(
                    new Subscription(tenant, "platform-live-" + d + "-" + UUID.randomUUID(), Set.of(d), false),
                    this::publishLive));
        }
    }

    private void publishLive(SignedEnvelope envelope) {
        if (liveListeners.isEmpty() || !tenant.equals(envelope.header().tenant())) {
            return;
        }
        EnvelopeSealer.Opened opened;
        try {
            opened = sealer.open(envelope);
        } catch (EnvelopeRejectedException e) {
            LOG.fine(() -> "live view skips " + envelope.header().id() + ": " + e.getMessage());
            return;
        }
        EnvelopeHeader h = opened.header();
        LiveEvent event = new LiveEvent(h.id(), h.tenant(), h.type(), h.sender().toString(), h.subject(),
                h.entityOrNull(), h.occurredAt(), new String(opened.payload(), java.nio.charset.StandardCharsets.UTF_8));
        Running domain = null;
        List<String> owners = null;
        for (LiveListener l : liveListeners) {
            if (l.subjectOrNull() != null) {
                if (owners == null) {
                    domain = sendingDomain(h.type());
                    owners = domain == null ? List.of() : liveOwners(domain, h, opened.payload());
                }
                if (domain == null || !decideRead(domain, l.subjectOrNull(), owners).allowed()) {
                    continue;
                }
            }
            try {
                l.consumer().accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "live listener failed; removing it", e);
                liveListeners.remove(l);
            }
        }
    }

    /** The plugin owning the domain a message type belongs to (the one that sent it), or null. */
    private Running sendingDomain(String type) {
        String domain = EnvelopeHeader.domainOf(type);
        return plugins.values().stream().filter(r -> r.manifest().domain().equals(domain)).findFirst().orElse(null);
    }

    /** The owners a live message is about: from its body by the sender's declaration, else through its entity. */
    private List<String> liveOwners(Running domain, EnvelopeHeader h, byte[] payload) {
        try {
            Optional<io.mosaic.sdk.OwnedBy> declaration = domain.manifest().ownedBy(h.type());
            if (declaration.isPresent()) {
                OwnerFields fields = OwnerFields.read(h.type(), declaration.get(), payload);
                if (!fields.owners().isEmpty()) {
                    return fields.owners();
                }
                String entity = fields.entity().orElse(h.entityOrNull());
                return entity == null ? List.of() : ownersOf(domain, entity);
            }
            return h.entityOrNull() == null ? List.of() : ownersOf(domain, h.entityOrNull());
        } catch (PlatformException e) {
            LOG.fine(() -> "live view: owners of " + h.id() + " unknown: " + e.getMessage());
            return List.of();
        }
    }

    /** The sealer replaces it with the data key version that actually encrypts the payload. */
    private KeyRef placeholderKey(String entityOrNull) {
        return entityOrNull == null ? null : KeyRef.dataKey(tenant, entityOrNull, 1);
    }

    private static String consumerName(String pluginId) {
        return "plugin-" + pluginId;
    }

    @Override
    public synchronized void close() {
        for (String id : List.copyOf(plugins.keySet())) {
            Running r = plugins.remove(id);
            if (r.consumer != null) {
                r.consumer.close();
            }
            try {
                r.loaded.instance().stop();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "plugin " + id + " failed to stop cleanly", e);
            }
            if (r.loaded instanceof IsolatedApp.Loaded isolated) {
                isolated.release();
            }
        }
        timer.shutdownNow();
        outbox.close();
        liveConsumers.values().forEach(Bus.Consumer::close);
        liveConsumers.clear();
        host.close();
    }

    // ---------------------------------------------------------------- per plugin

    private final class Running {
        final LoadedPlugin loaded;
        final Path jar;
        volatile RuleSet ruleSet;
        /** For an app: the platform's rules for reads of it ({@link AppReads}), applied before its own. */
        final RuleSet appReads;
        volatile Set<String> grants;
        final Signer signer;
        final java.time.Instant installedAt;
        /** Jackson caches of this plugin's classes live and die with the installation. */
        final PayloadCodec codec = PayloadCodec.create();
        volatile Bus.Consumer consumer;
        Context context;
        /** The JSON Schema of its messages, as its jar ships it; commands are checked against it at the gateway. */
        volatile MessageSchemas schemas = MessageSchemas.none();

        Running(LoadedPlugin loaded, Path jar, RuleSet ruleSet, Set<String> grants, Signer signer) {
            this.loaded = loaded;
            this.jar = jar;
            this.ruleSet = ruleSet;
            this.appReads = loaded.manifest().kind() == PluginKind.APP ? AppReads.ruleSet(loaded.manifest().domain()) : null;
            this.grants = grants;
            this.signer = signer;
            this.installedAt = clock.instant();
        }

        PluginManifest manifest() {
            return loaded.manifest();
        }

        private volatile PluginManifest queryReceiver;

        /** The manifest as the gate sees it for queries: it "consumes" {@code <domain>.Query}. */
        PluginManifest queryReceiver() {
            PluginManifest m = queryReceiver;
            if (m == null) {
                PluginManifest base = manifest();
                List<String> consumes = new ArrayList<>(base.consumes());
                consumes.add(base.domain() + ".Query");
                m = new PluginManifest(base.plugin(), base.publisher(), base.kind(), base.domain(), base.entryClass(),
                        consumes, base.publishes(), base.scopes(), base.config(), base.owners(), base.appScopes(),
                        base.schemas());
                queryReceiver = m;
            }
            return m;
        }

        InstalledPlugin info(Clock c) {
            return new InstalledPlugin(manifest(), grants, installedAt, ruleSet.version(), consumer != null);
        }
    }

    private final class Context implements PluginContext {
        private final Running running;
        private final EventStore events;

        Context(Running running) {
            this.running = running;
            PluginManifest m = running.manifest();
            this.events = new PluginEventStore(tenant, m.plugin().id(), m.domain(), m.kind() == PluginKind.APP, journal,
                    keys, running.codec, clock, new PluginEventStore.Publications() {
                        @Override
                        public EnvelopeHeader admit(Message message) {
                            EnvelopeHeader h = header(message);
                            admitted.get().add(Map.entry(h, message));
                            return h;
                        }

                        @Override
                        public void appended() {
                            List<Map.Entry<EnvelopeHeader, Message>> done = admitted.get();
                            done.forEach(e -> caused(e.getKey(), e.getValue()));
                            done.clear();
                            outbox.wake();
                        }

                        @Override
                        public void discarded() {
                            admitted.get().clear();
                        }
                    });
        }

        @Override
        public String tenant() {
            return tenant;
        }

        @Override
        public PluginId self() {
            return running.manifest().plugin();
        }

        @Override
        public Optional<String> config(String key) {
            return Optional.ofNullable(running.manifest().config().get(key));
        }

        @Override
        public void publish(Message message) {
            EnvelopeHeader h = header(message);
            bus.publish(sealer.seal(h, running.codec.write(message.body()), running.signer));
            caused(h, message);
        }

        /** Messages admitted for an append on this thread; they count for a command's outcome once it committed. */
        private final ThreadLocal<List<Map.Entry<EnvelopeHeader, Message>>> admitted = ThreadLocal.withInitial(ArrayList::new);

        /** An event of this domain caused by a command from the API: it goes into that command's outcome. */
        private void caused(EnvelopeHeader h, Message message) {
            Optional<Envelope> cause = message.cause();
            if (cause.isEmpty() || !cause.get().sender().id().equals(GATEWAY)
                    || running.manifest().kind() != PluginKind.DOMAIN) {
                return;
            }
            Optional<String> rejection = Optional.empty();
            if (h.type().endsWith("Rejected")) { // CommandRejected, StatementRejected: the domain refused it
                try {
                    var body = FORM_READER.readTree(running.codec.write(message.body()));
                    String reason = body.path("reason").asText(body.path("error").asText(""));
                    rejection = Optional.of(reason.isEmpty() ? h.type() : reason);
                } catch (java.io.IOException | RuntimeException unreadable) {
                    rejection = Optional.of(h.type());
                }
            }
            outcomes.caused(cause.get().id(), new CommandOutcomes.Caused(h.id(), h.type(),
                    h.entityOrNull() == null ? "" : h.entityOrNull(), h.occurredAt()), rejection);
        }

        /** The header of a message of this plugin, after the gate allowed it (a refusal is audited and thrown). */
        private EnvelopeHeader header(Message message) {
            PluginManifest m = running.manifest();
            Decision decision = gate.checkPublish(m, message.type());
            Optional<Envelope> cause = message.cause();
            String subject = cause.map(Envelope::subject).orElse("plugin:" + m.plugin().id());
            if (!decision.allowed()) {
                audit.record(tenant, "publish-denied", m.plugin().toString(), subject, "", message.type(),
                        decision.rule(), decision.reason());
                tell(o -> o.denied(tenant, "publish"));
                throw new UndeclaredMessageException(m.plugin() + " may not publish " + message.type() + ": "
                        + decision.reason());
            }
            return new EnvelopeHeader(UUID.randomUUID(), tenant, message.type(), 1, m.plugin(),
                    subject, cause.map(Envelope::correlationId).orElseGet(UUID::randomUUID),
                    cause.map(Envelope::id).orElse(null), clock.instant(), message.entity().orElse(null),
                    placeholderKey(message.entity().orElse(null)));
        }

        @Override
        public EventStore events() {
            return events;
        }

        @Override
        public Clock clock() {
            return clock;
        }
    }
}
