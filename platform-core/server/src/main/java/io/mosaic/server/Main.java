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
        Path data = Path.of(".mosaic/data");
        Path tenants = Path.of("tenant-config/tenants");
        List<Path> plugins = new ArrayList<>();
        int port = -1;
        boolean demo = false;
        boolean localStack = false;
        boolean identity = true;
        java.util.Map<String, String> keyConfig = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--tenants" -> tenants = Path.of(value(args, ++i, "--tenants"));
                case "--plugins" -> plugins.add(Path.of(value(args, ++i, "--plugins")));
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--demo" -> demo = true;
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
                case "--keys-config" -> keyConfig.putAll(readProperties(Path.of(value(args, ++i, "--keys-config"))));
                default -> {
                    System.err.println("unknown option '" + args[i] + "' (options: --data DIR --tenants DIR --plugins DIR --port N --demo --keys-config FILE)");
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
        MosaicServer server = MosaicServer.start(new ServerOptions(data, tenants, plugins, port, demo, keyConfig, localStack, identity));
        String base = "http://127.0.0.1:" + server.port();
        StringBuilder out = new StringBuilder();
        out.append("\nMosaic ").append(io.mosaic.runtime.MosaicPlatform.VERSION).append(localStack
                        ? " is running on the local stack (real Pulsar broker and Cassandra node)" : " is running on its embedded default (H2 journal, in-JVM bus)")
                .append(keyConfig.isEmpty() ? ", software key store" : ", keys in " + keyConfig.get("pkcs11.tokens"))
                .append(", data in ").append(data.toAbsolutePath()).append('\n')
                .append(identity ? "Logins: Keycloak " + server.identity().map(Identity::describe).orElse("") + ", a realm per tenant;"
                        + " the tenant API wants a bearer token of the tenant's realm.\n" : "No logins (--identity none): the subject comes from the X-Mosaic-Subject header.\n")
                .append("The server listens on 127.0.0.1 only (TLS and client certificates come with the public listener).\n\n")
                .append("  health        ").append(base).append("/health\n")
                .append("  metrics       ").append(base).append("/metrics\n")
                .append("  tenants       ").append(base).append("/admin/tenants\n");
        for (TenantDescriptor d : server.descriptors()) {
            String t = base + "/api/tenants/" + d.id();
            out.append("\n  tenant ").append(d.id()).append(" (").append(d.legalName()).append(")\n")
                    .append("    live events   curl -N ").append(t).append("/events\n")
                    .append("    assets        ").append(t).append("/queries/assets/assets\n")
                    .append("    plugins       ").append(base).append("/admin/tenants/").append(d.id()).append("/plugins\n")
                    .append("    audit trail   ").append(base).append("/admin/tenants/").append(d.id()).append("/audit\n");
        }
        if (identity && demo) {
            out.append("\nDemo login: user ").append(Demo.USER).append(" / password ").append(Demo.password(data))
                    .append(" in tenant demo. A token for curl:\n")
                    .append("  TOKEN=$(curl -s -X POST ").append(base).append("/admin/dev/tenants/demo/token -d '{\"username\":\"")
                    .append(Demo.USER).append("\",\"password\":\"").append(Demo.password(data)).append("\"}' | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')\n")
                    .append("  then add -H \"Authorization: Bearer $TOKEN\" to the calls below.\n");
        }
        out.append("\nTry (README.md has more):\n")
                .append("  curl -X POST '").append(base).append("/api/tenants/demo/commands/assets.RecordValuation?entity=demo-villa' \\\n")
                .append("       -H 'X-Mosaic-Subject: advisor-anna' -d '{\"assetId\":\"demo-villa\",\"valuationId\":\"v-try-1\",")
                .append("\"amount\":\"3100000.00\",\"currency\":\"CHF\",\"valuationDate\":\"2026-11-25\",\"method\":\"APPRAISAL\",\"appraiser\":\"Try AG\"}'\n")
                .append("\nCtrl-C stops it.\n");
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
