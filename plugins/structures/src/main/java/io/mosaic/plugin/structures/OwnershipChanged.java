package io.mosaic.plugin.structures;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * Event and message {@code structures.OwnershipChanged}: the complete, current content of one edge (a later event
 * for the same {@code edgeId} replaces it). {@code validTo} is exclusive; JSON null = open-ended.
 */
public record OwnershipChanged(String edgeId, String holderId, String entityId, BigDecimal economicShare,
                               BigDecimal votingShare, LocalDate validFrom, LocalDate validTo)
        implements StructureEvent {
    public OwnershipChanged {
        Objects.requireNonNull(edgeId, "edgeId");
        Objects.requireNonNull(holderId, "holderId");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(economicShare, "economicShare");
        Objects.requireNonNull(votingShare, "votingShare");
        Objects.requireNonNull(validFrom, "validFrom");
        if (validTo != null && !validTo.isAfter(validFrom)) {
            throw new IllegalArgumentException("edge " + edgeId + ": validTo " + validTo + " is not after validFrom "
                    + validFrom);
        }
    }

    @Override
    public String entity() {
        return entityId;
    }

    public Optional<LocalDate> end() {
        return Optional.ofNullable(validTo);
    }

    /** Valid on {@code date}: validFrom ≤ date < validTo. */
    public boolean validOn(LocalDate date) {
        return !date.isBefore(validFrom) && (validTo == null || date.isBefore(validTo));
    }

    boolean sameContentAs(OwnershipChanged other) {
        return edgeId.equals(other.edgeId) && holderId.equals(other.holderId) && entityId.equals(other.entityId)
                && economicShare.compareTo(other.economicShare) == 0 && votingShare.compareTo(other.votingShare) == 0
                && validFrom.equals(other.validFrom) && Objects.equals(validTo, other.validTo);
    }
}
