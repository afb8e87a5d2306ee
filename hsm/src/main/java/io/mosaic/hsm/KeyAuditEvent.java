package io.mosaic.hsm;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Something the key service did that belongs in the audit trail. */
public sealed interface KeyAuditEvent {

    Instant at();

    /** Every version of an entity's data key was destroyed (crypto-shredding): its data is unreadable for good. */
    record EntityKeysDestroyed(String tenant, String entity, Instant at) implements KeyAuditEvent {
        public EntityKeysDestroyed {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(entity, "entity");
            Objects.requireNonNull(at, "at");
        }
    }

    /** A tenant key-encryption key version was created (provisioning or rotation). */
    record TenantKeyCreated(KeyRef kek, Instant at) implements KeyAuditEvent {
        public TenantKeyCreated {
            Objects.requireNonNull(kek, "kek");
            Objects.requireNonNull(at, "at");
        }
    }

    /** The keys wrapped by {@code from} are now wrapped by {@code to}. */
    record TenantKeyRotated(KeyRef from, KeyRef to, long rewrapped, Duration took, Instant at)
            implements KeyAuditEvent {
        public TenantKeyRotated {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(took, "took");
            Objects.requireNonNull(at, "at");
        }
    }

    /** An entity got a new data key version; new data is encrypted under {@code to}. */
    record DataKeyRotated(KeyRef to, Instant at) implements KeyAuditEvent {
        public DataKeyRotated {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(at, "at");
        }
    }

    /** A key version (tenant KEK, data key) was destroyed after rotation. */
    record KeyVersionRetired(KeyRef ref, Instant at) implements KeyAuditEvent {
        public KeyVersionRetired {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(at, "at");
        }
    }

    /** A token of a cluster failed; operations moved to another token. */
    record TokenFailed(String token, String reason, Instant at) implements KeyAuditEvent {
        public TokenFailed {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }

    /** A failed token answered again and is back in use. */
    record TokenRecovered(String token, Instant at) implements KeyAuditEvent {
        public TokenRecovered {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(at, "at");
        }
    }
}
