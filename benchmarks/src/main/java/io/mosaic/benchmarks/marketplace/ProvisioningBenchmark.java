package io.mosaic.benchmarks.marketplace;

import io.mosaic.tenant.Branding;
import io.mosaic.tenant.KeyPolicy;
import io.mosaic.tenant.LoginFactor;
import io.mosaic.tenant.TenantDescriptor;
import io.mosaic.tenant.provisioning.BusNamespaces;
import io.mosaic.tenant.provisioning.IdentityRealms;
import io.mosaic.tenant.provisioning.InMemoryProvisioningStates;
import io.mosaic.tenant.provisioning.JournalSpace;
import io.mosaic.tenant.provisioning.ProvisioningListener;
import io.mosaic.tenant.provisioning.ProvisioningPlan;
import io.mosaic.tenant.provisioning.ProvisioningReport;
import io.mosaic.tenant.provisioning.TenantKeys;
import io.mosaic.tenant.provisioning.TenantRuntimes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Provisioning of 200 tenants, one operation = 200 tenants, with in-memory ports (so the figure is the plan's own
 * cost: state records, progress, reports; the real parts add their own latency).
 * <ul>
 * <li>{@code provision200Tenants} (the figure): {@link ProvisioningPlan#create} for each, on a fresh plan and state
 * store per operation.</li>
 * <li>{@code callPortsDirectly} (baseline): the same five port calls per tenant, without the plan.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class ProvisioningBenchmark {
    private static final int TENANTS = 200;

    private final List<TenantDescriptor> tenants = new ArrayList<>();

    /** In-memory parts: each port records the tenant in a set. */
    static final class MemoryParts implements TenantKeys, BusNamespaces, JournalSpace, IdentityRealms, TenantRuntimes {
        final Set<String> keys = ConcurrentHashMap.newKeySet();
        final Set<String> namespaces = ConcurrentHashMap.newKeySet();
        final Set<String> spaces = ConcurrentHashMap.newKeySet();
        final Set<String> realms = ConcurrentHashMap.newKeySet();
        final Set<String> runtimes = ConcurrentHashMap.newKeySet();

        @Override public void ensureKey(TenantDescriptor t) { keys.add(t.id()); }
        @Override public void shred(String t) { keys.remove(t); }
        @Override public void ensureNamespaces(TenantDescriptor t) { namespaces.add(t.id()); }
        @Override public void deleteNamespaces(String t) { namespaces.remove(t); }
        @Override public void ensureSpace(TenantDescriptor t) { spaces.add(t.id()); }
        @Override public void dropSpace(String t) { spaces.remove(t); }
        @Override public void ensureRealm(TenantDescriptor t) { realms.add(t.id()); }
        @Override public void deleteRealm(String t) { realms.remove(t); }
        @Override public void start(TenantDescriptor t) { runtimes.add(t.id()); }
        @Override public void stopAndRemove(String t) { runtimes.remove(t); }
    }

    @Setup
    public void setUp() {
        Branding branding = new Branding("Bench Bank", "#0a3d62", "#c8a951", Optional.empty());
        for (int i = 0; i < TENANTS; i++) {
            tenants.add(new TenantDescriptor("bank-" + i, "Bench Bank " + i + " AG", branding, "de-CH", "CHF",
                    List.of("assets", "custody", "structures"), List.of(), List.of(LoginFactor.CERTIFICATE,
                    LoginFactor.PASSWORD, LoginFactor.PHOTOTAN), List.of("zrh-1"), new KeyPolicy(90), "standard"));
        }
    }

    @Benchmark
    public MemoryParts provision200Tenants() {
        MemoryParts parts = new MemoryParts();
        ProvisioningPlan plan = new ProvisioningPlan(parts, parts, parts, parts, parts,
                new InMemoryProvisioningStates(), Clock.systemUTC());
        for (TenantDescriptor tenant : tenants) {
            ProvisioningReport report = plan.create(tenant, ProvisioningListener.none());
            if (!report.complete()) {
                throw new IllegalStateException(report.message());
            }
        }
        return parts;
    }

    @Benchmark
    public MemoryParts callPortsDirectly() {
        MemoryParts parts = new MemoryParts();
        for (TenantDescriptor tenant : tenants) {
            parts.ensureKey(tenant);
            parts.ensureNamespaces(tenant);
            parts.ensureSpace(tenant);
            parts.ensureRealm(tenant);
            parts.start(tenant);
        }
        return parts;
    }
}
