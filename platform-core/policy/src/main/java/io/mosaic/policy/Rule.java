package io.mosaic.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule of a rule set, as written in {@code policy.yaml}.
 *
 * @param id        unique within the rule set; decisions name it as {@code <domain>:<id>}
 * @param effect    allow or deny; a matching deny wins over every allow
 * @param types     exact message types ({@code assets.RegisterAsset}) or a whole domain ({@code assets.*})
 * @param senders   plugin ids without version, or {@code *} for any sender
 * @param condition optional CEL expression that must evaluate to true for the rule to match
 * @param reason    why the rule exists; becomes the decision's reason
 * @param line      line of the rule in its file
 */
public record Rule(String id, Effect effect, List<String> types, List<String> senders, Optional<String> condition,
                   String reason, int line) {

    public enum Effect {
        ALLOW, DENY
    }

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(reason, "reason");
        types = List.copyOf(types);
        senders = List.copyOf(senders);
        if (types.isEmpty()) {
            throw new IllegalArgumentException("rule '" + id + "' names no message types");
        }
        if (senders.isEmpty()) {
            throw new IllegalArgumentException("rule '" + id + "' names no senders");
        }
    }

    /** Whether this rule is about {@code type} (exactly, or through a {@code domain.*} pattern). */
    public boolean coversType(String type) {
        for (String pattern : types) {
            if (pattern.endsWith(".*")
                    ? type.length() > pattern.length() - 1 && type.startsWith(pattern.substring(0, pattern.length() - 1))
                    : pattern.equals(type)) {
                return true;
            }
        }
        return false;
    }
}
