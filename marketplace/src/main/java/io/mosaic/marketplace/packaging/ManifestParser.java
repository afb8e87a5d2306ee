package io.mosaic.marketplace.packaging;

import io.mosaic.sdk.PluginManifest;

import java.nio.file.Path;

/**
 * Port: reads {@code mosaic-plugin.yaml} from a plugin jar. The server wires the runtime's reader
 * ({@code new io.mosaic.runtime.host.ManifestReader()::read}), so the marketplace and the runtime accept exactly the
 * same manifests.
 */
@FunctionalInterface
public interface ManifestParser {

    /** @throws RuntimeException with a message naming the jar, line and field when the manifest is missing or wrong */
    PluginManifest read(Path jar);
}
