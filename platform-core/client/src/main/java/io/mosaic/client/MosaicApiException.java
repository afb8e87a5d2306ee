package io.mosaic.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A refusal or failure of the server, with its problem details (RFC 9457); status 0 when the server was not reached.
 */
public final class MosaicApiException extends RuntimeException {
    /** One problem of a malformed command: the field's JSON path and what is wrong. */
    public record FieldProblem(String path, String problem) {
    }

    private final int status;
    private final JsonNode problem;

    MosaicApiException(int status, String message, JsonNode problem, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.problem = problem;
    }

    /** The HTTP status; 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The problem document as the server sent it. */
    public JsonNode problem() {
        return problem;
    }

    public Optional<String> type() {
        return text("type");
    }

    public Optional<String> detail() {
        return text("detail");
    }

    /** The request's correlation id in the server's logs. */
    public Optional<String> correlationId() {
        return text("correlationId");
    }

    /** Each problem of a malformed command (400); empty for other refusals. */
    public List<FieldProblem> errors() {
        List<FieldProblem> out = new ArrayList<>();
        problem.path("errors").forEach(e -> out.add(new FieldProblem(e.path("path").asText(), e.path("problem").asText())));
        return List.copyOf(out);
    }

    private Optional<String> text(String field) {
        JsonNode v = problem.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
