package io.mosaic.hsm;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The PKCS#11 backend of {@link KeyService}: tenant key-encryption keys are AES-256 keys inside a token (label
 * {@code <tenant>/kek/vN}, sensitive, never extractable), reached through the JDK's SunPKCS11 provider; data keys
 * and signing keys are stored wrapped (AES-GCM inside the token) in a {@link WrappedKeyRepository} and cached
 * unwrapped per {@link CachePolicy}, exactly as in the software backend.
 *
 * <pre>{@code
 * Pkcs11Config token = new Pkcs11Config(Pkcs11Config.SOFTHSM2_LIBRARY, "mosaic",
 *         PinSource.environment("MOSAIC_HSM_PIN"));
 * try (Pkcs11KeyService keys = Pkcs11KeyService.open(token, repository, Clock.systemUTC())) { ... }
 * }</pre>
 *
 * With several tokens ({@link #openCluster}) every tenant key is imported into each by a {@link KeyCeremony} and
 * operations fail over from a failed token to the next; {@link #tokenHealth()} reports which failed.
 */
public final class Pkcs11KeyService implements HierarchyBacked {
    /** How long a failed token of a cluster is skipped before it is tried again. */
    public static final Duration RETRY_FAILED_TOKEN_AFTER = Duration.ofSeconds(30);

    private final KeyHierarchy keys;
    private final List<Pkcs11Token> tokens;
    private final FailoverKeyEncryptionKeys cluster;

    private Pkcs11KeyService(KeyHierarchy keys, List<Pkcs11Token> tokens, FailoverKeyEncryptionKeys cluster) {
        this.keys = keys;
        this.tokens = List.copyOf(tokens);
        this.cluster = cluster;
    }

    public static Pkcs11KeyService open(Pkcs11Config token, WrappedKeyRepository repository, Clock clock) {
        return open(token, repository, clock, CachePolicy.defaults(), KeyAuditListener.none());
    }

    /** Opens one token (slot looked up by label, logged in with its PIN). */
    public static Pkcs11KeyService open(Pkcs11Config token, WrappedKeyRepository repository, Clock clock,
                                        CachePolicy cachePolicy, KeyAuditListener audit) {
        Objects.requireNonNull(token, "token");
        requireArguments(repository, clock, cachePolicy, audit);
        SecureRandom random = new SecureRandom();
        Pkcs11Token opened = Pkcs11Token.open(token);
        KeyEncryptionKeys keks = new Pkcs11KeyEncryptionKeys(opened, true, random);
        return new Pkcs11KeyService(new KeyHierarchy(keks, repository, clock, cachePolicy, random, audit),
                List.of(opened), null);
    }

    /**
     * Opens a cluster of tokens holding the same tenant keys. Operations use the first token that is up, in the
     * order given. New tenant keys are made by a key ceremony on every token (all must be up).
     */
    public static Pkcs11KeyService openCluster(List<Pkcs11Config> tokens, WrappedKeyRepository repository,
                                               Clock clock, CachePolicy cachePolicy, KeyAuditListener audit) {
        Objects.requireNonNull(tokens, "tokens");
        requireArguments(repository, clock, cachePolicy, audit);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one token");
        }
        SecureRandom random = new SecureRandom();
        List<Pkcs11Token> opened = new ArrayList<>();
        try {
            for (Pkcs11Config config : tokens) {
                opened.add(Pkcs11Token.open(config));
            }
        } catch (KeyException e) {
            opened.forEach(Pkcs11Token::close);
            throw e;
        }
        FailoverKeyEncryptionKeys cluster = new FailoverKeyEncryptionKeys(
                opened.stream().map(t -> new Pkcs11KeyEncryptionKeys(t, true, random)).toList(), clock,
                RETRY_FAILED_TOKEN_AFTER, audit, random);
        return new Pkcs11KeyService(new KeyHierarchy(cluster, repository, clock, cachePolicy, random, audit), opened,
                cluster);
    }

    private static void requireArguments(WrappedKeyRepository repository, Clock clock, CachePolicy cachePolicy,
                                         KeyAuditListener audit) {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(cachePolicy, "cachePolicy");
        Objects.requireNonNull(audit, "audit");
    }

    /** Cache counters and calls into the token(s) since this service was opened. */
    public KeyServiceMetrics metrics() {
        return keys.metrics();
    }

    /**
     * The platform CA with its root key in the first token (created there on first use): the CA of the certificate
     * login factor. The root lives in that token only; a cluster's other tokens do not take over issuing.
     */
    public PlatformCa platformCa(String caName, java.time.Clock clock) {
        return PlatformCa.open(tokens.get(0), caName, clock);
    }

    /** The platform CA with the revocations recorded earlier (see {@link PlatformCa#open(Pkcs11Token, String, java.time.Clock, java.util.Collection)}). */
    public PlatformCa platformCa(String caName, java.time.Clock clock, java.util.Collection<PlatformCa.Revocation> revocations) {
        return PlatformCa.open(tokens.get(0), caName, clock, revocations);
    }

    /** One entry per token: up or failed, how often, the last error. */
    public List<TokenHealth> tokenHealth() {
        if (cluster != null) {
            return cluster.health();
        }
        return List.of(new TokenHealth(tokens.getFirst().label(), true, 0, java.util.Optional.empty(),
                java.util.Optional.empty()));
    }

    /** The tokens, first = preferred; for the {@link HighValueSigner} and the {@link PlatformCa}. */
    public List<Pkcs11Token> tokens() {
        return tokens;
    }

    @Override
    public KeyHierarchy hierarchy() {
        return keys;
    }

    Set<KeyRef> cachedKeyRefs() {
        return keys.cachedRefs();
    }

    @Override
    public String toString() {
        return "Pkcs11KeyService[" + keys.describe() + "]";
    }
}
