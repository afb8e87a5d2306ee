package io.mosaic.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import io.mosaic.runtime.LiveEvent;
import io.mosaic.runtime.MosaicPlatform;
import io.mosaic.runtime.TenantRuntime;
import io.mosaic.sdk.Query;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The tenant-scoped API: commands into domains, queries of domains, the live stream of the tenant's messages.
 * Every path starts with the tenant; nothing crosses tenants.
 *
 * <pre>
 * POST /api/tenants/{tenant}/commands/{type}?entity={id}   body: the command as JSON   -> 202 {envelopeId} | 400
 * GET  /api/tenants/{tenant}/commands/{envelopeId}                                      -> 200 its outcome | 404
 * GET  /api/tenants/{tenant}/openapi                         the tenant's API description with its command schemas
 * GET  /api/tenants/{tenant}/queries/{domain}/{name}?k=v                                -> 200 answer | 404
 * GET  /api/tenants/{tenant}/events                          (text/event-stream)
 * GET  /api/tenants/{tenant}/me                              -> 200 {subject, roles, owners, clients, shared}
 * </pre>
 * With identity, the subject is the validated token's; without (development, loopback only) the
 * {@code X-Mosaic-Subject} header. What a subject may see or do is decided by the gate (docs/security.md).
 */
final class TenantService implements HttpService {
    private static final Logger LOG = Logger.getLogger(TenantService.class.getName());
    private static final Duration HEARTBEAT = Duration.ofMillis(Long.getLong("mosaic.live.heartbeat-ms", 15_000));
    /** Messages a live stream may fall behind before it is closed. */
    static final int QUEUE = 256;
    /** Open live streams per person (a few browser tabs) and per tenant. */
    static final int STREAMS_PER_SUBJECT = 5;
    static final int STREAMS_PER_TENANT = 1_000;
    /**
     * Requests (commands, queries, {@code /me}) one person may have in flight at once, and a whole tenant
     * ({@code -Dmosaic.limits.requests-per-person}, {@code -Dmosaic.limits.requests-per-tenant}); past them a request
     * gets 429 with {@code Retry-After} at once instead of queueing behind the others.
     */
    static final int REQUESTS_PER_SUBJECT = Integer.getInteger("mosaic.limits.requests-per-person", 16);
    static final int REQUESTS_PER_TENANT = Integer.getInteger("mosaic.limits.requests-per-tenant", 256);
    private final InFlight streams = new InFlight();
    private final InFlight requests = new InFlight();

    private final MosaicPlatform platform;
    private final ServerMetrics metrics;
    private final Identity identity;
    private final PortalSessions sessions;
    private volatile boolean stopping;

    /**
     * @param identity null: no logins yet (loopback only, subject from the {@code X-Mosaic-Subject} header)
     * @param sessions the portal's sessions (a request with a session cookie and no bearer token acts with the
     *                 session's token); null without identity
     */
    TenantService(MosaicPlatform platform, ServerMetrics metrics, Identity identity, PortalSessions sessions) {
        this.platform = platform;
        this.metrics = metrics;
        this.identity = identity;
        this.sessions = sessions;
    }

    /** Who acts: the subject of the request's token for this tenant, or (without identity) the header. */
    private String subjectOf(TenantRuntime tenant, ServerRequest req) {
        return principalOf(tenant, req).map(io.mosaic.identity.Principal::subject).orElseGet(() -> subject(req));
    }

    /** The validated token's principal (its roles recorded in the subject directory); empty without identity. */
    private Optional<io.mosaic.identity.Principal> principalOf(TenantRuntime tenant, ServerRequest req) {
        if (identity == null) {
            return Optional.empty();
        }
        io.mosaic.identity.Principal p = authenticate(tenant, req);
        tenant.subjects().recordRoles(p.subject(), p.roles().stream().map(io.mosaic.identity.Role::realmRole)
                .collect(java.util.stream.Collectors.toSet()), "identity", "platform roles of the token"); // appends only on change
        return Optional.of(p);
    }

