package io.mosaic.marketplace.catalog;

import io.mosaic.marketplace.packaging.PackageRefusal;
import io.mosaic.sdk.PluginManifest;

import java.nio.file.Path;
import java.util.Objects;

/** The outcome of {@link Catalog#installable}: a package the runtime may install, or why not. */
public sealed interface Installability permits Installability.Installable, Installability.NotInstallable {

    /**
     * A package that was verified again just now (signature, publisher key and digest equal to the approved one).
     *
     * @param jar       the jar in the catalog's store, for {@code TenantRuntime.install}
     * @param signature its detached signature
     */
    record Installable(AppVersion version, Path jar, Path signature, PluginManifest manifest)
            implements Installability {
        public Installable {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(jar, "jar");
            Objects.requireNonNull(signature, "signature");
            Objects.requireNonNull(manifest, "manifest");
        }
    }

    record NotInstallable(PackageRefusal refusal) implements Installability {
        public NotInstallable {
            Objects.requireNonNull(refusal, "refusal");
        }
    }
}
