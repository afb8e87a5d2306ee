package io.mosaic.plugin.structures;

import java.util.Objects;

/** Event and message {@code structures.PartyRegistered}. */
public record PartyRegistered(String partyId, PartyKind kind, String name, String jurisdiction)
        implements StructureEvent {
    public PartyRegistered {
        Objects.requireNonNull(partyId, "partyId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jurisdiction, "jurisdiction");
    }

    @Override
    public String entity() {
        return partyId;
    }
}
