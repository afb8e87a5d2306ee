package io.mosaic.tenant;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A factor of the tenant's login flow, written in lower case in a descriptor. */
public enum LoginFactor {
    /** A client certificate issued by the platform CA. */
    CERTIFICATE,
    PASSWORD,
    /** A photoTAN confirmed on the client's phone. */
    PHOTOTAN;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<LoginFactor> fromYaml(String text) {
        return Arrays.stream(values()).filter(f -> f.yamlName().equals(text)).findFirst();
    }
}