    /**
     * The bearer token's principal; without a bearer token, the portal session's (its cookie), where a request that
     * changes something must carry the session's CSRF token: a page of another site cannot send it.
     */
    private io.mosaic.identity.Principal authenticate(TenantRuntime tenant, ServerRequest req) {
        if (sessions != null && req.headers().first(HeaderNames.AUTHORIZATION).isEmpty()) {
            Optional<PortalSessions.Session> session = sessions.of(tenant.tenant(), req);
            if (session.isPresent()) {
                if (!req.prologue().method().equals(io.helidon.http.Method.GET)
                        && !PortalSessions.csrfMatches(session.get(), req)) {
                    throw new Forbidden("a request of the portal session that changes something needs its CSRF token"
                            + " in " + PortalSessions.CSRF_HEADER);
                }
                return identity.authenticate(tenant.tenant(), sessions.accessToken(session.get()),
                        Identity.clientCertificate(req));
            }
        }
        return identity.authenticate(tenant.tenant(), req);
    }

    private volatile AdminService console;

    /** The bank's console routes ({@code /api/tenants/{tenant}/admin/...}) of {@code admin}, with this API's sign-in. */
    TenantService withConsole(AdminService admin) {
        this.console = admin;
        return this;
    }

    void stopping() {
        stopping = true;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{tenant}/me", this::me)
                .post("/{tenant}/commands/{type}", this::command)
                .get("/{tenant}/commands/{id}", this::outcome)
                .get("/{tenant}/openapi", this::openapi)
                .get("/{tenant}/queries/{domain}/{name}", this::query)
                .get("/{tenant}/events", this::events);
        if (console != null) {
            console.consoleRouting(rules, this::principalOf);
        }
    }

    private TenantRuntime tenant(ServerRequest req) {
        String id = req.path().pathParameters().get("tenant");
        return platform.tenant(id).orElseThrow(() -> new NotFound("no tenant '" + id + "'"));
    }

    static String subject(ServerRequest req) {
        return req.headers().first(HeaderNames.create("X-Mosaic-Subject")).orElse("anonymous");
    }

    /**
     * Who the signed-in person is for the gate: roles and the owners bound to them (their own, assigned clients,
     * shared with them). A front end reads it to know which owners to ask for; what each may see is the gate's call.
     */
    private void me(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        String subject = subjectOf(tenant, req);
        try (Permit ignored = admit(tenant, subject)) {
            me(tenant, subject, res);
        }
    }

    private void me(TenantRuntime tenant, String subject, ServerResponse res) {
        var known = tenant.subjects().find(subject);
        ObjectNode n = Json.obj().put("tenant", tenant.tenant()).put("subject", subject);
        var roles = n.putArray("roles");
        var owners = n.putArray("owners");
        var clients = n.putArray("clients");
        var shared = n.putArray("shared");
        known.ifPresent(s -> {
            s.roles().stream().sorted().forEach(roles::add);
            s.owners().stream().sorted().forEach(owners::add);
            s.clients().stream().sorted().forEach(clients::add);
            s.shared().stream().sorted().forEach(shared::add);
        });
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send(Json.write(n));
    }

    private void command(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        String subject = subjectOf(tenant, req);
        try (Permit ignored = admit(tenant, subject)) {
            command(tenant, subject, req, res);
        }
    }

