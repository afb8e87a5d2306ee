package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The portal's sessions: the server is the backend-for-frontend. After the login it keeps the person's tokens here
 * and gives the browser only a random session id in a cookie ({@code mosaic_session_<tenant>}: HttpOnly, SameSite=Strict,
 * Secure on TLS, path {@code /}). A request of the tenant API that carries the cookie and no bearer token is
 * authenticated with the session's access token, renewed with its refresh token shortly before it expires; a
 * mutating request must also carry the session's CSRF token in {@code X-CSRF-Token}.
 * <p>
 * The map keys are SHA-256 hashes of the ids, so the ids themselves are nowhere in the server's memory after they
 * were sent. A session ends at sign-out (Keycloak's session with it), when Keycloak refuses to renew it, or after
 * {@link #IDLE} without a request. At most {@link #PER_PERSON} sessions per person and tenant (the oldest ends) and
 * {@link #TOTAL} in all (a new login past it is refused): sessions are made only for people who completed the
 * tenant's login factors.
 */
final class PortalSessions {
    private static final Logger LOG = Logger.getLogger(PortalSessions.class.getName());
    static final Duration IDLE = Duration.ofMinutes(30);
    static final int PER_PERSON = 10;
    static final int TOTAL = 100_000;
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Renew the access token when it has less than this left. */
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Identity identity;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    PortalSessions(Identity identity, Clock clock) {
        this.identity = identity;
        this.clock = clock;
    }

    /** One signed-in browser: the tokens stay here. */
    static final class Session {
        final String key;
        final String tenant;
        final String subject;
        final String csrf;
        final Instant created;
        private String accessToken;
        private String refreshToken;
        private String idToken;
        private Instant accessExpires;
        private volatile Instant lastUsed;

        private Session(String key, String tenant, String subject, String csrf, Instant created) {
            this.key = key;
            this.tenant = tenant;
            this.subject = subject;
            this.csrf = csrf;
            this.created = created;
            this.lastUsed = created;
        }

        String csrf() {
            return csrf;
        }

        String subject() {
            return subject;
        }
    }

    static String cookieName(String tenant) {
        return "mosaic_session_" + tenant.replace('-', '_');
    }

    /**
     * A session for the tokens of a completed login; returns the cookie value to send (the only copy of the id).
     */
    String create(String tenant, String subject, JsonNode tokens) {
        expireIdle();
        if (sessions.size() >= TOTAL) {
            throw new TooManyRequests("the portal has " + TOTAL + " sessions open; try again later");
        }
        List<Session> mine = sessions.values().stream().filter(s -> s.tenant.equals(tenant) && s.subject.equals(subject))
                .sorted(Comparator.comparing(s -> s.created)).toList();
        for (int i = 0; i <= mine.size() - PER_PERSON; i++) {
            end(mine.get(i), "more than " + PER_PERSON + " sessions of one person");
        }
        String id = random(32);
        Session session = new Session(hash(id), tenant, subject, random(24), clock.instant());
        update(session, tokens);
        sessions.put(session.key, session);
        return id;
    }

    /** The session of the request's cookie for {@code tenant}, if it is open. */
    Optional<Session> of(String tenant, ServerRequest req) {
        Optional<String> id = cookie(req, cookieName(tenant));
        if (id.isEmpty() || id.get().length() > 100) {
            return Optional.empty();
        }
        Session s = sessions.get(hash(id.get()));
        if (s == null || !s.tenant.equals(tenant)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (s.lastUsed.plus(IDLE).isBefore(now)) {
            end(s, "idle for " + IDLE.toMinutes() + " minutes");
            return Optional.empty();
        }
        s.lastUsed = now;
        return Optional.of(s);
    }

    /** Whether the request carries the session's CSRF token (compared in constant time). */
    static boolean csrfMatches(Session s, ServerRequest req) {
        String given = req.headers().first(HeaderNames.create(CSRF_HEADER)).orElse("");
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII), s.csrf.getBytes(StandardCharsets.US_ASCII));
    }

    /** The session's access token, renewed first when it is about to expire; {@link Unauthorized} when it ended. */
    String accessToken(Session s) {
        synchronized (s) {
            if (clock.instant().plus(RENEW_BEFORE).isAfter(s.accessExpires)) {
                try {
                    update(s, identity.refreshPortal(s.tenant, s.refreshToken));
                } catch (Unauthorized ended) {
                    sessions.remove(s.key);
                    throw new Unauthorized("the session ended: sign in again");
                }
            }
            return s.accessToken;
        }
    }

    /** Signs out: the session ends here and in Keycloak (its refresh token is revoked with the SSO session). */
    void signOut(Session s) {
        end(s, "signed out");
    }

    /** Open sessions (tests). */
    int open() {
        return sessions.size();
    }

    private void end(Session s, String why) {
        if (sessions.remove(s.key) == null) {
            return;
        }
        String refresh;
        synchronized (s) {
            refresh = s.refreshToken;
        }
        try {
            identity.endPortalSession(s.tenant, refresh);
        } catch (RuntimeException e) {
            LOG.warning("portal session of " + s.subject + " at " + s.tenant + " ended here (" + why
                    + ") but Keycloak's could not be ended: " + e.getMessage());
            return;
        }
        LOG.fine(() -> "portal session of " + s.subject + " at " + s.tenant + " ended: " + why);
    }

    private void expireIdle() {
        Instant cutoff = clock.instant().minus(IDLE);
        sessions.values().stream().filter(s -> s.lastUsed.isBefore(cutoff)).toList()
                .forEach(s -> end(s, "idle for " + IDLE.toMinutes() + " minutes"));
    }

    private void update(Session s, JsonNode tokens) {
        synchronized (s) {
            s.accessToken = tokens.path("access_token").asText();
            s.refreshToken = tokens.path("refresh_token").asText(s.refreshToken);
            s.idToken = tokens.path("id_token").asText(s.idToken);
            s.accessExpires = clock.instant().plusSeconds(tokens.path("expires_in").asLong(60));
        }
    }

    static Optional<String> cookie(ServerRequest req, String name) {
        for (String header : req.headers().all(HeaderNames.COOKIE, List::of)) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    return Optional.of(pair.substring(eq + 1).strip());
                }
            }
        }
        return Optional.empty();
    }

    private static String hash(String id) {
        return HexFormat.of().formatHex(sha256(id));
    }

    /** SHA-256 of ASCII text (session ids here, PKCE verifiers in the portal). */
    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** {@code bytes} random bytes as base64url text. */
    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
