package io.mosaic.runtime.isolated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Requests and answers in both directions over one pair of streams, one JSON object per line:
 * {@code {"id":7,"op":"publish","body":{…}}} and {@code {"re":7,"body":…}} or {@code {"re":7,"error":{"kind":…,"message":…}}}.
 * Requests are handled on {@code executor}, so a handler may itself call the other side. Used by the parent
 * (io.mosaic.runtime.IsolatedApp) and the child ({@link ChildMain}); depends on Jackson alone.
 */
public final class Channel implements AutoCloseable {
    /** The longest line (one request or answer) the other side may send: a larger one ends the channel. */
    public static final int MAX_FRAME_CHARS = 32 * 1024 * 1024;
    /** Requests of the other side handled at once; more are answered "busy" at once. */
    public static final int MAX_IN_FLIGHT = 64;

    /** Handles one request; returns the answer's body (may be null). */
    @FunctionalInterface
    public interface Handler {
        JsonNode handle(String op, JsonNode body) throws Exception;
    }

    /** A failure on the other side (or of the channel itself), with a kind the caller can map back to an exception. */
    public static final class Failure extends RuntimeException {
        private final String kind;
        private final transient JsonNode detail;

        public Failure(String kind, String message, JsonNode detail) {
            super(message);
            this.kind = kind;
            this.detail = detail;
        }

        public String kind() {
            return kind;
        }

        public JsonNode detail() {
            return detail;
        }
    }

    private final java.io.Reader in;
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
    private final OutputStream out;
    private final ObjectMapper mapper;
    private final Handler handler;
    private final Executor executor;
    private final Consumer<String> log;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closed;

    public Channel(InputStream in, OutputStream out, ObjectMapper mapper, Handler handler, Executor executor,
                   Consumer<String> log) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
        this.out = out;
        this.mapper = mapper;
        this.handler = handler;
        this.executor = executor;
        this.log = log;
    }

    /** Reads until the other side closes its end; then fails every call still waiting. */
    public void run() {
        try {
            for (String line = readFrame(); line != null; line = readFrame()) {
                if (!line.isBlank()) {
                    dispatch(line);
                }
            }
        } catch (IOException e) {
            log.accept("channel read failed: " + e.getMessage());
        } finally {
            closed = true;
            Failure gone = new Failure("closed", "the other side of the channel is gone", null);
            pending.values().forEach(f -> f.completeExceptionally(gone));
            pending.clear();
        }
    }

    /**
     * The next line, without its end; null at the end of the stream.
     *
     * @throws IOException when the line is longer than {@value #MAX_FRAME_CHARS} characters (the channel ends)
     */
    private String readFrame() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                return line.toString();
            }
            if (line.length() >= MAX_FRAME_CHARS) {
                throw new IOException("the other side sent a line longer than " + MAX_FRAME_CHARS + " characters");
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    private void dispatch(String line) {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (IOException e) {
            log.accept("ignoring a line that is not JSON (" + Math.min(line.length(), 200) + " chars): "
                    + line.substring(0, Math.min(line.length(), 200)));
            return;
        }
        if (node == null || !node.isObject()) {
            log.accept("ignoring a line that is not a JSON object");
            return;
        }
        if (node.has("re")) {
            CompletableFuture<JsonNode> f = pending.remove(node.get("re").asLong());
            if (f == null) {
                log.accept("ignoring an answer to no pending request: " + node.get("re"));
            } else if (node.hasNonNull("error")) {
                JsonNode error = node.get("error");
                f.completeExceptionally(new Failure(error.path("kind").asText("error"), error.path("message").asText(""),
                        error.get("detail")));
            } else {
                f.complete(node.get("body"));
            }
            return;
        }
        long id = node.path("id").asLong(-1);
        String op = node.path("op").asText("");
        JsonNode body = node.get("body");
        if (!inFlight.tryAcquire()) {
            ObjectNode busy = mapper.createObjectNode().put("re", id);
            busy.set("error", error("busy", MAX_IN_FLIGHT + " requests are being handled; send fewer at once", null));
            try {
                send(busy);
            } catch (IOException e) {
                log.accept("cannot answer a request: " + e.getMessage());
            }
            return;
        }
        executor.execute(() -> {
            try {
                answer(id, op, body);
            } finally {
                inFlight.release();
            }
        });
    }

    private void answer(long id, String op, JsonNode body) {
        ObjectNode reply = mapper.createObjectNode();
        reply.put("re", id);
        try {
            reply.set("body", handler.handle(op, body));
        } catch (Failure f) {
            reply.set("error", error(f.kind(), f.getMessage(), f.detail()));
        } catch (Exception | LinkageError e) {
            reply.set("error", error("error", e.getClass().getName() + ": " + e.getMessage(), null));
        }
        try {
            send(reply);
        } catch (IOException e) {
            log.accept("cannot answer request " + id + " (" + op + "): " + e.getMessage());
        }
    }

    private ObjectNode error(String kind, String message, JsonNode detail) {
        ObjectNode error = mapper.createObjectNode();
        error.put("kind", kind);
        error.put("message", message == null ? "" : message);
        if (detail != null) {
            error.set("detail", detail);
        }
        return error;
    }

    /** Sends a request and waits for its answer. */
    public JsonNode call(String op, JsonNode body, Duration timeout) {
        if (closed) {
            throw new Failure("closed", "the other side of the channel is gone", null);
        }
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode request = mapper.createObjectNode();
        request.put("id", id);
        request.put("op", op);
        request.set("body", body);
        try {
            send(request);
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new Failure("closed", "cannot send " + op + ": " + e.getMessage(), null);
        } catch (TimeoutException e) {
            throw new Failure("timeout", op + " got no answer within " + timeout, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Failure f) {
                throw f;
            }
            throw new Failure("error", String.valueOf(e.getCause()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", op + " was interrupted", null);
        } finally {
            pending.remove(id);
        }
    }

    private void send(JsonNode message) throws IOException {
        byte[] line = mapper.writeValueAsBytes(message);
        synchronized (out) {
            out.write(line);
            out.write('\n');
            out.flush();
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public void close() {
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            log.accept("closing the channel: " + e.getMessage());
        }
    }
}
