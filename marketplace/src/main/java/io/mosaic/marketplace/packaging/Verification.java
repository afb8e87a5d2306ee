package io.mosaic.marketplace.packaging;

import io.mosaic.sdk.PluginManifest;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** The outcome of {@link PackageVerifier#verify}: a verified package, or a refusal saying why. */
public sealed interface Verification permits Verification.Verified, Verification.Refused {

    /**
     * @param jar       the jar that was verified
     * @param sha256    hex SHA-256 of the jar's bytes, as signed
     * @param signer    the registered certificate whose key signed it
     */
    record Verified(Path jar, PluginManifest manifest, String sha256, X509Certificate signer)
            implements Verification {
        public Verified {
            Objects.requireNonNull(jar, "jar");
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(signer, "signer");
        }
    }

    record Refused(PackageRefusal refusal) implements Verification {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    static Refused refused(PackageRefusal.Reason reason, String message) {
        return new Refused(new PackageRefusal(reason, message));
    }
}
