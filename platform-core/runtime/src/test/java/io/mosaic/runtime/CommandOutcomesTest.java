package io.mosaic.runtime;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CommandOutcomesTest {
    /** A clock the test moves. */
    static final class Moving extends Clock {
        Instant now = Instant.parse("2026-01-05T08:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void pendingThenDone_withTheEventsItCaused_orRejectedWithTheDomainsReason() {
        CommandOutcomes outcomes = new CommandOutcomes(new Moving());
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        outcomes.accepted(a, "assets.RegisterAsset", "anna", "asset-1");
        outcomes.accepted(b, "assets.RegisterAsset", "anna", "asset-1");
        assertThat(outcomes.of(a).orElseThrow().state()).isEqualTo(CommandOutcomes.State.PENDING);
        UUID event = UUID.randomUUID();
        outcomes.caused(a, new CommandOutcomes.Caused(event, "assets.AssetRegistered", "asset-1", Instant.EPOCH),
                Optional.empty());
        outcomes.handled(a);
        outcomes.caused(b, new CommandOutcomes.Caused(UUID.randomUUID(), "assets.CommandRejected", "asset-1",
                Instant.EPOCH), Optional.of("asset asset-1 is already registered"));
        outcomes.handled(b);
        assertThat(outcomes.of(a).orElseThrow().state()).isEqualTo(CommandOutcomes.State.DONE);
        assertThat(outcomes.of(a).orElseThrow().events()).extracting(CommandOutcomes.Caused::id).containsExactly(event);
        assertThat(outcomes.of(b).orElseThrow().state()).isEqualTo(CommandOutcomes.State.REJECTED);
        assertThat(outcomes.of(b).orElseThrow().reason()).isEqualTo("asset asset-1 is already registered");
    }

    @Test
    void deniedAtDelivery_keepsTheRule_andALaterDecisionDoesNotOverwriteIt() {
        CommandOutcomes outcomes = new CommandOutcomes(new Moving());
        UUID id = UUID.randomUUID();
        outcomes.accepted(id, "assets.RecordValuation", "bob", "asset-2");
        outcomes.failed(id);
        outcomes.denied(id, "assets:advisor-writes", "bob advises no owner of asset-2");
        outcomes.handled(id);
        var o = outcomes.of(id).orElseThrow();
        assertThat(o.state()).isEqualTo(CommandOutcomes.State.DENIED);
        assertThat(o.rule()).isEqualTo("assets:advisor-writes");
        assertThat(o.failures()).isEqualTo(1);
    }

    @Test
    void outcomes_areKeptForADay_andAtMostTheNewestN() {
        Moving clock = new Moving();
        CommandOutcomes outcomes = new CommandOutcomes(clock, 3);
        UUID first = UUID.randomUUID();
        outcomes.accepted(first, "t.A", "s", null);
        clock.now = clock.now.plus(Duration.ofHours(23));
        UUID second = UUID.randomUUID();
        outcomes.accepted(second, "t.A", "s", null);
        assertThat(outcomes.of(first)).isPresent();
        clock.now = clock.now.plus(Duration.ofHours(2));
        assertThat(outcomes.of(first)).isEmpty();
        assertThat(outcomes.of(second)).isPresent();
        for (int i = 0; i < 5; i++) {
            outcomes.accepted(UUID.randomUUID(), "t.A", "s", null);
        }
        assertThat(outcomes.size()).isLessThanOrEqualTo(3);
        assertThat(outcomes.of(second)).isEmpty();
    }
}
