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
 * POST /api/tenants/{tenant}/commands/{type}?entity={id}   body: the command as JSON   -> 202 {envelopeId}
 * GET  /api/tenants/{tenant}/queries/{domain}/{name}?k=v                                -> 200 answer | 404
 * GET  /api/tenants/{tenant}/events                          (text/event-stream)
 * </pre>
 * Until the identity issue lands, the subject is taken from the {@code X-Mosaic-Subject} header and the server
 * listens on loopback only.
 */
final class TenantService implements HttpService {
    private static final Logger LOG = Logger.getLogger(TenantService.class.getName());
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final MosaicPlatform platform;
    private final ServerMetrics metrics;
    private final Identity identity;
    private volatile boolean stopping;

    /** @param identity null: no logins yet (loopback only, subject from the {@code X-Mosaic-Subject} header) */
    TenantService(MosaicPlatform platform, ServerMetrics metrics, Identity identity) {
        this.platform = platform;
        this.metrics = metrics;
        this.identity = identity;
    }

    /** Who acts: the subject of the request's token for this tenant, or (without identity) the header. */
    private String subjectOf(TenantRuntime tenant, ServerRequest req) {
        if (identity == null) {
            return subject(req);
        }
        io.mosaic.identity.Principal p = identity.authenticate(tenant.tenant(), req);
        tenant.subjects().recordRoles(p.subject(), p.roles().stream().map(io.mosaic.identity.Role::realmRole)
                .collect(java.util.stream.Collectors.toSet()), "identity", "platform roles of the token"); // appends only on change
        return p.subject();
    }

    void stopping() {
        stopping = true;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{tenant}/commands/{type}", this::command)
                .get("/{tenant}/queries/{domain}/{name}", this::query)
                .get("/{tenant}/events", this::events);
    }

    private TenantRuntime tenant(ServerRequest req) {
        String id = req.path().pathParameters().get("tenant");
        return platform.tenant(id).orElseThrow(() -> new NotFound("no tenant '" + id + "'"));
    }

    static String subject(ServerRequest req) {
        return req.headers().first(HeaderNames.create("X-Mosaic-Subject")).orElse("anonymous");
    }

    private void command(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        String subject = subjectOf(tenant, req);
        String type = req.path().pathParameters().get("type");
        byte[] body = req.content().as(byte[].class);
        Json.object(body);
        Optional<String> entity = req.query().first("entity").asOptional();
        UUID id = tenant.submit(type, body, subject, entity.orElse(null));
        metrics.command(tenant.tenant(), type);
        ObjectNode answer = Json.obj().put("envelopeId", id.toString()).put("type", type);
        entity.ifPresent(e -> answer.put("entity", e));
        res.status(Status.ACCEPTED_202).header(HeaderNames.CONTENT_TYPE, "application/json").send(Json.write(answer));
    }

    private void query(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        String domain = req.path().pathParameters().get("domain");
        String name = req.path().pathParameters().get("name");
        Map<String, String> params = new HashMap<>();
        for (String key : req.query().names()) {
            params.put(key, req.query().get(key));
        }
        Optional<byte[]> answer = tenant.query(domain, new Query(name, params, subjectOf(tenant, req)));
        if (answer.isEmpty()) {
            throw new NotFound("domain '" + domain + "' has no answer to query '" + name + "' with " + params);
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send(answer.get());
    }

    /** Streams the tenant's live messages until the client goes away; a comment every 15 s detects that. */
    private void events(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        subjectOf(tenant, req);
        BlockingQueue<LiveEvent> queue = new ArrayBlockingQueue<>(10_000);
        try (AutoCloseable registration = tenant.onLive(e -> {
            if (!queue.offer(e)) {
                LOG.warning("live stream of " + tenant.tenant() + " is too slow; an event was not queued: " + e.id());
            }
        }); SseSink sink = res.sink(SseSink.TYPE)) {
            metrics.liveStreams(1);
            sink.emit(SseEvent.builder().comment("mosaic live events of tenant " + tenant.tenant()).build());
            while (!stopping) {
                LiveEvent e = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (e == null) {
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