    private void command(TenantRuntime tenant, String subject, ServerRequest req, ServerResponse res) {
        String type = req.path().pathParameters().get("type");
        byte[] body = req.content().as(byte[].class);
        Json.object(body);
        Optional<String> entity = req.query().first("entity").asOptional();
        UUID id = tenant.submit(type, body, subject, entity.orElse(null));
        metrics.command(tenant.tenant(), type);
        String outcome = "/api/tenants/" + tenant.tenant() + "/commands/" + id;
        ObjectNode answer = Json.obj().put("envelopeId", id.toString()).put("type", type);
        entity.ifPresent(e -> answer.put("entity", e));
        answer.put("outcome", outcome);
        res.status(Status.ACCEPTED_202).header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.LOCATION, outcome).send(Json.write(answer));
    }

    /** The tenant's API description: every route plus its installed domains' command types with their schemas. */
    private void openapi(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        String subject = subjectOf(tenant, req);
        try (Permit ignored = admit(tenant, subject)) {
            ApiDescription.serve(req, res, ApiDescription.shared().forTenant(tenant));
        }
    }

    /**
     * What became of a command: {@code pending}, {@code done} (with the events its domain published because of it),
     * {@code rejected} (the domain's reason) or {@code denied} (the gate's rule). Only the person who sent it sees it;
     * to anyone else, as to an id never accepted or no longer kept, it is 404.
     */
    private void outcome(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        String subject = subjectOf(tenant, req);
        try (Permit ignored = admit(tenant, subject)) {
            String text = req.path().pathParameters().get("id");
            UUID id;
            try {
                id = UUID.fromString(text);
            } catch (IllegalArgumentException notUuid) {
                throw new BadRequest("'" + text + "' is not a command's envelope id (a UUID)");
            }
            var outcome = tenant.outcomes().of(id).filter(o -> o.subject().equals(subject)).orElseThrow(() ->
                    new NotFound("no command " + id + " of " + subject + " in tenant " + tenant.tenant() + " (outcomes"
                            + " are kept " + io.mosaic.runtime.CommandOutcomes.KEPT.toHours() + " h)"));
            res.header(HeaderNames.CONTENT_TYPE, "application/json").send(Json.write(outcomeJson(outcome)));
        }
    }

    static ObjectNode outcomeJson(io.mosaic.runtime.CommandOutcomes.Outcome o) {
        ObjectNode n = Json.obj().put("envelopeId", o.id().toString()).put("type", o.type())
                .put("state", o.state().name().toLowerCase(java.util.Locale.ROOT))
                .put("acceptedAt", o.acceptedAt().toString());
        if (!o.entity().isEmpty()) {
            n.put("entity", o.entity());
        }
        if (o.decidedAt() != null) {
            n.put("decidedAt", o.decidedAt().toString());
        }
        if (!o.rule().isEmpty()) {
            n.put("rule", o.rule());
        }
        if (!o.reason().isEmpty()) {
            n.put("reason", o.reason());
        }
        var events = n.putArray("events");
        o.events().forEach(e -> {
            ObjectNode x = events.addObject().put("id", e.id().toString()).put("type", e.type())
                    .put("occurredAt", e.at().toString());
            if (!e.entity().isEmpty()) {
                x.put("entity", e.entity());
            }
        });
        if (o.failures() > 0) {
            n.put("failedAttempts", o.failures());
        }
        n.put("keptUntil", o.keptUntil().toString());
        return n;
    }

    private void query(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        String subject = subjectOf(tenant, req);
        try (Permit ignored = admit(tenant, subject)) {
            query(tenant, subject, req, res);
        }
    }

    private void query(TenantRuntime tenant, String subject, ServerRequest req, ServerResponse res) {
        String domain = req.path().pathParameters().get("domain");
        String name = req.path().pathParameters().get("name");
        Map<String, String> params = new HashMap<>();
        for (String key : req.query().names()) {
            if (req.query().all(key).size() > 1) {
                throw new BadRequest("query parameter '" + key + "' is given " + req.query().all(key).size()
                        + " times; give it once");
            }
            params.put(key, req.query().get(key));
        }
        Optional<byte[]> answer = tenant.query(domain, new Query(name, params, subject));
        if (answer.isEmpty()) {
            throw new NotFound("domain '" + domain + "' has no answer to query '" + name + "' with " + params);
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send(answer.get());
    }

    /**
     * Streams the live messages the signed-in person may see (each one passes the gate as a read of its owners) until
     * the client goes away, the server stops, or the token expires or stops validating (checked at every heartbeat,
     * e.g. a revoked client certificate). A comment every 15 s detects a client that went away; a client that does
     * not keep up (its queue of {@value #QUEUE} messages is full) is dropped and may reconnect.
     */
    private void events(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        Optional<io.mosaic.identity.Principal> principal = principalOf(tenant, req);
        String subject = principal.map(io.mosaic.identity.Principal::subject).orElseGet(() -> subject(req));
        Optional<Instant> expiresAt = principal.map(io.mosaic.identity.Principal::expiresAt);
        BlockingQueue<LiveEvent> queue = new ArrayBlockingQueue<>(QUEUE);
        java.util.concurrent.atomic.AtomicBoolean overflow = new java.util.concurrent.atomic.AtomicBoolean();
        String personKey = tenant.tenant() + "|" + subject;
        String tenantKey = tenant.tenant();
        if (!streams.take(personKey, STREAMS_PER_SUBJECT)) {
            throw new TooManyRequests(subject + " has " + STREAMS_PER_SUBJECT + " live streams of tenant " + tenant.tenant()
                    + " open already; close one first");
        }
        if (!streams.take(tenantKey, STREAMS_PER_TENANT)) {
            streams.release(personKey);
            throw new TooManyRequests("tenant " + tenant.tenant() + " has " + STREAMS_PER_TENANT + " live streams open");
        }
        try (AutoCloseable counted = () -> {
            streams.release(personKey);
            streams.release(tenantKey);
        }; AutoCloseable registration = tenant.onLive(subject, e -> {
            if (!queue.offer(e)) {
                overflow.set(true);
            }
        }); SseSink sink = res.sink(SseSink.TYPE)) {
            metrics.liveStreams(1);
            sink.emit(SseEvent.builder().comment("mosaic live events of tenant " + tenant.tenant()).build());
            while (!stopping) {
                long wait = HEARTBEAT.toMillis();
                if (expiresAt.isPresent()) {
                    wait = Math.max(0, Math.min(wait, Duration.between(Instant.now(), expiresAt.get()).toMillis()));
                }
                LiveEvent e = queue.poll(wait, TimeUnit.MILLISECONDS);
                if (overflow.get()) {
                    LOG.warning("live stream of " + tenant.tenant() + " for " + subject + " fell " + QUEUE
                            + " messages behind; closing it");
                    sink.emit(closed("the client fell behind; reconnect"));
                    return;
                }
                if (expiresAt.isPresent() && !Instant.now().isBefore(expiresAt.get())) {
                    sink.emit(closed("the token expired"));
                    return;
                }
                if (e == null) {
                    if (principal.isPresent()) {
                        try {
                            authenticate(tenant, req); // still valid: certificate not revoked, session open, …
                        } catch (Unauthorized revoked) {
                            sink.emit(closed(revoked.getMessage()));
                            return;
                        }
                    }
                    sink.emit(SseEvent.builder().comment("heartbeat").build());
                    continue;
                }
                sink.emit(SseEvent.builder().id(e.id().toString()).name(e.type()).data(Json.text(liveJson(e))).build());
            }
        } catch (UncheckedIOException | IllegalStateException gone) {
            LOG.fine(() -> "live stream client of " + tenant.tenant() + " went away: " + gone.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.fine(() -> "live stream of " + tenant.tenant() + " ended: " + e);
        } finally {
            metrics.liveStreams(-1);
        }
    }

    /** A request's place among those in flight; closing it makes room. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Admits one more request of {@code subject} in the tenant, or {@link TooManyRequests} at once. */
    private Permit admit(TenantRuntime tenant, String subject) {
        String tenantKey = tenant.tenant();
        String personKey = tenantKey + "|" + subject;
        if (!requests.take(personKey, REQUESTS_PER_SUBJECT)) {
            metrics.throttled(tenantKey, "person");
            throw new TooManyRequests(subject + " has " + REQUESTS_PER_SUBJECT + " requests of tenant " + tenantKey
                    + " in flight; wait for their answers");
        }
        if (!requests.take(tenantKey, REQUESTS_PER_TENANT)) {
            requests.release(personKey);
            metrics.throttled(tenantKey, "tenant");
            throw new TooManyRequests("tenant " + tenantKey + " has " + REQUESTS_PER_TENANT + " requests in flight");
        }
        return () -> {
            requests.release(personKey);
            requests.release(tenantKey);
        };
    }

    /** Requests in flight (tests: nothing is left counted after answers and refusals). */
    int requestsInFlight(String tenant) {
        return requests.open(tenant);
    }

    /** The last event of a stream the server ends: {@code stream-closed} with the reason. */
    private static SseEvent closed(String reason) {
        return SseEvent.builder().name("stream-closed")
                .data(Json.text(Json.obj().put("type", "stream-closed").put("reason", reason))).build();
    }

    private static ObjectNode liveJson(LiveEvent e) {
        ObjectNode n = Json.obj().put("id", e.id().toString()).put("tenant", e.tenant()).put("type", e.type())
                .put("sender", e.sender()).put("subject", e.subject()).put("entity", e.entity())
                .put("occurredAt", e.occurredAt().toString());
        try {
            n.set("payload", Json.MAPPER.readTree(e.payloadJson()));
        } catch (java.io.IOException bad) {
            n.put("payload", e.payloadJson());
        }
        return n;
    }
}
