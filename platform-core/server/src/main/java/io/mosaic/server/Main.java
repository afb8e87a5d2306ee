package io.mosaic.server;

import io.mosaic.tenant.TenantDescriptor;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code ./mosaic run}: starts the platform on its embedded default and prints where to look. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("java.util.logging.config.file") == null) {
            try (var in = Main.class.getResourceAsStream("logging.properties")) {
                if (in != null) {
                    java.util.logging.LogManager.getLogManager().readConfiguration(in);
                }
            }
        }
        JsonLinesFormatter.installIfSelected(); // -Dmosaic.log.format=json or MOSAIC_LOG_FORMAT=json
        Path data = Path.of(".mosaic/data");
        Path tenants = Path.of("tenant-config/tenants");
        List<Path> plugins = new ArrayList<>();
        int port = -1;
        boolean demo = false;
        boolean largeDemo = false;
        boolean localStack = false;
        boolean identity = true;
        String host = "127.0.0.1";
        int tlsPort = -1;
        java.util.Map<String, String> keyConfig = new java.util.HashMap<>();
        ServerOptions.OperatorAccess operatorAccess = ServerOptions.OperatorAccess.TOKEN;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--tenants" -> tenants = Path.of(value(args, ++i, "--tenants"));
                case "--plugins" -> plugins.add(Path.of(value(args, ++i, "--plugins")));
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--demo" -> demo = true;
                case "--demo-size" -> {
                    String size = value(args, ++i, "--demo-size");
                    if (!size.equals("small") && !size.equals("large")) {
                        System.err.println("--demo-size takes small (default) or large");
                        System.exit(2);
                    }
                    largeDemo = size.equals("large");
                }
                case "--host" -> host = value(args, ++i, "--host");
                case "--tls-port" -> tlsPort = Integer.parseInt(value(args, ++i, "--tls-port"));
                case "--identity" -> {
                    String mode = value(args, ++i, "--identity");
                    if (!mode.equals("keycloak") && !mode.equals("none")) {
                        System.err.println("--identity takes keycloak (default) or none");
                        System.exit(2);
                    }
                    identity = mode.equals("keycloak");
                }
                case "--stack" -> {
                    String stack = value(args, ++i, "--stack");
                    if (!stack.equals("local") && !stack.equals("embedded")) {
                        System.err.println("--stack takes embedded (default) or local");
                        System.exit(2);
                    }
                    localStack = stack.equals("local");
                }
                case "--operator-access" -> {
                    String access = value(args, ++i, "--operator-access");
                    if (!access.equals("token") && !access.equals("open")) {
                        System.err.println("--operator-access takes token (default) or open (development, loopback only)");
                        System.exit(2);
                    }
                    operatorAccess = access.equals("open") ? ServerOptions.OperatorAccess.OPEN : ServerOptions.OperatorAccess.TOKEN;
                }
                case "--keys-config" -> keyConfig.putAll(readProperties(Path.of(value(args, ++i, "--keys-config"))));
                default -> {
                    System.err.println("unknown option '" + args[i] + "' (options: --data DIR --tenants DIR --plugins DIR --port N --host H --tls-port N --demo --demo-size small|large --keys-config FILE --operator-access token|open)");
                    System.exit(2);
                }
            }
        }
        if (plugins.isEmpty()) {
            plugins.add(Path.of("plugins"));
        }
        if (port < 0) {
            port = isFree(8080) ? 8080 : 0;
        }
        if (tlsPort < 0) {
            tlsPort = isFree(8443) ? 8443 : 0;
        }
        if (demo) {
            try {
                DemoFeature.seeder();
            } catch (io.mosaic.runtime.PlatformException e) {
                System.err.println(e.getMessage());
                System.exit(2);
            }
        }
        MosaicServer server = MosaicServer.start(new ServerOptions(data, tenants, plugins, port, demo, keyConfig, localStack,
                identity, host, tlsPort, largeDemo, operatorAccess));
        String base = "http://127.0.0.1:" + server.port();
        StringBuilder out = new StringBuilder();
        out.append("\nMosaic ").append(io.mosaic.runtime.MosaicPlatform.VERSION).append(localStack
                        ? " is running on the local stack (real Pulsar broker and Cassandra node)" : " is running on its embedded default (H2 journal, in-JVM bus)")
                .append(keyConfig.isEmpty() ? ", software key store" : ", keys in " + keyConfig.get("pkcs11.tokens"))
                .append(", data in ").append(data.toAbsolutePath()).append('\n')
                .append(identity ? "Logins: Keycloak " + server.identity().map(Identity::describe).orElse("") + ", a realm per tenant;"
                        + " the tenant API wants a bearer token of the tenant's realm.\n" : "No logins (--identity none): the subject comes from the X-Mosaic-Subject header.\n")
                .append(identity ? "Plain HTTP on 127.0.0.1 only (all routes); TLS on https://" + host + ":" + server.tlsPort()
                        + " (tenant API, the tenant's administration and marketplace install: bearer tokens, client"
                        + " certificates of the platform CA wanted;"
                        + " trust " + data.resolve("identity/platform-ca.pem") + ").\n\n"
                        : "The server listens on 127.0.0.1 only (TLS and the public listener need --identity keycloak).\n\n")
                .append("  health        ").append(base).append("/observe/health (live, ready: docs/operations.md)\n")
                .append("  metrics       ").append(base).append("/observe/metrics\n")
                .append("  tenants       ").append(base).append("/admin/tenants\n")
                .append(operatorAccess == ServerOptions.OperatorAccess.TOKEN
                        ? "  (the operator's /admin routes: -H \"Authorization: Bearer $(cat " + OperatorGuard.tokenFile(data)
                        + ")\")\n" : "  (the operator's /admin routes take no token: --operator-access open)\n");
        for (TenantDescriptor d : server.descriptors()) {
            String t = base + "/api/tenants/" + d.id();
            out.append("\n  tenant ").append(d.id()).append(" (").append(d.legalName()).append(")\n")
                    .append("    live events   curl -N ").append(t).append("/events\n")
                    .append("    assets        ").append(t).append("/queries/assets/assets?owner=family-muster\n")
                    .append("    plugins       ").append(base).append("/admin/tenants/").append(d.id()).append("/plugins\n")
                    .append("    audit trail   ").append(base).append("/admin/tenants/").append(d.id()).append("/audit\n");
        }
        // the demo's sign-in, tokens and queries to try come from the demo module (--demo only)
        boolean logins = identity;
        server.demo().ifPresent(d -> out.append(d.describe(base, server.tlsPort(), logins)));
        out.append("\nCtrl-C stops it.\n");
        System.out.println(out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "mosaic-shutdown"));
        stopped.await();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println("option " + option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    /** The flattened {@code keys} node of docs/keys.md as a properties file (backend=pkcs11, pkcs11.tokens=…). */
    private static java.util.Map<String, String> readProperties(Path file) throws java.io.IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(file)) {
            p.load(in);
        }
        java.util.Map<String, String> out = new java.util.HashMap<>();
        p.forEach((k, v) -> out.put(k.toString().replaceFirst("^keys\\.", ""), v.toString()));
        return out;
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
