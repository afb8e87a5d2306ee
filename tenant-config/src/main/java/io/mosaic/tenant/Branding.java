package io.mosaic.tenant;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the tenant's portal and login pages look.
 *
 * @param primaryColor {@code #rrggbb}
 * @param accentColor  {@code #rrggbb}
 * @param logo         a path relative to the tenant's theme or an {@code https://} URL; empty when the name is shown
 */
public record Branding(String name, String primaryColor, String accentColor, Optional<String> logo) {
    static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    public Branding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(logo, "logo");
        if (name.isBlank()) {
            throw new IllegalArgumentException("branding name must not be blank");
        }
        requireColor(primaryColor, "primaryColor");
        requireColor(accentColor, "accentColor");
    }

    private static void requireColor(String color, String field) {
        if (color == null || !COLOR.matcher(color).matches()) {
            throw new IllegalArgumentException("branding " + field + " '" + color + "' is not #rrggbb");
        }
    }
}
