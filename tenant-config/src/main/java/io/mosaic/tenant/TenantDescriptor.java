package io.mosaic.tenant;

import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One tenant (a bank) as described in {@code tenant-config/tenants/<id>.yaml}. Read files with
 * {@link TenantDescriptors}, which reports every problem with file, line and field; this constructor is the last
 * guard and throws {@link IllegalArgumentException}.
 *
 * @param id            lower-case, {@code [a-z][a-z0-9-]{1,30}}; names the Pulsar tenant, Keycloak realm and keys
 * @param locale        a BCP 47 tag of language and optional country, e.g. {@code de-CH}
 * @param currency      the tenant's reporting currency, ISO 4217
 * @param domains       domains (first-party plugins) the tenant runs
 * @param apps          marketplace apps installed when the tenant starts
 * @param loginFactors  factors of the login flow; production tenants need all three
 * @param dataResidency data centres the tenant's data may live in
 * @param plan          the commercial plan, e.g. {@code private-banking}
 */
public record TenantDescriptor(String id, String legalName, Branding branding, String locale, String currency,
                               List<String> domains, List<String> apps, List<LoginFactor> loginFactors,
                               List<String> dataResidency, KeyPolicy keyPolicy, String plan) {
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,30}");
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    static final Pattern APP_ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*");
    static final Pattern LOCALE = Pattern.compile("([a-z]{2})(-([A-Z]{2}))?");
    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public TenantDescriptor {
        Objects.requireNonNull(branding, "branding");
        Objects.requireNonNull(keyPolicy, "keyPolicy");
        require(id != null && ID.matcher(id).matches(), "id '" + id + "' is not [a-z][a-z0-9-]{1,30}");
        require(legalName != null && !legalName.isBlank(), "legalName must not be blank");
        require(isLocale(locale), "locale '" + locale + "' is not a language-COUNTRY tag such as de-CH");
        require(isCurrency(currency), "currency '" + currency + "' is not an ISO 4217 code");
        domains = names("domains", domains, NAME, false);
        apps = names("apps", apps, APP_ID, true);
        loginFactors = List.copyOf(loginFactors);
        require(!loginFactors.isEmpty(), "loginFactors must name at least one factor");
        require(new HashSet<>(loginFactors).size() == loginFactors.size(), "loginFactors has duplicates");
        dataResidency = names("dataResidency", dataResidency, NAME, false);
        require(plan != null && NAME.matcher(plan).matches(), "plan '" + plan + "' is not [a-z][a-z0-9-]*");
    }

    /** The {@link #locale} as a {@link Locale}. */
    public Locale javaLocale() {
        return Locale.forLanguageTag(locale);
    }

    /** The {@link #currency} as a {@link Currency}. */
    public Currency javaCurrency() {
        return Currency.getInstance(currency);
    }

    static boolean isLocale(String tag) {
        if (tag == null) {
            return false;
        }
        var matcher = LOCALE.matcher(tag);
        if (!matcher.matches()) {
            return false;
        }
        boolean language = List.of(Locale.getISOLanguages()).contains(matcher.group(1));
        boolean country = matcher.group(3) == null || List.of(Locale.getISOCountries()).contains(matcher.group(3));
        return language && country;
    }

    static boolean isCurrency(String code) {
        if (code == null || !CURRENCY.matcher(code).matches()) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    private static List<String> names(String field, List<String> values, Pattern pattern, boolean mayBeEmpty) {
        List<String> copy = List.copyOf(values);
        require(mayBeEmpty || !copy.isEmpty(), field + " must name at least one");
        for (String value : copy) {
            require(pattern.matcher(value).matches(), field + ": '" + value + "' is not a valid name");
        }
        require(new HashSet<>(copy).size() == copy.size(), field + " has duplicates");
        return copy;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
