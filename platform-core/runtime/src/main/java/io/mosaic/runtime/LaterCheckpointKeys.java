package io.mosaic.runtime;

import io.mosaic.hsm.KeyRef;
import io.mosaic.hsm.KeyService;
import io.mosaic.hsm.Signer;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link AuditCheckpointKeys#later}: the checkpoint keys of a key service that is opened after the trail. */
final class LaterCheckpointKeys implements AuditCheckpointKeys {
    private final Supplier<KeyService> keys;
    private final Clock clock;
    private volatile AuditCheckpointKeys resolved;

    LaterCheckpointKeys(Supplier<KeyService> keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Signer signer(String tenant) {
        return resolved().signer(tenant);
    }

    @Override
    public Optional<String> check(String tenant, KeyRef key, byte[] data, byte[] signature) {
        return resolved().check(tenant, key, data, signature);
    }

    private AuditCheckpointKeys resolved() {
        AuditCheckpointKeys known = resolved;
        if (known == null) {
            KeyService service = keys.get();
            if (service == null) {
                throw new IllegalStateException("the key service that signs audit checkpoints is not open yet");
            }
            known = AuditCheckpointKeys.of(service, clock);
            resolved = known;
        }
        return known;
    }
}
