package io.mosaic.sdk;

import java.time.Instant;

/** A marketplace app, shipped as a PF4J plugin and run in the tenant's PF4J manager. */
public interface AppPlugin extends MosaicPlugin {

    /**
     * The tenant uninstalled the app. Its data on the platform stays readable until {@code shredAt} (so a
     * re-installation finds it) and is then crypto-shredded. An app that keeps copies of the tenant's data outside
     * the platform must delete them by then (the redaction marketplaces require of apps handling personal data).
     * Called before {@link #stop()}.
     */
    default void onUninstall(Instant shredAt) {
    }
}
