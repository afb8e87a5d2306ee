package io.mosaic.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Headers every answer carries: {@code X-Content-Type-Options: nosniff} (a browser never guesses a type), on the API
 * and the administration {@code Cache-Control: no-store} (no client's figures in a shared cache or a browser's disk),
 * and on the TLS listener {@code Strict-Transport-Security} (a browser that once came over TLS never falls back).
 */
final class SecurityHeaders implements Filter {
    private final boolean tls;

    SecurityHeaders(boolean tls) {
        this.tls = tls;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        String path = req.path().path();
        if (path.startsWith("/api/") || path.startsWith("/admin/") || path.startsWith("/portal/")) {
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
        }
        if (tls) {
            res.header(HeaderNames.STRICT_TRANSPORT_SECURITY, "max-age=31536000");
        }
        chain.proceed();
    }
}
