package io.mosaic.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.logging.Logger;

/**
 * The loopback listener's guard. Loopback does not mean trusted: a web page in the operator's browser can reach
 * 127.0.0.1 (a cross-site form post, or DNS rebinding that makes the page's own origin resolve to 127.0.0.1), and so
 * can any process of any user on the host. So, on this listener:
 * <ul>
 *   <li>every request must name this listener as its {@code Host} ({@code 127.0.0.1}, {@code localhost} or
 *   {@code [::1]} with its port): a rebound domain name is refused (421);</li>
 *   <li>a request carrying an {@code Origin} must come from this listener's own origin (403);</li>
 *   <li>every {@code /admin} route needs the operator's credential, {@code Authorization: Bearer <token>}, the token
 *   being the content of a file only the server's user can read ({@code <data>/operator.token}, made 0600 atomically
 *   at the first start, or the file named by {@code MOSAIC_OPERATOR_TOKEN_FILE}) (401 without it);</li>
 *   <li>a request with a body to an {@code /admin} route must say it is JSON or YAML: a {@code text/plain} or form
 *   post, which any page can send without asking, is refused (415).</li>
 *   <li>the demo's development routes ({@code /admin/dev/…}, only with {@code --demo}, for curl and the demo page)
 *   take neither the token nor the media type check, only the Host and Origin checks.</li>
 * </ul>
 * The development switch {@link ServerOptions.OperatorAccess#OPEN} drops the credential and the media type check (not
 * the Host and Origin checks); it is refused when the server listens beyond loopback.
 */
final class OperatorGuard implements Filter {
    private static final Logger LOG = Logger.getLogger(OperatorGuard.class.getName());
    static final String TOKEN_FILE = "operator.token";
    private static final Set<String> BODY_TYPES = Set.of("application/json", "application/yaml", "application/x-yaml",
            "text/yaml", "application/problem+json");

    private final byte[] token;
    private final IntSupplier port;

    /**
     * @param token the operator's token, or null when the credential is not required (development switch)
     * @param port  this listener's port, known once it listens
     */
    OperatorGuard(String token, IntSupplier port) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.port = port;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String host = req.headers().first(HeaderNames.HOST).orElse("").toLowerCase(Locale.ROOT);
        int p = port.getAsInt();
        if (!Set.of("127.0.0.1:" + p, "localhost:" + p, "[::1]:" + p).contains(host)) {
            refuse(res, Status.create(421, "Misdirected Request"), "this listener answers for 127.0.0.1:" + p
                    + " only, not for Host '" + host + "'");
            return;
        }
        var origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isPresent() && !Set.of("http://127.0.0.1:" + p, "http://localhost:" + p, "http://[::1]:" + p)
                .contains(origin.get().toLowerCase(Locale.ROOT))) {
            refuse(res, Status.FORBIDDEN_403, "requests from origin '" + origin.get() + "' are not served here");
            return;
        }
        String path = req.path().path();
        if ((path.equals("/admin") || path.startsWith("/admin/")) && !path.startsWith("/admin/dev/")) {
            if (token != null && hasBody(req) && !BODY_TYPES.contains(mediaType(req))) {
                refuse(res, Status.UNSUPPORTED_MEDIA_TYPE_415, "an operator route takes application/json (or YAML for a"
                        + " rule set), not '" + mediaType(req) + "'");
                return;
            }
            if (token != null && !authorised(req)) {
                res.header("WWW-Authenticate", "Bearer realm=\"mosaic-operator\"");
                refuse(res, Status.UNAUTHORIZED_401, "the operator's routes need the operator token (Authorization:"
                        + " Bearer, the content of " + TOKEN_FILE + " in the server's data folder)");
                return;
            }
        }
        chain.proceed();
    }

    private boolean authorised(RoutingRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean hasBody(RoutingRequest req) {
        Method m = req.prologue().method();
        if (!(m.equals(Method.POST) || m.equals(Method.PUT) || m.equals(Method.PATCH))) {
            return false;
        }
        return req.headers().contentLength().orElse(0L) > 0
                || req.headers().first(HeaderNames.TRANSFER_ENCODING).isPresent();
    }

    private static String mediaType(RoutingRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static void refuse(RoutingResponse res, Status status, String message) {
        Problem.send(res, status, message);
    }

    /** Where the operator's token is kept: {@code MOSAIC_OPERATOR_TOKEN_FILE}, else {@code <data>/operator.token}. */
    static Path tokenFile(Path dataDir) {
        String configured = System.getenv("MOSAIC_OPERATOR_TOKEN_FILE");
        return configured == null || configured.isBlank() ? dataDir.resolve(TOKEN_FILE) : Path.of(configured);
    }

    /**
     * The operator's token: from {@code MOSAIC_OPERATOR_TOKEN_FILE} if set, else {@code <data>/operator.token},
     * created at the first start with 256 random bits, readable by the server's user only (written to a 0600 file
     * beside it, then moved into place, so it is never readable by others, not even for a moment).
     */
    static String token(Path dataDir) {
        Path file = tokenFile(dataDir);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".operator", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temp, HexFormat.of().formatHex(random));
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file);
                }
                LOG.info("operator token created in " + file + " (readable by this user only)");
            }
            String token = Files.readString(file).trim();
            if (token.length() < 32) {
                throw new IllegalStateException("the operator token in " + file + " is shorter than 32 characters");
            }
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read the operator token " + file, e);
        }
    }
}
