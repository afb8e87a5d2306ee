package io.mosaic.plugin.structures;

/** Kinds of parties. A PERSON or FAMILY can only be held by a FAMILY (membership); the others by anyone. */
public enum PartyKind {
    PERSON, FAMILY, COMPANY, TRUST, FOUNDATION, PARTNERSHIP;

    /** Whether a party of kind {@code holder} may hold a share of a party of this kind. */
    boolean mayBeHeldBy(PartyKind holder) {
        return switch (this) {
            case PERSON, FAMILY -> holder == FAMILY;
            case COMPANY, TRUST, FOUNDATION, PARTNERSHIP -> true;
        };
    }
}
