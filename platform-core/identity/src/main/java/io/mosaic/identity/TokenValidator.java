package io.mosaic.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates the bearer token of a request made to one tenant's API: issuer = that tenant's realm, signature against
 * the realm's published keys (fetched once and cached; kept through a JWKS outage of up to
 * {@link Settings#outageTolerance}, so existing sessions survive a short Keycloak outage), audience, expiry and
 * not-before with a small clock skew, and the RFC 8705 certificate binding: a token with {@code cnf.x5t#S256} is
 * accepted only with that certificate; a tenant that requires the certificate factor accepts only bound tokens.
 *
 * <p>Thread-safe; create one per server and call {@link #validate} on every request.
 */
public final class TokenValidator {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);

    /**
     * @param audience          the {@code aud} every accepted token must carry (the realms' clients add it)
     * @param clockSkew         tolerated difference of clocks for {@code exp} and {@code nbf}
     * @param cacheTtl          how long fetched keys are used before they are fetched again
     * @param outageTolerance   how long the last keys are used while the key endpoint cannot be reached
     */
    public record Settings(String audience, Duration clockSkew, Duration cacheTtl, Duration outageTolerance) {
        public static final String DEFAULT_AUDIENCE = "mosaic-api";

        public Settings {
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(clockSkew, "clockSkew");
            Objects.requireNonNull(cacheTtl, "cacheTtl");
            Objects.requireNonNull(outageTolerance, "outageTolerance");
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_AUDIENCE, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(1));
        }
    }

    private final RealmDirectory realms;
    private final Settings settings;
    private final ResourceRetriever retriever;
    private final Clock clock;
    private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new ConcurrentHashMap<>();

    /**
     * @param http the client for the realms' key endpoints (trusting Keycloak's TLS certificate)
     */
    public TokenValidator(RealmDirectory realms, Settings settings, HttpClient http, Clock clock) {
        this.realms = Objects.requireNonNull(realms, "realms");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.retriever = new HttpClientRetriever(Objects.requireNonNull(http, "http"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Validates {@code token} for a request to {@code tenant}'s API.
     *
     * @param clientCertificate the certificate the caller presented over mutual TLS, if any
     */
    public TokenCheck validate(String tenant, String token, Optional<X509Certificate> clientCertificate) {
        Optional<TenantRealm> realm = realms.realmOf(tenant);
        if (realm.isEmpty()) {
            return refused(TokenCheck.Reason.UNKNOWN_TENANT, "tenant " + tenant + " has no realm");
        }
        JWTClaimsSet claims;
        try {
            // the issuer is checked before any key is fetched: a token of tenant A never makes B fetch A's keys
            String issuer = com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet().getIssuer();
            if (!realm.get().issuer().toString().equals(issuer)) {
                return refused(TokenCheck.Reason.WRONG_ISSUER, "issuer " + issuer + " is not tenant " + tenant
                        + "'s " + realm.get().issuer());
            }
            claims = processor(realm.get()).process(token, null);
        } catch (ParseException e) {
            return refused(TokenCheck.Reason.MALFORMED, "not a JWT: " + e.getMessage());
        } catch (KeySourceException e) {
            return refused(TokenCheck.Reason.KEYS_UNAVAILABLE, "keys of " + realm.get().realm() + " unavailable: " + e.getMessage());
        } catch (BadJOSEException e) {
            return refused(TokenCheck.Reason.BAD_SIGNATURE, e.getMessage());
        } catch (JOSEException e) {
            return refused(TokenCheck.Reason.BAD_SIGNATURE, "cannot verify: " + e.getMessage());
        }
        return checkClaims(realm.get(), claims, clientCertificate);
    }

    private TokenCheck checkClaims(TenantRealm realm, JWTClaimsSet claims, Optional<X509Certificate> certificate) {
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || !now.isBefore(exp.toInstant().plus(settings.clockSkew()))) {
            return refused(TokenCheck.Reason.EXPIRED, "expired at " + (exp == null ? "(no exp)" : exp.toInstant()));
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(settings.clockSkew()).isBefore(nbf.toInstant())) {
            return refused(TokenCheck.Reason.NOT_YET_VALID, "not valid before " + nbf.toInstant());
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(settings.audience())) {
            return refused(TokenCheck.Reason.WRONG_AUDIENCE, "audience " + audience + " lacks " + settings.audience());
        }
        Optional<String> bound = boundThumbprint(claims);
        if (bound.isPresent()) {
            if (certificate.isEmpty()) {
                return refused(TokenCheck.Reason.CERTIFICATE_MISSING, "token is bound to a certificate the caller did not present");
            }
            if (!MessageDigest.isEqual(bound.get().getBytes(), thumbprint(certificate.get()).getBytes())) {
                return refused(TokenCheck.Reason.CERTIFICATE_MISMATCH, "token is bound to another certificate");
            }
        } else if (realm.requiresCertificateBoundTokens()) {
            return refused(TokenCheck.Reason.CERTIFICATE_BINDING_REQUIRED, "tenant " + realm.tenant()
                    + " requires certificate-bound tokens");
        }
        String subject = claims.getSubject();
        if (subject == null) {
            return refused(TokenCheck.Reason.MALFORMED, "token has no sub");
        }
        return new TokenCheck.Valid(new Principal(realm.tenant(), subject, stringClaim(claims, "preferred_username").orElse(subject),
                roles(claims), stringClaim(claims, "azp").orElse(""), bound, exp.toInstant()));
    }

    /** {@code base64url(SHA-256(DER))}: the RFC 8705 thumbprint of a certificate. */
    public static String thumbprint(X509Certificate certificate) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IdentityException("cannot compute the SHA-256 thumbprint of " + certificate.getSubjectX500Principal(), e);
        }
    }

    private static Optional<String> boundThumbprint(JWTClaimsSet claims) {
        Object cnf = claims.getClaim("cnf");
        if (cnf instanceof Map<?, ?> map && map.get("x5t#S256") instanceof String thumbprint) {
            return Optional.of(thumbprint);
        }
        return Optional.empty();
    }

    private static Set<Role> roles(JWTClaimsSet claims) {
        Object realmAccess = claims.getClaim("realm_access");
        if (realmAccess instanceof Map<?, ?> map && map.get("roles") instanceof Collection<?> names) {
            EnumSet<Role> roles = EnumSet.noneOf(Role.class);
            names.stream().map(String::valueOf).map(Role::fromRealmRole).flatMap(Optional::stream).forEach(roles::add);
            return roles;
        }
        return Set.of();
    }

    private static Optional<String> stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String value ? Optional.of(value) : Optional.empty();
    }

    /** The shortest time in which the key set of a realm is fetched more than twice. */
    static final Duration JWKS_MIN_INTERVAL = Duration.ofSeconds(10);

    private DefaultJWTProcessor<SecurityContext> processor(TenantRealm realm) {
        return processors.computeIfAbsent(realm.tenant() + " " + realm.jwksUri(), key -> {
            URL jwks;
            try {
                jwks = realm.jwksUri().toURL();
            } catch (MalformedURLException e) {
                throw new IdentityException("JWKS URI of tenant " + realm.tenant() + " is not a URL: " + realm.jwksUri(), e);
            }
            long ttl = settings.cacheTtl().toMillis();
            // refresh ahead of expiry (30 s before) only for caches long enough to have room for it (Nimbus requires
            // ttl > refresh-ahead time + refresh timeout); short caches (tests) refresh on expiry
            JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwks, retriever)
                    .cache(ttl, Math.min(5_000, Math.max(1, ttl / 2)))
                    .refreshAheadCache(ttl >= 60_000)
                    .outageTolerant(settings.outageTolerance().toMillis())
                    // a token naming a key the cache does not have makes Nimbus fetch the key set again (key rotation);
                    // forged key ids must not turn every request into a call to Keycloak: two fetches per interval
                    .rateLimited(Math.max(1, Math.min(JWKS_MIN_INTERVAL.toMillis(), ttl / 2)))
                    .retrying(true)
                    .build();
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
            processor.setJWTClaimsSetVerifier((claims, context) -> {
                // claims are checked in checkClaims, against the injected clock
            });
            return processor;
        });
    }

    private static TokenCheck refused(TokenCheck.Reason reason, String detail) {
        return new TokenCheck.Refused(reason, detail);
    }

    /** Fetches key sets with java.net.http (so the caller's trust settings apply). */
    private record HttpClientRetriever(HttpClient http) implements ResourceRetriever {
        @Override
        public Resource retrieveResource(URL url) throws IOException {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url.toString()))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("GET " + url + " answered HTTP " + response.statusCode());
                }
                return new Resource(response.body(), response.headers().firstValue("Content-Type").orElse("application/json"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + url, e);
            } catch (IllegalArgumentException e) {
                throw new IOException("cannot fetch " + url, e);
            }
        }
    }
}
