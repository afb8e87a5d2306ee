package io.mosaic.runtime;

import io.mosaic.sdk.PluginManifest;

import java.time.Instant;
import java.util.Set;

/** A plugin running in a tenant: its manifest, the scopes the tenant granted, when it was installed. */
public record InstalledPlugin(PluginManifest manifest, Set<String> grants, Instant installedAt, int ruleSetVersion) {
    public InstalledPlugin {
        grants = Set.copyOf(grants);
    }
}
