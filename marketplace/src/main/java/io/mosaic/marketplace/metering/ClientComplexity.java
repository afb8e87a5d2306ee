package io.mosaic.marketplace.metering;

import java.time.YearMonth;
import java.util.EnumMap;
import java.util.Map;

/**
 * A client's complexity in one month: for each dimension the highest number of distinct items it held at any
 * moment of the month (so removing items before the month ends does not lower the bill), and the weighted score.
 */
public record ClientComplexity(String client, YearMonth month, Map<Dimension, Integer> counts, long score) {
    public ClientComplexity {
        EnumMap<Dimension, Integer> copy = new EnumMap<>(Dimension.class);
        copy.putAll(counts);
        counts = Map.copyOf(copy);
    }

    public int count(Dimension dimension) {
        return counts.getOrDefault(dimension, 0);
    }
}
