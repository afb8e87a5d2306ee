package io.mosaic.plugin.custody;

/** How statements of holdings name their pages. */
final class Mt535Pages {
    /**
     * The id of a statement that is complete in one message ({@code :28E:1/ONLY}): only such a statement closes
     * the account's positions that it does not list. A statement in several pages names them {@code page-1},
     * {@code page-2}, …; their absent positions are left as they are.
     */
    static final String ONLY_PAGE = "page-1-only";

    private Mt535Pages() {
    }
}
