package io.mosaic.hsm;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tenant key-encryption keys held by several tokens with the same key material (see {@link KeyCeremony}). Every
 * operation goes to the first token that is up; when it fails with a {@link TokenException}, the token is marked
 * down (reported through {@link #health()} and a {@link KeyAuditEvent.TokenFailed}) and the operation is retried
 * on the next. A down token is tried again after {@code retryAfter}, or when no other token is left. When every
 * token fails, the operation fails: there is no fallback to keys in clear.
 *
 * <p>A wrapped key that does not authenticate is not a token failure: that answer is the same on every token and
 * is returned at once.
 */
final class FailoverKeyEncryptionKeys implements KeyEncryptionKeys {

    private static final class Member {
        final Pkcs11KeyEncryptionKeys keys;
        volatile boolean up = true;
        volatile long failures;
        volatile Instant failedAt;
        volatile String lastError;

        Member(Pkcs11KeyEncryptionKeys keys) {
            this.keys = keys;
        }

        String label() {
            return keys.token().label();
        }
    }

    private final List<Member> members;
    private final Clock clock;
    private final Duration retryAfter;
    private final KeyAuditListener audit;
    private final SecureRandom random;

    FailoverKeyEncryptionKeys(List<Pkcs11KeyEncryptionKeys> tokens, Clock clock, Duration retryAfter,
                              KeyAuditListener audit, SecureRandom random) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one token");
        }
        this.members = tokens.stream().map(Member::new).toList();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.random = Objects.requireNonNull(random, "random");
    }

    List<TokenHealth> health() {
        return members.stream().map(m -> new TokenHealth(m.label(), m.up, m.failures,
                Optional.ofNullable(m.failedAt), Optional.ofNullable(m.lastError))).toList();
    }

    List<Pkcs11Token> tokens() {
        return members.stream().map(m -> m.keys.token()).toList();
    }

    private <T> T onAnyToken(String what, Function<Pkcs11KeyEncryptionKeys, T> operation) {
        List<Member> order = new ArrayList<>();
        List<Member> later = new ArrayList<>();
        Instant now = clock.instant();
        for (Member member : members) {
            if (member.up || member.failedAt == null || !now.isBefore(member.failedAt.plus(retryAfter))) {
                order.add(member);
            } else {
                later.add(member);
            }
        }
        order.addAll(later);
        TokenException last = null;
        KeyException missing = null;
        List<String> failed = new ArrayList<>();
        for (Member member : order) {
            try {
                T result = operation.apply(member.keys);
                if (!member.up) {
                    member.up = true;
                    audit.record(new KeyAuditEvent.TokenRecovered(member.label(), clock.instant()));
                }
                return result;
            } catch (TokenException e) {
                markDown(member, e);
                failed.add(member.label());
                last = e;
            } catch (Pkcs11KeyEncryptionKeys.MissingKey | Pkcs11KeyEncryptionKeys.AuthenticationFailed e) {
                // a token that lost its objects answers "no such key", or garbage that fails authentication: let the
                // next token try; a key that really was altered fails on every token and is reported as such
                missing = missing == null ? e : missing;
            }
        }
        if (last == null && missing != null) {
            throw missing;
        }
        throw new TokenException("every token of the cluster failed to " + what + " (" + String.join(", ", failed)
                + "); last error: " + (last == null ? "none" : last.getMessage()), last);
    }

    private void markDown(Member member, TokenException e) {
        boolean wasUp = member.up;
        member.up = false;
        member.failures++;
        member.failedAt = clock.instant();
        member.lastError = e.getMessage();
        if (wasUp) {
            audit.record(new KeyAuditEvent.TokenFailed(member.label(), e.getMessage(), member.failedAt));
        }
    }

    /** True when any token that answers holds the key (a failed token may answer "absent"). */
    @Override
    public boolean exists(KeyRef kek) {
        return versionsOnAll(kek.tenant()).contains(kek);
    }

    /** A cluster never generates a key inside one token: the same material must reach every token (a ceremony). */
    @Override
    public void create(KeyRef kek) {
        if (exists(kek)) {
            return;
        }
        KeyCeremony.importInto(members.stream().map(m -> m.keys).toList(), kek, random);
    }

    /** The union over the tokens that answer: a failed SoftHSM2 token lists nothing rather than failing. */
    @Override
    public List<KeyRef> versions(String tenant) {
        return List.copyOf(versionsOnAll(tenant));
    }

    private java.util.SortedSet<KeyRef> versionsOnAll(String tenant) {
        java.util.SortedSet<KeyRef> union = new java.util.TreeSet<>(java.util.Comparator.comparingInt(KeyRef::version));
        TokenException last = null;
        int answered = 0;
        for (Member member : members) {
            try {
                union.addAll(member.keys.versions(tenant));
                answered++;
            } catch (TokenException e) {
                markDown(member, e);
                last = e;
            }
        }
        if (answered == 0) {
            throw new TokenException("no token of the cluster could list the keys of tenant " + tenant, last);
        }
        return union;
    }

    @Override
    public void destroy(KeyRef kek) {
        List<String> failed = new ArrayList<>();
        for (Member member : members) {
            try {
                member.keys.destroy(kek);
            } catch (TokenException e) {
                markDown(member, e);
                failed.add(member.label());
            }
        }
        if (!failed.isEmpty()) {
            throw new TokenException(kek + " could not be destroyed on " + failed + "; destroy it there when the "
                    + "token is back", null);
        }
    }

    @Override
    public byte[] wrap(KeyRef kek, byte[] secret, byte[] aad) {
        return onAnyToken("wrap under " + kek, keys -> keys.wrap(kek, secret, aad));
    }

    @Override
    public byte[] unwrap(KeyRef kek, byte[] wrapped, byte[] aad) {
        return onAnyToken("unwrap under " + kek, keys -> keys.unwrap(kek, wrapped, aad));
    }

    @Override
    public long calls() {
        return members.stream().mapToLong(m -> m.keys.calls()).sum();
    }

    @Override
    public String describe() {
        return "cluster of tokens " + members.stream().map(Member::label).toList();
    }

    @Override
    public void close() {
        members.forEach(m -> m.keys.close());
    }
}
