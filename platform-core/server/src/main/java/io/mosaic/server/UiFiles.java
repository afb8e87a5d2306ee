package io.mosaic.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The files of the portal app ({@code admin-ui}, built by Maven into the jar under {@code io/mosaic/ui/}), served at
 * {@code /app/…}: hashed assets ({@code /app/assets/…}) cached for a year, everything else revalidated. Only names of
 * letters, digits, {@code . _ -} in folders of the same are served; nothing outside the app's folder can be named.
 */
final class UiFiles {
    private static final String ROOT = "io/mosaic/ui/";
    private static final Pattern SAFE = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png", "woff2", "font/woff2", "json", "application/json", "html", "text/html; charset=utf-8",
            "ico", "image/x-icon", "txt", "text/plain; charset=utf-8", "map", "application/json");

    private UiFiles() {
    }

    /** A file of the app by its path below the app's folder; empty when there is none. */
    static Optional<byte[]> read(String name) {
        if (!SAFE.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        try (InputStream in = UiFiles.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the app's file " + name, e);
        }
    }

    /** The gzip of each file, made at its first request (the app's files never change while the server runs). */
    private static final java.util.Map<String, byte[]> GZIPPED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * {@code GET /app/{path}}: gzip when the browser accepts it (these files are the same for everybody and hold no
     * secret, so compressing them leaks nothing; the API's answers are never compressed).
     */
    static void serve(ServerRequest req, ServerResponse res) {
        String name = req.path().path().substring("/app/".length());
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        Optional<byte[]> file = type == null ? Optional.empty() : read(name);
        if (file.isEmpty()) {
            throw new NotFound("the portal app has no file '" + name + "'");
        }
        res.status(Status.OK_200).header(HeaderNames.CONTENT_TYPE, type)
                .header(HeaderNames.CACHE_CONTROL, name.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache")
                .header(HeaderNames.VARY, "Accept-Encoding");
        boolean gzip = req.headers().first(HeaderNames.ACCEPT_ENCODING).map(v -> v.toLowerCase(Locale.ROOT).contains("gzip"))
                .orElse(false);
        if (gzip && !type.startsWith("image/png") && !type.startsWith("font/")) {
            res.header(HeaderNames.CONTENT_ENCODING, "gzip").send(GZIPPED.computeIfAbsent(name, n -> gzip(file.get())));
        } else {
            res.send(file.get());
        }
    }

    private static byte[] gzip(byte[] data) {
        var out = new java.io.ByteArrayOutputStream(data.length / 3 + 64);
        try (var zip = new java.util.zip.GZIPOutputStream(out) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            }
        }) {
            zip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compress an app file", e);
        }
        return out.toByteArray();
    }
}
