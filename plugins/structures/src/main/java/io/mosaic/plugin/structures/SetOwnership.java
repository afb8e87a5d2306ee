package io.mosaic.plugin.structures;

import io.mosaic.sdk.Omittable;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Message {@code structures.SetOwnership}: holder owns {@code economicShare} (0 < s ≤ 1) and {@code votingShare}
 * (0 ≤ v ≤ 1) of entity from {@code validFrom} (inclusive) to {@code validTo} (exclusive; JSON null = open).
 * Sending it again for the same {@code edgeId} corrects the edge (same holder and entity required).
 */
public record SetOwnership(String edgeId, String holderId, String entityId, BigDecimal economicShare,
                           BigDecimal votingShare, LocalDate validFrom, @Omittable LocalDate validTo) implements StructureCommand {
    public SetOwnership {
        edgeId = edgeId == null ? "" : edgeId.strip();
        holderId = holderId == null ? "" : holderId.strip();
        entityId = entityId == null ? "" : entityId.strip();
    }

    @Override
    public String reference() {
        return edgeId;
    }
}
