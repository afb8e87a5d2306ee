package io.mosaic.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerResponse;
import io.mosaic.eventstore.Journal;
import io.mosaic.hsm.KeyService;
import io.mosaic.messaging.Bus;
import io.mosaic.messaging.InJvmBus;
import io.mosaic.messaging.Subscription;
import io.mosaic.runtime.MosaicPlatform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What an operations team asks the server: is it alive, is it ready, and its metrics. Health follows Helidon's
 * convention, in JSON {@code {"status":"UP"|"DOWN","checks":[{"name","status","data"}]}}, 200 when UP and 503 when
 * DOWN:
 * <pre>
 * GET /observe/health          overall: liveness and readiness (alias /health, which also gives the tenants)
 * GET /observe/health/live     liveness: the process answers (no checks)
 * GET /observe/health/ready    readiness: journal, bus, key service and, with identity, Keycloak
 * GET /observe/metrics         Prometheus text (alias /metrics); loopback listener only
 * </pre>
 * Each check has {@link #TIMEOUT} to answer; one that does not (a hung database, a broker that does not answer) is
 * DOWN, and the probe answers anyway. A check still hanging from an earlier probe is not started again: the next probe
 * waits for the same attempt. Results are kept for {@link #FRESH}, so a flood of probes does not become a flood of
 * calls to the components. On the public TLS listener the answers carry the status only, no component data.
 */
final class Observe {
    /** How long each check may take ({@code -Dmosaic.health.timeout-ms}, default 2 s). */
    static final Duration TIMEOUT = Duration.ofMillis(Long.getLong("mosaic.health.timeout-ms", 2_000));
    /** How long an answer of the checks is reused ({@code -Dmosaic.health.cache-ms}, default 1 s). */
    static final Duration FRESH = Duration.ofMillis(Long.getLong("mosaic.health.cache-ms", 1_000));
    private static final ExecutorService PROBES = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("mosaic-health-", 0).factory());
    /** A tenant name no tenant can have (tenant ids take no dot): the in-JVM bus's probe subscription. */
    private static final String PROBE = "mosaic.health";

    private final List<Check> checks;
    private final IntSupplier tenants;
    private final Supplier<String> metrics;
    private final Duration timeout;
    private Report last;
    private long lastAt;

    /** The checks of a running server: journal, bus, key service and, when it runs with identity, Keycloak. */
    Observe(MosaicPlatform platform, ServerMetrics metrics, Identity identity) {
        this(checks(platform, identity), () -> platform.tenants().size(), metrics::scrape, TIMEOUT);
    }

    Observe(List<Check> checks, IntSupplier tenants, Supplier<String> metrics, Duration timeout) {
        this.checks = List.copyOf(checks);
        this.tenants = tenants;
        this.metrics = metrics;
        this.timeout = timeout;
    }

    private static List<Check> checks(MosaicPlatform platform, Identity identity) {
        Supplier<Collection<String>> tenants = () -> platform.tenants().keySet();
        List<Check> checks = new ArrayList<>(List.of(journal(platform.journal(), tenants), bus(platform.bus(), tenants),
                keys(platform.keys(), tenants)));
        if (identity != null) {
            checks.add(http("keycloak", identity.endpoints().httpClient(Optional.empty()),
                    identity.endpoints().management().resolve("/health/ready"), TIMEOUT));
        }
        return checks;
    }

    /**
     * Registers the routes; {@code publicListener}: the TLS listener (health status only, no data, no metrics), else
     * the loopback listener (with data, and the metrics).
     */
    void routes(HttpRules r, boolean publicListener) {
        r.get("/observe/health/live", (req, res) -> answer(res, live(), publicListener, false))
                .get("/observe/health/ready", (req, res) -> answer(res, ready(), publicListener, false))
                .get("/observe/health", (req, res) -> answer(res, ready(), publicListener, true))
                .get("/health", (req, res) -> answer(res, ready(), publicListener, true));
        if (!publicListener) {
            r.get("/observe/metrics", (req, res) -> metrics(res)).get("/metrics", (req, res) -> metrics(res));
        }
    }

    private void metrics(ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4")
                .send(metrics.get().getBytes(StandardCharsets.UTF_8));
    }

    /** Liveness: this process answers; nothing else is asked (a component down makes it unready, not dead). */
    Report live() {
        return new Report(true, List.of());
    }

    /** Readiness: every check, run at once, each within the timeout; a recent answer is reused. */
    synchronized Report ready() {
        long now = System.nanoTime();
        if (last == null || now - lastAt > FRESH.toNanos()) {
            last = run(checks, timeout);
            lastAt = System.nanoTime();
        }
        return last;
    }

    private void answer(ServerResponse res, Report report, boolean publicListener, boolean overall) {
        ObjectNode body = Json.obj().put("status", report.up() ? "UP" : "DOWN");
        if (!publicListener) {
            if (overall) {
                body.put("tenants", tenants.getAsInt());
            }
            ArrayNode list = body.putArray("checks");
            for (Result r : report.results()) {
                list.addObject().put("name", r.name()).put("status", r.up() ? "UP" : "DOWN").set("data", r.data());
            }
        }
        res.status(report.up() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503)
                .header(HeaderNames.CONTENT_TYPE, "application/json").header(HeaderNames.CACHE_CONTROL, "no-store")
                .send(Json.write(body));
    }

    /** The outcome of all checks: UP when each one is. */
    record Report(boolean up, List<Result> results) {
    }

    /** One check's outcome; {@code data} what it found, or the error. */
    record Result(String name, boolean up, ObjectNode data) {
    }

    /** Runs the checks at once and waits at most {@code timeout} for each (from the start). */
    static Report run(List<Check> checks, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<Future<ObjectNode>> running = checks.stream().map(Check::start).toList();
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            Check check = checks.get(i);
            Result result;
            try {
                ObjectNode data = running.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                result = new Result(check.name(), true, data == null ? Json.obj() : data);
            } catch (TimeoutException e) {
                result = new Result(check.name(), false, Json.obj().put("error", "no answer within "
                        + timeout.toMillis() + " ms"));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                result = new Result(check.name(), false, Json.obj().put("error", String.valueOf(cause.getMessage()))
                        .put("exception", cause.getClass().getName()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result = new Result(check.name(), false, Json.obj().put("error", "interrupted"));
            }
            results.add(result);
        }
        return new Report(results.stream().allMatch(Result::up), List.copyOf(results));
    }

    /**
     * A check of readiness: a probe that answers with what it found or throws. A probe that has not answered yet
     * is not started a second time.
     */
    static final class Check {
        private final String name;
        private final Callable<ObjectNode> probe;
        private Future<ObjectNode> inFlight;

        Check(String name, Callable<ObjectNode> probe) {
            this.name = name;
            this.probe = probe;
        }

        String name() {
            return name;
        }

        synchronized Future<ObjectNode> start() {
            if (inFlight == null || inFlight.isDone()) {
                inFlight = PROBES.submit(probe);
            }
            return inFlight;
        }
    }

    /** The journal answers a read: the newest sequence of a tenant's audit stream (a plain read of the store). */
    static Check journal(Journal journal, Supplier<Collection<String>> tenants) {
        return new Check("journal", () -> {
            String tenant = tenants.get().stream().findFirst().orElse(PROBE);
            journal.highestSequence(tenant, "platform|audit");
            return Json.obj().put("adapter", journal.getClass().getSimpleName());
        });
    }

    /**
     * The bus answers: the in-JVM bus attaches and detaches a probe consumer (it refuses when closed); another bus
     * (Pulsar) lists the dead letters of a probe subscription, a round trip to its administration.
     */
    static Check bus(Bus bus, Supplier<Collection<String>> tenants) {
        return new Check("bus", () -> {
            if (bus instanceof InJvmBus) {
                bus.subscribe(new Subscription(PROBE, "probe", Set.of("health"), false), envelope -> {
                }).close();
            } else {
                bus.deadLetters(tenants.get().stream().findFirst().orElse(PROBE), "mosaic-health-probe");
            }
            return Json.obj().put("adapter", bus.getClass().getSimpleName());
        });
    }

    /** The key service answers, and every running tenant has its key-encryption key. */
    static Check keys(KeyService keys, Supplier<Collection<String>> tenants) {
        return new Check("keys", () -> {
            Collection<String> all = tenants.get();
            for (String tenant : all) {
                if (!keys.hasTenantKey(tenant)) {
                    throw new IllegalStateException("tenant " + tenant + " has no key-encryption key");
                }
            }
            return Json.obj().put("adapter", keys.getClass().getSimpleName()).put("tenants", all.size());
        });
    }

    /** An HTTP endpoint answers 200 within {@code timeout} (Keycloak's {@code /health/ready}). */
    static Check http(String name, HttpClient client, URI uri, Duration timeout) {
        return new Check(name, () -> {
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + r.statusCode());
            }
            return Json.obj().put("url", uri.toString());
        });
    }
}
