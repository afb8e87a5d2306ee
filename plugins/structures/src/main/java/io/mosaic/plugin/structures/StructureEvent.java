package io.mosaic.plugin.structures;

/**
 * Events of the structures domain, stored in the journal and published as {@code structures.<simple name>}:
 * {@link PartyRegistered} in stream {@code party/<partyId>}, {@link OwnershipChanged} in {@code ownership/<entityId>}.
 */
public sealed interface StructureEvent permits PartyRegistered, OwnershipChanged {

    /** The business entity whose key encrypts the event. */
    String entity();

    default String messageType() {
        return StructuresDomain.DOMAIN + "." + getClass().getSimpleName();
    }

    static Class<? extends StructureEvent> classOf(String type) {
        return switch (type.substring(type.lastIndexOf('.') + 1)) {
            case "PartyRegistered" -> PartyRegistered.class;
            case "OwnershipChanged" -> OwnershipChanged.class;
            default -> throw new StructuresException("structures journal holds an event of unknown type '" + type + "'");
        };
    }
}
