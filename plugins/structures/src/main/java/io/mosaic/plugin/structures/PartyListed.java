package io.mosaic.plugin.structures;

import java.util.Objects;

/** Stored in {@code structures-index/all}: the party's streams exist; used to rebuild the structure at start. */
public record PartyListed(String partyId) {
    public PartyListed {
        Objects.requireNonNull(partyId, "partyId");
    }
}
