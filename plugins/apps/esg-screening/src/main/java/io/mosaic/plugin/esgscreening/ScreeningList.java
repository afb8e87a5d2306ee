package io.mosaic.plugin.esgscreening;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bank's exclusion list ({@code ISIN → category}) and ratings ({@code ISIN → rating}), read from the
 * installation's configuration keys {@code exclusions} and {@code ratings}: {@code ISIN=value} pairs separated by
 * commas, e.g. {@code "XS0000000017=controversial-weapons, XS0000000025=thermal-coal"}.
 */
public record ScreeningList(Map<String, String> exclusions, Map<String, String> ratings) {
    static final String EXCLUSIONS_KEY = "exclusions";
    static final String RATINGS_KEY = "ratings";
    private static final Pattern ISIN = Pattern.compile("[A-Z]{2}[A-Z0-9]{9}[0-9]");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]*");

    public ScreeningList {
        exclusions = Collections.unmodifiableMap(new LinkedHashMap<>(exclusions));
        ratings = Collections.unmodifiableMap(new LinkedHashMap<>(ratings));
    }

    /** Reads both keys; a missing key is an empty list. */
    public static ScreeningList parse(Optional<String> exclusions, Optional<String> ratings) {
        return new ScreeningList(pairs(EXCLUSIONS_KEY, exclusions.orElse("")), pairs(RATINGS_KEY, ratings.orElse("")));
    }

    static Map<String, String> pairs(String key, String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        int position = 0;
        for (String item : text.split(",")) {
            position++;
            String pair = item.strip();
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String isin = eq < 0 ? pair : pair.substring(0, eq).strip();
            String value = eq < 0 ? "" : pair.substring(eq + 1).strip();
            if (!ISIN.matcher(isin).matches()) {
                throw new EsgScreeningException("config " + key + ", entry " + position + ": '" + isin
                        + "' is not an ISIN (expected e.g. XS0000000017=thermal-coal)");
            }
            if (!VALUE.matcher(value).matches()) {
                throw new EsgScreeningException("config " + key + ", entry " + position + " (" + isin + "): value '"
                        + value + "' is missing or not a word (expected e.g. " + isin + "=thermal-coal)");
            }
            String before = pairs.putIfAbsent(isin, value);
            if (before != null && !before.equals(value)) {
                throw new EsgScreeningException("config " + key + ", entry " + position + ": " + isin
                        + " is listed twice, as '" + before + "' and as '" + value + "'");
            }
        }
        return pairs;
    }

    /** Screens an instrument: cash is not screened; an excluded ISIN wins over a rating. */
    public Screened screen(String instrumentId) {
        Objects.requireNonNull(instrumentId, "instrumentId");
        if (instrumentId.startsWith("CASH-")) {
            return new Screened(Verdict.NOT_SCREENED, "", "");
        }
        String category = exclusions.get(instrumentId);
        String rating = ratings.getOrDefault(instrumentId, "");
        if (category != null) {
            return new Screened(Verdict.EXCLUDED, category, rating);
        }
        return rating.isEmpty() ? new Screened(Verdict.UNRATED, "", "") : new Screened(Verdict.RATED, "", rating);
    }

    /** A verdict with its category ({@code ""} unless excluded) and rating ({@code ""} when there is none). */
    public record Screened(Verdict verdict, String category, String rating) {
        public Screened {
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(rating, "rating");
        }
    }
}
