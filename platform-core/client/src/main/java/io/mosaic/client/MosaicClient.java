package io.mosaic.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A client of one tenant's API (docs/api.md): send a command and follow its outcome, ask a query, read who is signed
 * in. Every refusal comes back as a {@link MosaicApiException} carrying the server's problem details, with each
 * problem of a malformed command. Amounts travel as decimal text; {@link #decimal(JsonNode)} reads one (text or
 * number) as a {@link java.math.BigDecimal}, never through a binary float.
 *
 * <pre>{@code
 * MosaicClient demo = MosaicClient.builder(URI.create("https://wealth.example-bank.ch:8443"), "demo")
 *         .bearer(() -> tokens.current())
 *         .build();
 * var accepted = demo.send("assets.RegisterAsset", Map.of("assetId", "villa-1", ...), "villa-1");
 * var outcome = demo.awaitOutcome(accepted, Duration.ofSeconds(10));
 * }</pre>
 */
public final class MosaicClient {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /** The answer to an accepted command: well formed and on its way. */
    public record Accepted(UUID envelopeId, String type, Optional<String> entity, URI outcome) {
    }

    /** An event the command's domain published because of it. */
    public record Event(UUID id, String type, Optional<String> entity, Instant occurredAt) {
    }

    /** What became of a command ({@code GET /api/tenants/{tenant}/commands/{id}}). */
    public record Outcome(UUID envelopeId, String type, State state, Instant acceptedAt, Optional<Instant> decidedAt,
                          Optional<String> rule, Optional<String> reason, List<Event> events, int failedAttempts,
                          Instant keptUntil) {
        public boolean decided() {
            return state != State.PENDING;
        }
    }

    public enum State { PENDING, DONE, REJECTED, DENIED }

    /** Who is signed in, for the gate. */
    public record Me(String subject, List<String> roles, List<String> owners, List<String> clients,
                     List<String> shared) {
    }

    private final HttpClient http;
    private final URI base;
    private final String tenant;
    private final Supplier<Map<String, String>> credentials;
    private final Duration timeout;

    private MosaicClient(Builder b) {
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.base = URI.create(b.base.toString().replaceAll("/+$", "") + "/");
        this.tenant = b.tenant;
        this.credentials = b.credentials;
        this.timeout = b.timeout;
    }

    public static Builder builder(URI server, String tenant) {
        return new Builder(server, tenant);
    }

    public String tenant() {
        return tenant;
    }

    /**
     * Sends a command.
     *
     * @param body   the command as a JSON object: a {@link JsonNode}, a map or a record Jackson writes
     * @param entity the entity it acts on, or null
     * @throws MosaicApiException 400 with {@link MosaicApiException#errors()} when it is malformed, 403 when the gate
     *                            refuses it, ...
     */
    public Accepted send(String type, Object body, String entity) {
        String path = "api/tenants/" + enc(tenant) + "/commands/" + enc(type)
                + (entity == null ? "" : "?entity=" + enc(entity));
        JsonNode n = call("POST", path, json(body));
        return new Accepted(UUID.fromString(n.path("envelopeId").asText()), n.path("type").asText(),
                text(n, "entity"), base.resolve(n.path("outcome").asText().replaceFirst("^/", "")));
    }

    /** The command's outcome now. */
    public Outcome outcome(UUID envelopeId) {
        return outcome(call("GET", "api/tenants/" + enc(tenant) + "/commands/" + envelopeId, null));
    }

    /**
     * Waits until the command is decided (done, rejected or denied), asking every 100 ms up to 1 s apart.
     *
     * @return the outcome; still {@link State#PENDING} when {@code atMost} passed first
     */
    public Outcome awaitOutcome(Accepted accepted, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        long pause = 100;
        while (true) {
            Outcome o = outcome(accepted.envelopeId());
            if (o.decided() || System.nanoTime() >= deadline) {
                return o;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return o;
            }
            pause = Math.min(1_000, pause * 2);
        }
    }

