package io.mosaic.hsm;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one token of a key service, for health checks and metrics.
 *
 * @param token     the token's label
 * @param up        false after an operation on it failed, until it answers again
 * @param failures  operations that failed on it since the service was opened
 * @param failedAt  when it last failed
 * @param lastError what the last failure said
 */
public record TokenHealth(String token, boolean up, long failures, Optional<Instant> failedAt,
                          Optional<String> lastError) {
    public TokenHealth {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(lastError, "lastError");
    }
}
