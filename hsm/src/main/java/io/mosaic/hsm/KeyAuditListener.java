package io.mosaic.hsm;

/**
 * Receives what the key service did to keys that an auditor must see: shredding, rotation, retirement, a token
 * failing. The runtime connects it to its audit trail. Called synchronously after the change is made; an exception
 * thrown here reaches the caller of the operation (whose change has nevertheless happened), so the caller learns
 * that the audit record may be missing.
 */
@FunctionalInterface
public interface KeyAuditListener {

    void record(KeyAuditEvent event);

    /** Records nothing (the default when no audit trail is connected). */
    static KeyAuditListener none() {
        return event -> {
        };
    }
}
