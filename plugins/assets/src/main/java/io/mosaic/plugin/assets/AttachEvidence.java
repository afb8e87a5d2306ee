package io.mosaic.plugin.assets;

import java.util.Objects;

/**
 * Message {@code assets.AttachEvidence}: attach a document (an appraisal report, a NAV statement, a loan statement)
 * to a recorded valuation. The document is stored in the asset's own event stream, so the platform encrypts it
 * under the asset's data key like every other event of the asset.
 *
 * @param documentName  unique per asset, e.g. {@code appraisal-2024.pdf}
 * @param mediaType     e.g. {@code application/pdf}
 * @param contentBase64 the document, base64 (RFC 4648), at most {@value Asset#MAX_EVIDENCE_BYTES} bytes decoded
 */
public record AttachEvidence(String assetId, String valuationId, String documentName, String mediaType,
                             String contentBase64) implements AssetCommand {
    public AttachEvidence {
        Objects.requireNonNull(assetId, "assetId");
        valuationId = valuationId == null ? "" : valuationId.strip();
        documentName = documentName == null ? "" : documentName.strip();
        mediaType = mediaType == null ? "" : mediaType.strip();
        contentBase64 = contentBase64 == null ? "" : contentBase64.strip();
    }
}
