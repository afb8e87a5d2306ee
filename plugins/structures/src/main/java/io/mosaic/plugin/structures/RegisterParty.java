package io.mosaic.plugin.structures;

/** Message {@code structures.RegisterParty}. {@code jurisdiction} is an ISO 3166 alpha-2 code. */
public record RegisterParty(String partyId, PartyKind kind, String name, String jurisdiction)
        implements StructureCommand {
    public RegisterParty {
        partyId = partyId == null ? "" : partyId.strip();
        name = name == null ? "" : name.strip();
        jurisdiction = jurisdiction == null ? "" : jurisdiction.strip();
    }

    @Override
    public String reference() {
        return partyId;
    }
}
