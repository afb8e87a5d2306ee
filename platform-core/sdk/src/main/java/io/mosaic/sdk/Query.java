package io.mosaic.sdk;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A read-only question to a domain, e.g. {@code asset} with {@code id=...}. */
public record Query(String name, Map<String, String> parameters, String subject) {
    public Query {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
        parameters = Map.copyOf(parameters);
    }

    public Optional<String> parameter(String key) {
        return Optional.ofNullable(parameters.get(key));
    }
}
