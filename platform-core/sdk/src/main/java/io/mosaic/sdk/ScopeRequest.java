package io.mosaic.sdk;

import java.util.Objects;

/** A permission a plugin asks for, with the reason shown to the tenant administrator at install. */
public record ScopeRequest(String scope, String reason) {
    public ScopeRequest {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(reason, "reason");
        if (scope.isBlank()) {
            throw new IllegalArgumentException("scope must not be blank");
        }
        if (reason.isBlank()) {
            throw new IllegalArgumentException("scope '" + scope + "' needs a reason shown to the tenant administrator");
        }
    }
}
