package io.mosaic.eventstore.cassandra;

import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.time.TimestampGenerator;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A driver timestamp generator whose clock is off by the seconds named in the session name
 * ({@code skew-plus-30}, {@code skew-minus-45}): every write of that session carries a skewed write time, as a
 * platform instance on a badly synchronized host would.
 */
public final class SkewedTimestampGenerator implements TimestampGenerator {
    private final long skewMicros;
    private final AtomicLong last = new AtomicLong();

    public SkewedTimestampGenerator(DriverContext context) {
        String name = context.getSessionName();
        long seconds = 0;
        if (name.startsWith("skew-plus-")) {
            seconds = Long.parseLong(name.substring("skew-plus-".length()));
        } else if (name.startsWith("skew-minus-")) {
            seconds = -Long.parseLong(name.substring("skew-minus-".length()));
        }
        this.skewMicros = seconds * 1_000_000;
    }

    @Override
    public long next() {
        long now = System.currentTimeMillis() * 1000 + skewMicros;
        return last.updateAndGet(previous -> Math.max(previous + 1, now));
    }

    @Override
    public void close() {
        // nothing held
    }
}
