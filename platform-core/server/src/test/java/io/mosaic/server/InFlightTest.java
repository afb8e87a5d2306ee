package io.mosaic.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightTest {
    @Test
    void manyAtOnce_neverMoreThanTheLimit_andAllReleased_forgetsTheKey() throws Exception {
        InFlight inFlight = new InFlight();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch taken = new CountDownLatch(64);
        CountDownLatch release = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(64)) {
            for (int i = 0; i < 64; i++) {
                pool.submit(() -> {
                    start.await();
                    boolean in = inFlight.take("t|p", 16);
                    (in ? admitted : refused).incrementAndGet();
                    taken.countDown();
                    if (in) {
                        release.await();
                        inFlight.release("t|p");
                    }
                    return null;
                });
            }
            start.countDown();
            assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(admitted).hasValue(16);
            assertThat(refused).hasValue(48);
            assertThat(inFlight.open("t|p")).isEqualTo(16);
            release.countDown();
        }
        assertThat(inFlight.open("t|p")).isZero();
        assertThat(inFlight.keys()).as("no key is kept for nothing in flight").isZero();
    }

    @Test
    void keysAreCountedApart() {
        InFlight inFlight = new InFlight();
        assertThat(inFlight.take("a", 1)).isTrue();
        assertThat(inFlight.take("a", 1)).isFalse();
        assertThat(inFlight.take("b", 1)).isTrue();
        inFlight.release("a");
        assertThat(inFlight.take("a", 1)).isTrue();
    }
}
