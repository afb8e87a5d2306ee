package io.mosaic.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * Every refusal and failure of the server as problem details (RFC 9457, {@code application/problem+json}):
 * {@code type} ({@code about:blank}: the status says what kind), {@code title} (the status's reason phrase),
 * {@code status}, {@code detail} (what is wrong, naming the thing). {@code error} repeats {@code detail} for clients
 * written against earlier versions of the API.
 */
final class Problem {
    static final String MEDIA_TYPE = "application/problem+json";

    private Problem() {
    }

    static void send(ServerResponse res, Status status, String detail) {
        res.status(status).header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE)
                .send(Json.write(Json.obj().put("type", "about:blank").put("title", status.reasonPhrase())
                        .put("status", status.code()).put("detail", detail).put("error", detail)));
    }
}
