package io.mosaic.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * How large a request body may be, per route: {@value #COMMAND_BYTES} bytes for anything, {@value #IMPORT_BYTES} for a
 * statement import (a bank's file travels inside the command) and for a plugin package. A declared length above the
 * limit is refused with 413 before the body is read; a body without a declared length is cut off by the listener's
 * own limit ({@link #LISTENER_BYTES}).
 */
final class RequestLimits implements Filter {
    static final long COMMAND_BYTES = 4L * 1024 * 1024;
    static final long IMPORT_BYTES = 48L * 1024 * 1024;
    static final long LISTENER_BYTES = IMPORT_BYTES;

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long declared = req.headers().contentLength().orElse(0L);
        long limit = limit(req.path().path());
        if (declared > limit) {
            Problem.send(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "a request to " + req.path().path()
                    + " may carry at most " + limit + " bytes, this one declares " + declared);
            return;
        }
        chain.proceed();
    }

    static long limit(String path) {
        if (path.endsWith("/commands/custody.ImportStatement") || path.endsWith("/commands/market-data.ImportReferenceRates")
                || path.startsWith("/admin/marketplace/")) {
            return IMPORT_BYTES;
        }
        return COMMAND_BYTES;
    }
}
