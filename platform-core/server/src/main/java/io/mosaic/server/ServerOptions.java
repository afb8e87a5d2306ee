package io.mosaic.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How to start the server.
 *
 * @param dataDir    where the embedded default keeps journal, key store and plugin frameworks
 * @param tenantsDir tenant descriptors ({@code *.yaml}) to start
 * @param pluginDirs folders searched (recursively) for plugin jars named {@code mosaic-plugin-*.jar}
 * @param port       0 for a free port
 * @param demo       seed the demo tenant with a few assets when it has none
 * @param keyConfig  the key backend (docs/keys.md, flattened {@code keys} node); empty = software key store
 * @param localStack run on the real parts started locally (Pulsar) instead of the embedded default's in-JVM bus
 * @param identity   start Keycloak and require a tenant's bearer token on its API (else: header subject, loopback)
 * @param host       where the TLS listener binds (with identity only; the plain HTTP listener stays on 127.0.0.1)
 * @param tlsPort    port of the TLS listener (client certificates wanted), 0 for a free port; with identity only
 * @param largeDemo  with {@code demo}: also load the generated Alpstein family office ({@code --demo-size large})
 * @param operatorAccess whether the operator's routes need the operator token ({@link OperatorGuard})
 */
public record ServerOptions(Path dataDir, Path tenantsDir, List<Path> pluginDirs, int port, boolean demo,
                            java.util.Map<String, String> keyConfig, boolean localStack, boolean identity,
                            String host, int tlsPort, boolean largeDemo, OperatorAccess operatorAccess) {

    /**
     * The operator's routes: {@link #TOKEN} (the default) needs the operator token; {@link #OPEN} is a development
     * switch for tests that are not about it ({@code --operator-access open}, or the system property
     * {@code mosaic.operator-access=open} as the default of the shorter constructors), refused beyond loopback.
     */
    public enum OperatorAccess {
        TOKEN, OPEN;

        static OperatorAccess byDefault() {
            return "open".equals(System.getProperty("mosaic.operator-access")) ? OPEN : TOKEN;
        }
    }

    /** With the default operator access. */
    public ServerOptions(Path dataDir, Path tenantsDir, List<Path> pluginDirs, int port, boolean demo,
                         java.util.Map<String, String> keyConfig, boolean localStack, boolean identity,
                         String host, int tlsPort, boolean largeDemo) {
        this(dataDir, tenantsDir, pluginDirs, port, demo, keyConfig, localStack, identity, host, tlsPort, largeDemo,
                OperatorAccess.byDefault());
    }
    /** Without the large demo. */
    public ServerOptions(Path dataDir, Path tenantsDir, List<Path> pluginDirs, int port, boolean demo,
                         java.util.Map<String, String> keyConfig, boolean localStack, boolean identity,
                         String host, int tlsPort) {
        this(dataDir, tenantsDir, pluginDirs, port, demo, keyConfig, localStack, identity, host, tlsPort, false);
    }

    /** The TLS listener (with identity) on 127.0.0.1 and a free port. */
    public ServerOptions(Path dataDir, Path tenantsDir, List<Path> pluginDirs, int port, boolean demo,
                         java.util.Map<String, String> keyConfig, boolean localStack, boolean identity) {
        this(dataDir, tenantsDir, pluginDirs, port, demo, keyConfig, localStack, identity, "127.0.0.1", 0);
    }

    public ServerOptions(Path dataDir, Path tenantsDir, List<Path> pluginDirs, int port, boolean demo) {
        this(dataDir, tenantsDir, pluginDirs, port, demo, java.util.Map.of(), false, false);
    }

    public ServerOptions {
        keyConfig = java.util.Map.copyOf(keyConfig);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(tenantsDir, "tenantsDir");
        pluginDirs = List.copyOf(pluginDirs);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        Objects.requireNonNull(host, "host");
        if (tlsPort < 0 || tlsPort > 65535) {
            throw new IllegalArgumentException("tlsPort must be 0-65535, was " + tlsPort);
        }
        Objects.requireNonNull(operatorAccess, "operatorAccess");
        if (operatorAccess == OperatorAccess.OPEN && !Set.of("127.0.0.1", "localhost", "::1").contains(host)) {
            throw new IllegalArgumentException("operator routes without a token are for development on loopback only,"
                    + " not with --host " + host);
        }
    }
}
