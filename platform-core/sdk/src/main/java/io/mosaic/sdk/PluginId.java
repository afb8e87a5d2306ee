package io.mosaic.sdk;

import java.util.Objects;
import java.util.regex.Pattern;

/** Identifies one plugin at one version, e.g. {@code valuation-alerts@1.0.0}. */
public record PluginId(String id, String version) {
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]*");

    public PluginId {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("plugin id '" + id + "' must be lower-case words separated by '-' or '.'");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("plugin version '" + version + "' is not a version");
        }
    }

    /** Parses {@code id@version}. */
    public static PluginId parse(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("'" + text + "' is not of the form id@version");
        }
        return new PluginId(text.substring(0, at), text.substring(at + 1));
    }

    @Override
    public String toString() {
        return id + "@" + version;
    }
}
