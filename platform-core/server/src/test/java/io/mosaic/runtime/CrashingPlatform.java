package io.mosaic.runtime;

import io.mosaic.eventstore.Journal;
import io.mosaic.eventstore.StoredEvent;
import io.mosaic.eventstore.cassandra.CassandraConfig;
import io.mosaic.eventstore.cassandra.CassandraStore;
import io.mosaic.eventstore.cassandra.Replication;
import io.mosaic.messaging.Bus;
import io.mosaic.messaging.pulsar.PulsarBus;
import io.mosaic.messaging.pulsar.PulsarBusConfig;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The platform as a process of its own, for the journal-to-bus crash test ({@code LocalStackEndToEndTest}): journal
 * on the test's Cassandra node, bus on its Pulsar broker, the assets domain installed in one tenant. It talks to the
 * test through lines: it prints {@code STARTED}, waits for {@code GO} on stdin, submits its commands, prints
 * {@code APPENDED <n>} once the journal holds {@code n} outbox entries and, when its publisher runs freely,
 * {@code DRAINED <offset>} once the stored publisher offset reached the last of them. Then it waits to be killed.
 *
 * <p>Arguments: data dir, Pulsar service URL, admin URL, token, Cassandra contact points ({@code host:port,…}),
 * data centre, tenant, assets jar, first command number, number of commands, outbox entries to wait for, mode.
 * Modes: {@code free}; {@code hold-after:K} — the publisher publishes K entries, then stops before the next one
 * (killed there: appended, not published); {@code never-save} — it publishes everything but never stores its offset
 * (killed there: published, offset not stored, so the next start publishes all of it again).
 */
public final class CrashingPlatform {
    /** Entries this process handed to the bus (free mode). */
    private static final java.util.concurrent.atomic.AtomicInteger SENT = new java.util.concurrent.atomic.AtomicInteger();

    private CrashingPlatform() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        String serviceUrl = args[1];
        String adminUrl = args[2];
        String token = args[3];
        List<InetSocketAddress> contactPoints = new ArrayList<>();
        for (String hostPort : args[4].split(",")) {
            int colon = hostPort.lastIndexOf(':');
            contactPoints.add(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
        }
        String dc = args[5];
        String tenant = args[6];
        Path assetsJar = Path.of(args[7]);
        int first = Integer.parseInt(args[8]);
        int commands = Integer.parseInt(args[9]);
        int expectedEntries = Integer.parseInt(args[10]);
        String mode = args[11];

        JournalPublisher.testHooks = hooks(mode);
        CassandraStore store = CassandraStore.connect(CassandraConfig.of(contactPoints, dc, Replication.parse("simple:1")));
        PlatformStorage storage = new PlatformStorage(store.journal(), store.keys(), store.processed(), store);
        Bus bus = PulsarBus.connect(PulsarBusConfig.of(serviceUrl, adminUrl, token));
        MosaicPlatform platform = MosaicPlatform.create(dataDir, storage, bus, Map.of(),
                "crash-test-only".toCharArray(), Clock.systemUTC());
        TenantRuntime runtime = platform.createTenant(tenant);
        runtime.subjects().recordRoles("admin-crash", java.util.Set.of("tenant-admin"), "test", "the crash test's administrator");
        runtime.install(assetsJar, Set.of());
        say("STARTED");

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"GO".equals(in.readLine())) {
            System.exit(3);
        }
        Thread watcher = new Thread(() -> {
            try {
                while (in.readLine() != null) {
                    // nothing to read: the test only closes stdin (or kills this process)
                }
            } catch (java.io.IOException ignored) {
                // stdin gone: the test is gone
            }
            Runtime.getRuntime().halt(4); // never outlive the test
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();

        for (int i = first; i < first + commands; i++) {
            String asset = "crash-asset-" + i;
            String body = "{\"assetId\":\"" + asset + "\",\"name\":\"Crash " + i + "\",\"assetClass\":\"ART\","
                    + "\"owner\":\"o\",\"currency\":\"CHF\",\"description\":\"d\"}";
            runtime.submit("assets.RegisterAsset", body.getBytes(StandardCharsets.UTF_8), "admin-crash", asset);
        }
        Journal journal = platform.journal();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        List<StoredEvent> entries = outbox(journal, tenant);
        while (entries.size() < expectedEntries) {
            if (System.nanoTime() > deadline) {
                say("TIMEOUT " + entries.size() + " outbox entries");
                System.exit(5);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            entries = outbox(journal, tenant);
        }
        say("APPENDED " + entries.size());
        if (mode.equals("free")) {
            long last = entries.getLast().offset();
            while (runtime.outbox().storedOffset() < last) {
                if (System.nanoTime() > deadline) {
                    say("TIMEOUT publisher at " + runtime.outbox().storedOffset() + " of " + last);
                    System.exit(6);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            say("DRAINED " + last + " sent " + SENT.get());
        }
        while (true) {
            LockSupport.park(); // until killed
        }
    }

    private static List<StoredEvent> outbox(Journal journal, String tenant) {
        return journal.readByTag(tenant, Outbox.TAG, 0, 10_000);
    }

    private static JournalPublisher.Hooks hooks(String mode) {
        if (mode.startsWith("hold-after:")) {
            int published = Integer.parseInt(mode.substring("hold-after:".length()));
            return new JournalPublisher.Hooks() {
                private int count;

                @Override
                public void beforePublish(long offset) {
                    if (++count > published) {
                        say("HOLDING " + offset);
                        while (true) {
                            LockSupport.park(); // the publisher stops here, with the lock: nothing more is published
                        }
                    }
                }
            };
        }
        if (mode.equals("never-save")) {
            return new JournalPublisher.Hooks() {
                @Override
                public void beforeOffsetSaved(long offset) {
                    throw new IllegalStateException("crash test: the publisher never stores its offset (" + offset + ")");
                }
            };
        }
        if (mode.equals("free")) {
            return new JournalPublisher.Hooks() {
                @Override
                public void beforePublish(long offset) {
                    SENT.incrementAndGet();
                }
            };
        }
        throw new IllegalArgumentException("unknown mode " + mode);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
