package io.mosaic.hsm;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one version of one key: {@code <tenant>/<name>/v<version>}, e.g. {@code demo/kek/v1},
 * {@code demo/e/asset-42/dek/v1}, {@code demo/valuation-alerts/sig/v1}. Every ciphertext and signature names the
 * key that made it, so rotation never guesses.
 */
public record KeyRef(String tenant, String name, int version) {
    private static final Pattern TENANT = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/|-]{0,255}");

    public KeyRef {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        if (!TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant '" + tenant + "' must be lower-case letters, digits or '-'");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("key name '" + name + "' has characters a key name cannot have");
        }
        if (version < 1) {
            throw new IllegalArgumentException("key version must be 1 or more, was " + version);
        }
    }

    public static KeyRef tenantKek(String tenant, int version) {
        return new KeyRef(tenant, "kek", version);
    }

    public static KeyRef dataKey(String tenant, String entity, int version) {
        return new KeyRef(tenant, "e/" + entity + "/dek", version);
    }

    public static KeyRef signingKey(String tenant, String installation, int version) {
        return new KeyRef(tenant, installation + "/sig", version);
    }

    /** Parses the form produced by {@link #toString()}. */
    public static KeyRef parse(String text) {
        int first = text.indexOf('/');
        int last = text.lastIndexOf("/v");
        if (first < 0 || last <= first) {
            throw new IllegalArgumentException("'" + text + "' is not a key reference (tenant/name/vN)");
        }
        try {
            return new KeyRef(text.substring(0, first), text.substring(first + 1, last),
                    Integer.parseInt(text.substring(last + 2)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a key reference (tenant/name/vN)", e);
        }
    }

    @Override
    public String toString() {
        return tenant + "/" + name + "/v" + version;
    }
}
