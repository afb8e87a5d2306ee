package io.mosaic.benchmarks.marketplace;

import io.mosaic.runtime.MosaicPlatform;
import io.mosaic.runtime.TenantRuntime;
import io.mosaic.runtime.host.ManifestReader;
import io.mosaic.sdk.ScopeRequest;

import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The app-lifecycle figures (docs/benchmarks.md), a {@code main} (it measures the runtime on the embedded default, not a
 * micro-operation): {@code MosaicPlatform.embedded} with the real plugin jars from {@code plugins/.../target}.
 * <ol>
 * <li>install + start of {@code valuation-alerts} in a fresh tenant ({@link TenantRuntime#install}), N tenants:
 * p50 / p95 / max; baseline: creating the empty tenant;</li>
 * <li>100 install / uninstall cycles of {@code valuation-alerts} in one tenant: loaded classes and metaspace after a
 * GC, before (after 5 warm-up cycles) and after;</li>
 * <li>T tenants with 5 plugins each (valuation-alerts, esg-screening, tax-lots, assets, custody): heap after GC per
 * tenant, against T empty tenants (baseline).</li>
 * </ol>
 * Arguments: {@code [installTenants=50] [cycles=100] [tenants=200]}; run from the repository root.
 */
public final class AppLifecycleHarness {
    private static final List<String> FIVE = List.of("valuation-alerts", "esg-screening", "tax-lots", "assets", "custody");

    private AppLifecycleHarness() {
    }

    public static void main(String[] args) throws Exception {
        int installTenants = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int cycles = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int tenants = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path root = Path.of("").toAbsolutePath();
        Path alerts = jar(root, "valuation-alerts");
        System.out.printf(Locale.ROOT, "JVM %s, %d cores, max heap %d MiB, %s%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));

        Path data = Files.createTempDirectory("mosaic-app-lifecycle");
        try (MosaicPlatform platform = MosaicPlatform.embedded(data, "bench".toCharArray(), Clock.systemUTC())) {
            // 1. install + start per tenant
            long[] create = new long[installTenants];
            long[] install = new long[installTenants];
            for (int i = -5; i < installTenants; i++) { // 5 warm-up tenants, not counted
                long t0 = System.nanoTime();
                TenantRuntime t = platform.createTenant("inst-" + (i + 5));
                long t1 = System.nanoTime();
                t.install(alerts, scopes(alerts));
                long t2 = System.nanoTime();
                if (i >= 0) {
                    create[i] = t1 - t0;
                    install[i] = t2 - t1;
                }
            }
            System.out.println("1. install+start of valuation-alerts per tenant (" + installTenants + " tenants, ms)");
            System.out.println("   baseline create empty tenant: " + stats(create));
            System.out.println("   install + start app:          " + stats(install));

            // 2. install / uninstall cycles
            TenantRuntime cyc = platform.createTenant("cycles");
            for (int i = 0; i < 5; i++) {
                cyc.install(alerts, scopes(alerts));
                cyc.uninstall("valuation-alerts");
            }
            long[] before = classesAndMetaspace();
            long t0 = System.nanoTime();
            for (int i = 0; i < cycles; i++) {
                cyc.install(alerts, scopes(alerts));
                cyc.uninstall("valuation-alerts");
            }
            long elapsed = System.nanoTime() - t0;
            long[] after = classesAndMetaspace();
            long unloaded = ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount();
            System.out.printf(Locale.ROOT, "2. %d install/uninstall cycles in %.1f s: loaded classes %d -> %d (%+d), "
                            + "metaspace used %.1f -> %.1f MiB (%+.1f), classes unloaded in total %d%n", cycles,
                    elapsed / 1e9, before[0], after[0], after[0] - before[0], before[1] / 1048576.0,
                    after[1] / 1048576.0, (after[1] - before[1]) / 1048576.0, unloaded);

            // 3. T tenants x 5 plugins
            long heap0 = heapAfterGc();
            for (int i = 0; i < tenants; i++) {
                platform.createTenant("mem-" + i);
            }
            long heapEmpty = heapAfterGc();
            long s0 = System.nanoTime();
            for (int i = 0; i < tenants; i++) {
                TenantRuntime t = platform.tenant("mem-" + i).orElseThrow();
                for (String plugin : FIVE) {
                    Path jar = jar(root, plugin);
                    t.install(jar, scopes(jar));
                }
            }
            long installAll = System.nanoTime() - s0;
            long heapFull = heapAfterGc();
            long[] loaded = classesAndMetaspace();
            System.out.printf(Locale.ROOT, "3. %d tenants: empty tenant %.0f KiB each (baseline); with 5 plugins "
                            + "(%s) %.0f KiB each, of which the plugins %.0f KiB; %d installs in %.1f s; heap after GC "
                            + "%.0f MiB; loaded classes %d, metaspace %.1f MiB%n", tenants,
                    (heapEmpty - heap0) / 1024.0 / tenants, String.join(", ", FIVE), (heapFull - heap0) / 1024.0 / tenants,
                    (heapFull - heapEmpty) / 1024.0 / tenants, tenants * FIVE.size(), installAll / 1e9,
                    heapFull / 1048576.0, loaded[0], loaded[1] / 1048576.0);
        }
    }

    private static Set<String> scopes(Path jar) {
        return new ManifestReader().read(jar).scopes().stream().map(ScopeRequest::scope).collect(Collectors.toSet());
    }

    /** The built jar of an app ({@code plugins/apps/<id>}) or a domain ({@code plugins/<id>}). */
    private static Path jar(Path root, String plugin) throws IOException {
        for (Path dir : List.of(root.resolve("plugins/apps").resolve(plugin).resolve("target"),
                root.resolve("plugins").resolve(plugin).resolve("target"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    List<Path> jars = files.filter(p -> p.getFileName().toString().startsWith("mosaic-plugin-" + plugin)
                            && p.getFileName().toString().endsWith(".jar")).toList();
                    if (!jars.isEmpty()) {
                        return jars.getFirst();
                    }
                }
            }
        }
        throw new IllegalStateException("no built jar of plugin " + plugin + " under " + root
                + "/plugins: run ./mosaic build first, and this harness from the repository root");
    }

    private static String stats(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %.1f  p95 %.1f  max %.1f", sorted[sorted.length / 2] / 1e6,
                sorted[(int) Math.ceil(sorted.length * 0.95) - 1] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    /** Loaded class count and metaspace used, after a full GC (which unloads unreachable class loaders). */
    private static long[] classesAndMetaspace() {
        heapAfterGc();
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long metaspace = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getName().equals("Metaspace")).mapToLong(p -> p.getUsage().getUsed()).sum();
        return new long[]{classes.getLoadedClassCount(), metaspace};
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }
}
