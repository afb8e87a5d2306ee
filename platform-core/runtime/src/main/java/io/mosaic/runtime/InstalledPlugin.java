package io.mosaic.runtime;

import io.mosaic.sdk.PluginManifest;

import java.time.Instant;
import java.util.Set;

/**
 * A plugin running in a tenant: its manifest, the scopes the tenant granted, when it was installed, and whether
 * messages are being delivered to it (false while paused, or when it consumes nothing).
 */
public record InstalledPlugin(PluginManifest manifest, Set<String> grants, Instant installedAt, int ruleSetVersion,
                              boolean receiving) {
    public InstalledPlugin {
        grants = Set.copyOf(grants);
    }
}
