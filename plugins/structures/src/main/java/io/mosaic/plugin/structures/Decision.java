package io.mosaic.plugin.structures;

import java.util.List;
import java.util.Objects;

/** The outcome of deciding a command: events to store (none for an accepted repeat), or a rejection. */
public sealed interface Decision permits Decision.Accepted, Decision.Rejected {

    static Decision accept(List<StructureEvent> events) {
        return new Accepted(events);
    }

    static Decision reject(String reason) {
        return new Rejected(reason);
    }

    record Accepted(List<StructureEvent> events) implements Decision {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    record Rejected(String reason) implements Decision {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
