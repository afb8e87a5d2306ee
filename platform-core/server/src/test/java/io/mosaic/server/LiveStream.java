package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A test client of the SSE stream: collects every event's JSON data as it arrives. */
final class LiveStream implements AutoCloseable {
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile boolean open;
    private volatile boolean ended;

    /** The stream of the tests' tenant administrator ({@code admin-test}, subject header: servers without logins). */
    LiveStream(HttpClient client, String url) {
        this(client, url, null, "admin-test");
    }

    LiveStream(HttpClient client, String url, String bearerToken) {
        this(client, url, bearerToken, null);
    }

    /** The stream of {@code subject} on a server without logins (the subject header). */
    static LiveStream as(HttpClient client, String url, String subject) {
        return new LiveStream(client, url, null, subject);
    }

    private LiveStream(HttpClient client, String url, String bearerToken, String subject) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (bearerToken != null) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        if (subject != null) {
            builder.header("X-Mosaic-Subject", subject);
        }
        HttpRequest request = builder.GET().build();
        response = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            open = r.statusCode() == 200;
            Thread.ofVirtual().start(() -> {
                try {
                    r.body().forEach(this::accept);
                    ended = true; // the server ended the stream
                } catch (java.io.UncheckedIOException cancelled) {
                    // the test closed the stream
                }
                open = false;
            });
        });
    }

    private void accept(String line) {
        if (line.startsWith("data:")) {
            try {
                events.add(Json.MAPPER.readTree(line.substring(5).trim()));
            } catch (IOException e) {
                throw new IllegalStateException("SSE data is not JSON: " + line, e);
            }
        }
    }

    boolean isOpen() {
        return open;
    }

    /** Whether the server ended the stream (not the test). */
    boolean endedByServer() {
        return ended;
    }

    List<JsonNode> events() {
        return List.copyOf(events);
    }

    List<JsonNode> ofType(String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
