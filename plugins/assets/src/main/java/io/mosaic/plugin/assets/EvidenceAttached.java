package io.mosaic.plugin.assets;

import java.time.Instant;
import java.util.Objects;

/**
 * Event {@code assets.EvidenceAttached} of the {@code asset} aggregate: stored only (encrypted per asset), not
 * published, so documents never travel on the bus. The {@code asset} query lists it without content; the
 * {@code evidence} query returns it.
 *
 * @param sha256 hex SHA-256 of the decoded content: attaching the same name again with the same content is a no-op
 * @param size   decoded size in bytes
 */
public record EvidenceAttached(String assetId, String valuationId, String documentName, String mediaType,
                               String contentBase64, String sha256, long size, Instant attachedAt)
        implements AssetEvent {
    public EvidenceAttached {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(valuationId, "valuationId");
        Objects.requireNonNull(documentName, "documentName");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(contentBase64, "contentBase64");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(attachedAt, "attachedAt");
    }

    @Override
    public boolean published() {
        return false;
    }
}
