package io.mosaic.marketplace.catalog;

import io.mosaic.marketplace.packaging.PackageRefusal;

import java.util.Objects;

/** The outcome of {@link Catalog#submit}: the version now waiting for review, or why it was refused. */
public sealed interface Submission permits Submission.Accepted, Submission.Refused {

    /** @param alreadyKnown true when the same jar had been submitted before (submission is idempotent) */
    record Accepted(AppVersion version, boolean alreadyKnown) implements Submission {
        public Accepted {
            Objects.requireNonNull(version, "version");
        }
    }

    record Refused(PackageRefusal refusal) implements Submission {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }
}
