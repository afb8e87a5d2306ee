package io.mosaic.identity.phototan;

import io.mosaic.keycloak.phototan.Challenge;
import io.mosaic.keycloak.phototan.OperationDetails;
import io.mosaic.keycloak.phototan.PhotoTanImage;
import io.mosaic.keycloak.phototan.TanCheck;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dynamic linking for operations of high value, with or without Keycloak. The platform asks for a confirmation of
 * exactly the operation it is about to carry out ({@link OperationDetails}: install app X with scopes S, grant
 * advisor A access to client C, destroy the keys of entity E), shows the returned image, and before carrying the
 * operation out calls {@link #verify} with the TAN and the details it is about to execute:
 * <ul>
 * <li>a TAN confirms only the challenge it was derived from, and only with the same details: other or changed
 * details give {@link TanCheck#DETAILS_CHANGED} (and burn the challenge);</li>
 * <li>a confirmed challenge is gone: a TAN works once ({@link TanCheck#UNKNOWN_OR_USED} after);</li>
 * <li>it expires after {@code validity};</li>
 * <li>{@code maxFailures} consecutive wrong TANs of one person lock the factor ({@link TanCheck#LOCKED}) until
 * {@link #unlock}.</li>
 * </ul>
 * Thread-safe. Pending challenges live in memory (a restart cancels them, which is safe).
 */
public final class PhotoTan {
    /** What the platform shows the person: the image (mosaic and QR) and the details in clear. */
    public record Confirmation(String challengeId, String tenant, String username, OperationDetails details,
                               Instant expiresAt, byte[] mosaicPng, byte[] qrPng) {
        public Confirmation {
            Objects.requireNonNull(challengeId, "challengeId");
            mosaicPng = mosaicPng.clone();
            qrPng = qrPng.clone();
        }

        @Override
        public byte[] mosaicPng() {
            return mosaicPng.clone();
        }

        @Override
        public byte[] qrPng() {
            return qrPng.clone();
        }

        public List<String> displayLines() {
            return details.displayLines();
        }
    }

    /** No device is enrolled for the person: the platform must not offer the operation. */
    public static final class NoDeviceException extends io.mosaic.identity.IdentityException {
        NoDeviceException(String tenant, String username) {
            super("no photoTAN device is enrolled for " + username + " of tenant " + tenant);
        }
    }

    private record Pending(String tenant, String username, Challenge challenge) {
    }

    private final DeviceRegistry devices;
    private final Clock clock;
    private final Duration validity;
    private final int maxFailures;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    public PhotoTan(DeviceRegistry devices, Clock clock, Duration validity, int maxFailures) {
        this.devices = Objects.requireNonNull(devices, "devices");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.validity = Objects.requireNonNull(validity, "validity");
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        this.maxFailures = maxFailures;
    }

    /** Defaults: 5 minutes, lock after 5 wrong TANs. */
    public static PhotoTan create(DeviceRegistry devices) {
        return new PhotoTan(devices, Clock.systemUTC(), Duration.ofMinutes(5), 5);
    }

    /** Open challenges a person may have at once; more are refused until some are answered or expire. */
    public static final int MAX_OPEN_PER_PERSON = 10;
    /** Open challenges of all people at once (memory bound). */
    public static final int MAX_OPEN = 100_000;

    /**
     * A challenge for {@code details}, sealed to the person's device.
     *
     * @throws TooManyChallengesException when the person has {@value #MAX_OPEN_PER_PERSON} open challenges already
     */
    public Confirmation challenge(String tenant, String username, OperationDetails details) {
        PublicKey device = devices.deviceOf(tenant, username).orElseThrow(() -> new NoDeviceException(tenant, username));
        Instant now = clock.instant();
        pending.values().removeIf(p -> !now.isBefore(p.challenge().expiresAt()));
        long open = pending.values().stream().filter(p -> p.tenant().equals(tenant) && p.username().equals(username)).count();
        if (open >= MAX_OPEN_PER_PERSON || pending.size() >= MAX_OPEN) {
            throw new TooManyChallengesException(tenant, username);
        }
        Challenge challenge = Challenge.create(details, now.plus(validity));
        pending.put(challenge.id(), new Pending(tenant, username, challenge));
        byte[] sealed = challenge.sealTo(device);
        return new Confirmation(challenge.id(), tenant, username, details, challenge.expiresAt(),
                PhotoTanImage.mosaicPng(sealed), PhotoTanImage.qrPng(sealed));
    }

    /**
     * Checks a TAN against the details the platform is about to carry out. Only {@link TanCheck#CONFIRMED} allows
     * the operation.
     */
    public TanCheck verify(String challengeId, OperationDetails details, String tan) {
        Pending p = pending.get(challengeId);
        if (p == null) {
            return TanCheck.UNKNOWN_OR_USED;
        }
        return verify(p, challengeId, details, tan);
    }

    /**
     * As {@link #verify(String, OperationDetails, String)}, for the person the caller is: a challenge issued to
     * somebody else is {@link TanCheck#UNKNOWN_OR_USED} to this caller, and stays open for its own person.
     */
    public TanCheck verify(String challengeId, OperationDetails details, String tan, String tenant, String username) {
        Pending p = pending.get(challengeId);
        if (p == null || !p.tenant().equals(tenant) || !p.username().equals(username)) {
            return TanCheck.UNKNOWN_OR_USED;
        }
        return verify(p, challengeId, details, tan);
    }

    private TanCheck verify(Pending p, String challengeId, OperationDetails details, String tan) {
        String person = p.tenant() + "/" + p.username();
        if (failures.getOrDefault(person, 0) >= maxFailures) {
            pending.remove(challengeId);
            return TanCheck.LOCKED;
        }
        TanCheck outcome = TanCheck.check(p.challenge(), details, tan, clock.instant());
        switch (outcome) {
            case CONFIRMED -> {
                if (!pending.remove(challengeId, p)) {
                    return TanCheck.UNKNOWN_OR_USED; // a concurrent verify used it first
                }
                failures.remove(person);
            }
            case WRONG_TAN -> {
                if (failures.merge(person, 1, Integer::sum) >= maxFailures) {
                    pending.remove(challengeId);
                    return TanCheck.LOCKED;
                }
            }
            case EXPIRED, DETAILS_CHANGED -> pending.remove(challengeId);
            case UNKNOWN_OR_USED, LOCKED -> {
                // not produced by TanCheck.check
            }
        }
        return outcome;
    }

    public boolean isLocked(String tenant, String username) {
        return failures.getOrDefault(tenant + "/" + username, 0) >= maxFailures;
    }

    /** An administrator unlocks the factor of a person. */
    public void unlock(String tenant, String username) {
        failures.remove(tenant + "/" + username);
    }

    /** A person asked for more challenges than may be open at once. */
    public static final class TooManyChallengesException extends io.mosaic.identity.IdentityException {
        TooManyChallengesException(String tenant, String username) {
            super(username + " of " + tenant + " has " + MAX_OPEN_PER_PERSON + " open photoTAN challenges: answer one"
                    + " or wait until they expire");
        }
    }
}
