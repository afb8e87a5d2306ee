package io.mosaic.marketplace.metering;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns counts into a complexity score: {@code score = sum over dimensions of weight x count}. The defaults
 * ({@link #standard()}) weigh what costs work: a legal entity or a jurisdiction 3, an ownership edge, a bank
 * relationship or a non-bankable asset 2, an account or a currency 1.
 */
public record ComplexityWeights(Map<Dimension, Integer> weights) {
    public ComplexityWeights {
        Objects.requireNonNull(weights, "weights");
        EnumMap<Dimension, Integer> copy = new EnumMap<>(Dimension.class);
        copy.putAll(weights);
        for (Dimension dimension : Dimension.values()) {
            Integer weight = copy.get(dimension);
            if (weight == null || weight < 0) {
                throw new IllegalArgumentException("weight of " + dimension + " must be 0 or more, was " + weight);
            }
        }
        weights = Map.copyOf(copy);
    }

    public static ComplexityWeights standard() {
        return new ComplexityWeights(Map.of(
                Dimension.LEGAL_ENTITY, 3,
                Dimension.OWNERSHIP_EDGE, 2,
                Dimension.BANK_RELATIONSHIP, 2,
                Dimension.ACCOUNT, 1,
                Dimension.NON_BANKABLE_ASSET, 2,
                Dimension.CURRENCY, 1,
                Dimension.JURISDICTION, 3));
    }

    public int weight(Dimension dimension) {
        return weights.get(dimension);
    }

    public long score(Map<Dimension, Integer> counts) {
        long score = 0;
        for (Map.Entry<Dimension, Integer> count : counts.entrySet()) {
            score += (long) weight(count.getKey()) * count.getValue();
        }
        return score;
    }
}
