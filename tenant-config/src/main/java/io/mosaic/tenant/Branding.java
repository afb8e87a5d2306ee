package io.mosaic.tenant;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the tenant's portal and login pages look, and where they are served.
 *
 * @param primaryColor {@code #rrggbb}
 * @param accentColor  {@code #rrggbb}
 * @param logo         a path relative to the tenant's theme or an {@code https://} URL; empty when the name is shown
 * @param fonts        font families of headings and body text; empty for the platform's default fonts
 * @param domain       the host name of the tenant's portal, e.g. {@code wealth.helvetia.example}; empty when the
 *                     portal is served under the platform's host ({@code <platform-host>/t/<id>})
 */
public record Branding(String name, String primaryColor, String accentColor, Optional<String> logo,
                       Optional<Fonts> fonts, Optional<String> domain) {
    static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    /** Lower-case DNS name of at least two labels, each 1-63 characters, not starting or ending with '-'. */
    static final Pattern DOMAIN = Pattern.compile(
            "(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    /**
     * Font families: letters, digits, spaces and '-' (e.g. {@code Playfair Display}); served from the tenant theme.
     */
    public record Fonts(String heading, String body) {
        static final Pattern FAMILY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 -]{0,62}");

        public Fonts {
            requireFamily(heading, "heading");
            requireFamily(body, "body");
        }

        private static void requireFamily(String family, String field) {
            if (family == null || !FAMILY.matcher(family).matches()) {
                throw new IllegalArgumentException("branding fonts." + field + " '" + family
                        + "' is not a font family name");
            }
        }
    }

    public Branding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(logo, "logo");
        Objects.requireNonNull(fonts, "fonts");
        Objects.requireNonNull(domain, "domain");
        if (name.isBlank()) {
            throw new IllegalArgumentException("branding name must not be blank");
        }
        requireColor(primaryColor, "primaryColor");
        requireColor(accentColor, "accentColor");
        domain.ifPresent(host -> {
            if (!DOMAIN.matcher(host).matches()) {
                throw new IllegalArgumentException("branding domain '" + host + "' is not a lower-case host name");
            }
        });
    }

    /** Branding with the platform's fonts, served under the platform's host. */
    public Branding(String name, String primaryColor, String accentColor, Optional<String> logo) {
        this(name, primaryColor, accentColor, logo, Optional.empty(), Optional.empty());
    }

    private static void requireColor(String color, String field) {
        if (color == null || !COLOR.matcher(color).matches()) {
            throw new IllegalArgumentException("branding " + field + " '" + color + "' is not #rrggbb");
        }
    }
}
