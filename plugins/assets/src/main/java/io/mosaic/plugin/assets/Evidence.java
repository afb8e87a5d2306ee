package io.mosaic.plugin.assets;

import java.time.Instant;
import java.util.Objects;

/** An evidence document as the aggregate keeps it: its description, not its content. */
public record Evidence(String valuationId, String documentName, String mediaType, String sha256, long size,
                       Instant attachedAt) {
    public Evidence {
        Objects.requireNonNull(valuationId, "valuationId");
        Objects.requireNonNull(documentName, "documentName");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(attachedAt, "attachedAt");
    }

    static Evidence from(EvidenceAttached event) {
        return new Evidence(event.valuationId(), event.documentName(), event.mediaType(), event.sha256(),
                event.size(), event.attachedAt());
    }
}
