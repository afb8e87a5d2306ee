package io.mosaic.runtime;

/**
 * Where a plugin's code runs. {@link #IN_PROCESS}: in the tenant runtime's own JVM (Felix or PF4J), for reviewed,
 * trusted code. {@link #PROCESS}: a marketplace app in a JVM of its own, started and supervised by the runtime, whose
 * only channel to the platform is a pipe to its parent (docs/security.md).
 */
public enum Isolation {
    IN_PROCESS, PROCESS
}
