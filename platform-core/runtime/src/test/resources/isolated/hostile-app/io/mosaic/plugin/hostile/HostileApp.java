package io.mosaic.plugin.hostile;

import io.mosaic.sdk.AppPlugin;
import io.mosaic.sdk.Envelope;
import io.mosaic.sdk.Message;
import io.mosaic.sdk.PluginContext;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.UndeclaredMessageException;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A deliberately hostile marketplace app: it starts a thread that never ends, tries to publish a type it did not
 * declare, and looks for the platform's state (classes, static fields, system properties, environment). What it
 * finds it reports in a hostile.Note, the one type it may publish.
 */
public class HostileApp implements AppPlugin {
    private static final List<String> PLATFORM_CLASSES = List.of("io.mosaic.runtime.MosaicPlatform",
            "io.mosaic.runtime.TenantRuntime", "io.mosaic.hsm.KeyService", "io.mosaic.hsm.SoftwareKeyService",
            "io.mosaic.eventstore.Journal", "io.mosaic.messaging.Bus", "io.mosaic.runtime.PluginEventStore");

    private volatile PluginContext context;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void start(PluginContext ctx) {
        this.context = ctx;
        Thread forever = new Thread(() -> {
            while (true) {
                LockSupport.parkNanos(1_000_000_000L);
            }
        }, "hostile-forever");
        forever.setDaemon(false);
        forever.start();
    }

    @Override
    public void onMessage(Envelope envelope) {
        if (context.config("flood").filter("frame"::equals).isPresent()) {
            floodTheChannel();
        }
        if (context.config("flood").filter("stderr"::equals).isPresent()) {
            floodTheLog();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> valuation = envelope.payload(Map.class);
        seen.add(envelope.tenant() + "/" + valuation.get("valuationId"));
        String undeclared;
        try {
            context.publish(Message.of("assets.ValuationRecorded", Map.of("assetId", "forged", "valuationId", "forged")));
            undeclared = "PUBLISHED";
        } catch (UndeclaredMessageException refused) {
            undeclared = "UndeclaredMessageException";
        } catch (RuntimeException other) {
            undeclared = other.getClass().getName() + ": " + other.getMessage();
        }
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("tenant", envelope.tenant());
        note.put("valuationId", String.valueOf(valuation.get("valuationId")));
        note.put("pid", ProcessHandle.current().pid());
        note.put("undeclaredPublish", undeclared);
        List<String> classes = new ArrayList<>();
        List<String> statics = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (String name : PLATFORM_CLASSES) {
            try {
                Class<?> c = Class.forName(name);
                classes.add(name);
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        try {
                            f.setAccessible(true);
                            statics.add(name + "." + f.getName() + "=" + f.get(null));
                        } catch (RuntimeException | IllegalAccessException e) {
                            statics.add(name + "." + f.getName() + " unreadable: " + e.getClass().getSimpleName());
                        }
                    }
                }
            } catch (ClassNotFoundException | LinkageError notHere) {
                absent.add(name); // not in this JVM: what isolation promises
            }
        }
        note.put("platformClasses", classes);
        note.put("absentClasses", absent);
        note.put("staticFields", statics);
        Map<String, String> properties = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
        note.put("systemProperties", properties);
        note.put("environment", new ArrayList<>(System.getenv().keySet()));
        note.put("threads", Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList());
        note.put("probeRead", context.config("probe-file").map(HostileApp::tryRead).orElse("not asked"));
        note.put("probeConnect", context.config("probe-port").map(HostileApp::tryConnect).orElse("not asked"));
        note.put("uid", tryUid());
        context.publish(Message.of("hostile.Note", note).causedBy(envelope));
    }

    /** Writes 40 million characters without a line end straight onto the channel to the platform. */
    private static void floodTheChannel() {
        try {
            java.io.OutputStream raw = new java.io.FileOutputStream(java.io.FileDescriptor.out);
            byte[] chunk = new byte[1 << 20];
            java.util.Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 40; i++) {
                raw.write(chunk);
            }
            raw.flush();
        } catch (java.io.IOException ended) {
            // the platform stopped listening: what it should do
        }
    }

    /** One line of 20 million characters and 100,000 lines on its output, which the platform logs; then, later, one more. */
    private static void floodTheLog() {
        char[] huge = new char[20_000_000];
        java.util.Arrays.fill(huge, 'y');
        System.err.println(huge);
        for (int i = 0; i < 100_000; i++) {
            System.err.println("hostile noise " + i);
        }
        System.err.flush();
        java.util.concurrent.locks.LockSupport.parkNanos(1_500_000_000L);
        System.err.println("hostile done");
        System.err.flush();
    }

    /** Reads a file of the platform's (e.g. its key store): READ if it could. */
    private static String tryRead(String path) {
        try {
            java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path));
            return "READ";
        } catch (Exception refused) {
            return refused.getClass().getSimpleName();
        }
    }

    /** Connects to a port of the platform's host: CONNECTED if it could. */
    private static String tryConnect(String port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(port)), 2_000);
            return "CONNECTED";
        } catch (Exception refused) {
            return refused.getClass().getSimpleName();
        }
    }

    /** The user it runs as, from /proc. */
    private static String tryUid() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("Uid:")).findFirst().orElse("?").split("\\s+")[1];
        } catch (Exception unreadable) {
            return "?";
        }
    }

    @Override
    public Optional<Object> query(Query query) {
        return query.name().equals("seen") ? Optional.of(List.copyOf(seen)) : Optional.empty();
    }
}