    /** Asks a domain a query ({@code GET /api/tenants/{tenant}/queries/{domain}/{name}?k=v}). */
    public JsonNode query(String domain, String name, Map<String, String> parameters) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((k, v) -> q.add(enc(k) + "=" + enc(v)));
        return call("GET", "api/tenants/" + enc(tenant) + "/queries/" + enc(domain) + "/" + enc(name) + q, null);
    }

    public Me me() {
        JsonNode n = call("GET", "api/tenants/" + enc(tenant) + "/me", null);
        return new Me(n.path("subject").asText(), list(n, "roles"), list(n, "owners"), list(n, "clients"),
                list(n, "shared"));
    }

    /**
     * A decimal of an answer ({@code "1234.50"}, or a JSON number, read exactly as the client reads numbers).
     *
     * @throws NumberFormatException when the node holds no decimal
     */
    public static java.math.BigDecimal decimal(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            throw new NumberFormatException("no decimal: the field is missing");
        }
        return n.isNumber() ? n.decimalValue() : new java.math.BigDecimal(n.asText());
    }

    private static Outcome outcome(JsonNode n) {
        List<Event> events = new ArrayList<>();
        n.path("events").forEach(e -> events.add(new Event(UUID.fromString(e.path("id").asText()),
                e.path("type").asText(), text(e, "entity"), Instant.parse(e.path("occurredAt").asText()))));
        return new Outcome(UUID.fromString(n.path("envelopeId").asText()), n.path("type").asText(),
                State.valueOf(n.path("state").asText().toUpperCase(java.util.Locale.ROOT)),
                Instant.parse(n.path("acceptedAt").asText()), text(n, "decidedAt").map(Instant::parse),
                text(n, "rule"), text(n, "reason"), List.copyOf(events), n.path("failedAttempts").asInt(0),
                Instant.parse(n.path("keptUntil").asText()));
    }

    private JsonNode call(String method, String path, byte[] body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json, application/problem+json");
        credentials.get().forEach(req::header);
        if (body != null) {
            req.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new MosaicApiException(0, "cannot reach " + base + ": " + e.getMessage(), MAPPER.createObjectNode(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MosaicApiException(0, "interrupted while calling " + base, MAPPER.createObjectNode(), e);
        }
        JsonNode answer = parse(res.body());
        if (res.statusCode() / 100 != 2) {
            String detail = answer.path("detail").asText(new String(res.body(), StandardCharsets.UTF_8));
            throw new MosaicApiException(res.statusCode(), method + " " + path + ": " + res.statusCode() + " " + detail,
                    answer, null);
        }
        return answer;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException notJson) {
            return MAPPER.createObjectNode();
        }
    }

    private static byte[] json(Object body) {
        try {
            return body instanceof JsonNode n ? MAPPER.writeValueAsBytes(n) : MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the command cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }

    private static List<String> list(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        n.path(field).forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static final class Builder {
        private final URI base;
        private final String tenant;
        private Supplier<Map<String, String>> credentials = Map::of;
        private HttpClient http;
        private Duration timeout = Duration.ofSeconds(30);

        private Builder(URI base, String tenant) {
            this.base = Objects.requireNonNull(base, "server");
            this.tenant = Objects.requireNonNull(tenant, "tenant");
        }

        /** A bearer token of the tenant's realm, asked for before each call (so a refreshed one is used). */
        public Builder bearer(Supplier<String> token) {
            Objects.requireNonNull(token, "token");
            this.credentials = () -> Map.of("Authorization", "Bearer " + token.get());
            return this;
        }

        /**
         * A server without identity (development on loopback): the subject the server takes from the
         * {@code X-Mosaic-Subject} header.
         */
        public Builder developmentSubject(String subject) {
            Objects.requireNonNull(subject, "subject");
            this.credentials = () -> Map.of("X-Mosaic-Subject", subject);
            return this;
        }

        /** The HTTP client to use, e.g. with the client certificate a tenant asks for in its SSL context. */
        public Builder httpClient(HttpClient client) {
            this.http = Objects.requireNonNull(client, "client");
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public MosaicClient build() {
            return new MosaicClient(this);
        }
    }
}
