package io.mosaic.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * Every refusal and failure of the server as problem details (RFC 9457, {@code application/problem+json}):
 * {@code type} ({@code about:blank}: the status says what kind), {@code title} (the status's reason phrase),
 * {@code status}, {@code detail} (what is wrong, naming the thing). {@code error} repeats {@code detail} for clients
 * written against earlier versions of the API. {@code correlationId} names the request in the server's logs (also in
 * the {@code X-Correlation-Id} header), and {@code tenant} the tenant when the path names one.
 */
final class Problem {
    static final String MEDIA_TYPE = "application/problem+json";

    private Problem() {
    }

    static void send(ServerResponse res, Status status, String detail) {
        send(res, status, detail, n -> { });
    }

    /** With members of its own ({@code errors} of a malformed command, ...): {@code more} adds them. */
    static void send(ServerResponse res, Status status, String detail, java.util.function.Consumer<ObjectNode> more) {
        ObjectNode body = Json.obj().put("type", "about:blank").put("title", status.reasonPhrase())
                .put("status", status.code()).put("detail", detail).put("error", detail);
        more.accept(body);
        RequestContext.current().ifPresent(c -> {
            body.put("correlationId", c.correlationId());
            if (c.tenant() != null) {
                body.put("tenant", c.tenant());
            }
            res.header(RequestContext.HEADER, c.correlationId()); // an error handler starts from a reset answer
        });
        res.status(status).header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE).send(Json.write(body));
    }

    /**
     * A command that does not have its type's form: 400 with one entry per problem under {@code errors}, each with
     * its JSON path ({@code $.amount}) and what is wrong, so a client shows it beside the field.
     */
    static void malformed(ServerResponse res, io.mosaic.runtime.CommandMalformed e) {
        send(res, Status.BAD_REQUEST_400, e.getMessage(), n -> {
            n.put("type", "urn:mosaic:problem:malformed-command").put("title", "Malformed command")
                    .put("command", e.type());
            var errors = n.putArray("errors");
            e.problems().forEach(p -> errors.addObject().put("path", p.path()).put("problem", p.problem()));
        });
    }
}
