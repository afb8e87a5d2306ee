package io.mosaic.policy;

import java.util.Objects;

/**
 * The gate's answer: allowed by a named rule, or denied with the reason (the rule that denied, or "no rule
 * allows …" under deny-by-default).
 */
public record Decision(boolean allowed, String rule, String reason) {
    public Decision {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
    }

    public static Decision allow(String rule, String reason) {
        return new Decision(true, rule, reason);
    }

    public static Decision deny(String rule, String reason) {
        return new Decision(false, rule, reason);
    }
}
