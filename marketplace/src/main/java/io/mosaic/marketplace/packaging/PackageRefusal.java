package io.mosaic.marketplace.packaging;

import java.util.Objects;

/**
 * Why a package is not accepted, with a message for the publisher or the operator that names the package and what
 * to do.
 */
public record PackageRefusal(Reason reason, String message) {

    public enum Reason {
        /** No signature file beside the jar, or an empty one. */
        UNSIGNED,
        /** The signature file is not a CMS SignedData, is not detached, or has not exactly one signer. */
        MALFORMED_SIGNATURE,
        /** The signing key is registered to no publisher (or was revoked). */
        UNKNOWN_PUBLISHER,
        /** The signing certificate has expired or is not valid yet. */
        CERTIFICATE_NOT_VALID,
        /** The jar's digest differs from the signed digest: the jar was changed after signing. */
        MODIFIED,
        /** The signature does not verify with the signer's registered key, or uses a weak digest. */
        BAD_SIGNATURE,
        /** The manifest is missing or invalid. */
        BAD_MANIFEST,
        /** The manifest names another publisher than the one whose key signed the package. */
        PUBLISHER_MISMATCH,
        /** The package is a domain bundle, not a marketplace app. */
        NOT_AN_APP,
        /** The catalog refuses it: version exists, app owned by another publisher, not approved, not offered... */
        CATALOG
    }

    public PackageRefusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return reason + ": " + message;
    }
}
