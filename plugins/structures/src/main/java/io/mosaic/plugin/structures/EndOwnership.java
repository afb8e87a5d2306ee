package io.mosaic.plugin.structures;

import java.time.LocalDate;

/** Message {@code structures.EndOwnership}: the edge stops holding on {@code validTo} (exclusive). */
public record EndOwnership(String edgeId, LocalDate validTo) implements StructureCommand {
    public EndOwnership {
        edgeId = edgeId == null ? "" : edgeId.strip();
    }

    @Override
    public String reference() {
        return edgeId;
    }
}
