package io.mosaic.server;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request a thread is handling: its correlation id and, when its path names one ({@code …/tenants/{tenant}…}),
 * its tenant. java.util.logging has no mapped diagnostic context, so this filter keeps both in a thread local while
 * the request is handled (each request runs on a thread of its own, its handlers and error handlers on that thread),
 * and the log formatters and problem details read them from there.
 * <p>
 * The correlation id is the caller's {@code X-Correlation-Id} when it is a plain token of at most 64 characters
 * ({@code A-Z a-z 0-9 . _ -}), else a new random one; either way the answer carries it in {@code X-Correlation-Id}.
 * A caller's value that is not such a token is not echoed nor logged: it cannot carry a line break into a log.
 */
final class RequestContext implements Filter {
    static final HeaderName HEADER = HeaderNames.create("X-Correlation-Id");
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern TENANT = Pattern.compile("/tenants/([a-z][a-z0-9-]{1,30})(?:/|$)");
    private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

    /** The correlation id of the request, and its tenant or null. */
    record Current(String correlationId, String tenant) {
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String id = correlationId(req.headers().first(HEADER).orElse(null));
        CURRENT.set(new Current(id, tenantOf(req.path().path())));
        res.header(HEADER, id);
        boolean failed = true;
        try {
            chain.proceed();
            failed = false;
        } finally {
            // after a failure the error handler runs next on this thread and still needs the context; the next
            // request on the thread replaces it
            if (!failed) {
                CURRENT.remove();
            }
        }
    }

    /** The caller's id if it is a sane token, else a new one. */
    static String correlationId(String given) {
        return given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    /** The tenant a path names with {@code /tenants/{tenant}}, or null. */
    static String tenantOf(String path) {
        Matcher m = TENANT.matcher(path);
        return m.find() ? m.group(1) : null;
    }

    /** The context of the request this thread handles, if any. */
    static Optional<Current> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Runs {@code work} as if handling a request with this context (tests, and work handed to another thread). */
    static void with(Current context, Runnable work) {
        Current before = CURRENT.get();
        CURRENT.set(context);
        try {
            work.run();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }
}
