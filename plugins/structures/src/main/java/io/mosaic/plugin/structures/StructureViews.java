package io.mosaic.plugin.structures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** Answers of the {@code look-through} and {@code party} queries (the {@code graph} query answers {@link OwnershipGraph}). */
public final class StructureViews {
    /** Look-through shares are answered with this many decimals (HALF_EVEN); they are solved with 34 digits. */
    public static final int SHARE_DECIMALS = 12;

    private StructureViews() {
    }

    /** Effective economic share of the holder in one entity. */
    public record EffectiveShare(String entityId, PartyKind kind, String name, BigDecimal economicShare) {
        public EffectiveShare {
            Objects.requireNonNull(entityId, "entityId");
            Objects.requireNonNull(economicShare, "economicShare");
        }
    }

    /** Answer of {@code look-through?holder=&asOf=}: one line per entity the holder reaches, ordered by entity id. */
    public record LookThroughView(String holderId, LocalDate asOf, List<EffectiveShare> shares) {
        public LookThroughView {
            Objects.requireNonNull(holderId, "holderId");
            Objects.requireNonNull(asOf, "asOf");
            shares = List.copyOf(shares);
        }
    }

    /** Answer of {@code party?id=}: the party and every edge (any date) where it is holder or entity. */
    public record PartyView(String id, PartyKind kind, String name, String jurisdiction,
                            List<OwnershipGraph.Edge> heldBy, List<OwnershipGraph.Edge> holds) {
        public PartyView {
            heldBy = List.copyOf(heldBy);
            holds = List.copyOf(holds);
        }
    }

    static BigDecimal rounded(BigDecimal share) {
        return share.setScale(SHARE_DECIMALS, RoundingMode.HALF_EVEN);
    }
}
