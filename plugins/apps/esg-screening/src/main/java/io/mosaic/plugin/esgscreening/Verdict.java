package io.mosaic.plugin.esgscreening;

/** The outcome of screening one instrument. */
public enum Verdict {
    /** On the exclusion list (a category names why). */
    EXCLUDED,
    /** Not excluded, with a rating. */
    RATED,
    /** Not excluded, without a rating: counts towards the unrated share. */
    UNRATED,
    /** Cash: part of the portfolio, neither excluded nor unrated. */
    NOT_SCREENED
}
