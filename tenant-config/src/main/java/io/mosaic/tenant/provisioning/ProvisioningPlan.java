package io.mosaic.tenant.provisioning;

import io.mosaic.tenant.TenantDescriptor;
import io.mosaic.tenant.provisioning.ProvisioningReport.Action;
import io.mosaic.tenant.provisioning.ProvisioningReport.Outcome;
import io.mosaic.tenant.provisioning.ProvisioningReport.StepOutcome;
import io.mosaic.tenant.provisioning.ProvisioningReport.StepReport;
import io.mosaic.tenant.provisioning.TenantState.Phase;
import io.mosaic.tenant.provisioning.TenantState.Status;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Creates a tenant in one step, and deletes it, as a sequence of idempotent steps ({@link ProvisioningStep}),
 * each behind a port the server implements with the real parts.
 *
 * <pre>{@code
 * ProvisioningPlan plan = new ProvisioningPlan(keys, bus, journal, realms, runtimes, states, Clock.systemUTC());
 * ProvisioningReport report = plan.create(TenantDescriptors.load(file), listener);
 * if (!report.complete()) {            // e.g. the realm could not be created: fix the cause, then
 *     report = plan.create(descriptor, listener);   // resumes at the step that failed
 * }
 * }</pre>
 *
 * The state of every step is saved in {@link ProvisioningStates} after the step, so a run that failed (or a process
 * that died) resumes where it stopped; steps recorded as done are not run again, and every step is idempotent in
 * case the process died after the step but before its state was saved. Failures of a port are reported as values
 * in the {@link ProvisioningReport}, never thrown. Runs for one tenant are serialized; different tenants run in
 * parallel.
 *
 * <p>{@link #delete} removes the parts in {@link ProvisioningStep#DELETION_ORDER}, shredding the tenant's keys
 * before its journal space is dropped; a deleted tenant's id is never provisioned again.
 */
public final class ProvisioningPlan {
    private final TenantKeys keys;
    private final BusNamespaces bus;
    private final JournalSpace journal;
    private final IdentityRealms realms;
    private final TenantRuntimes runtimes;
    private final ProvisioningStates states;
    private final Clock clock;
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public ProvisioningPlan(TenantKeys keys, BusNamespaces bus, JournalSpace journal, IdentityRealms realms,
                            TenantRuntimes runtimes, ProvisioningStates states, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.realms = Objects.requireNonNull(realms, "realms");
        this.runtimes = Objects.requireNonNull(runtimes, "runtimes");
        this.states = Objects.requireNonNull(states, "states");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates the tenant, or resumes an earlier run that did not complete. Nothing happens for an active tenant. */
    public ProvisioningReport create(TenantDescriptor tenant, ProvisioningListener listener) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(listener, "listener");
        return locked(tenant.id(), () -> {
            TenantState state = states.find(tenant.id()).orElseGet(() -> TenantState.fresh(tenant.id(), clock.instant()));
            if (state.phase() == Phase.DELETING || state.phase() == Phase.DELETED) {
                return refused(tenant.id(), Action.CREATE, "tenant '" + tenant.id() + "' was "
                        + (state.phase() == Phase.DELETED ? "deleted" : "being deleted")
                        + " (" + state.updatedAt() + "); its keys are shredded, so its id cannot be provisioned again"
                        + (state.phase() == Phase.DELETING ? "; run the deletion again to complete it" : ""));
            }
            states.save(state);
            return run(state, Action.CREATE, List.of(ProvisioningStep.values()), Status.DONE,
                    step -> create(step, tenant), Phase.ACTIVE, listener);
        });
    }

    /**
     * Deletes the tenant: stops its runtime, deletes its realm and namespaces, shreds its keys and drops its
     * journal space. Resumes an earlier deletion that did not complete; also removes a tenant this plan has no
     * record of (for example one provisioned before records were kept), as every removal is idempotent.
     */
    public ProvisioningReport delete(String tenant, ProvisioningListener listener) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(listener, "listener");
        return locked(tenant, () -> {
            TenantState state = states.find(tenant).orElseGet(() -> TenantState.fresh(tenant, clock.instant()));
            if (state.phase() == Phase.DELETED) {
                return new ProvisioningReport(tenant, Action.DELETE, Outcome.COMPLETE,
                        ProvisioningStep.DELETION_ORDER.stream().map(step -> new StepReport(step,
                                StepOutcome.ALREADY_DONE, "", Duration.ZERO)).toList(), "");
            }
            state = state.with(Phase.DELETING, clock.instant());
            states.save(state);
            return run(state, Action.DELETE, ProvisioningStep.DELETION_ORDER, Status.REMOVED,
                    step -> delete(step, tenant), Phase.DELETED, listener);
        });
    }

    /** What was recorded for the tenant. */
    public Optional<TenantState> state(String tenant) {
        return states.find(tenant);
    }

    /** Tenants whose creation or deletion did not complete: run {@code create} or {@code delete} again. */
    public List<TenantState> incomplete() {
        return states.all().stream()
                .filter(s -> s.phase() == Phase.PROVISIONING || s.phase() == Phase.DELETING)
                .toList();
    }

    private void create(ProvisioningStep step, TenantDescriptor tenant) {
        switch (step) {
            case TENANT_KEY -> keys.ensureKey(tenant);
            case BUS_NAMESPACES -> bus.ensureNamespaces(tenant);
            case JOURNAL_SPACE -> journal.ensureSpace(tenant);
            case IDENTITY_REALM -> realms.ensureRealm(tenant);
            case RUNTIME -> runtimes.start(tenant);
        }
    }

    private void delete(ProvisioningStep step, String tenant) {
        switch (step) {
            case RUNTIME -> runtimes.stopAndRemove(tenant);
            case IDENTITY_REALM -> realms.deleteRealm(tenant);
            case BUS_NAMESPACES -> bus.deleteNamespaces(tenant);
            case TENANT_KEY -> keys.shred(tenant);
            case JOURNAL_SPACE -> journal.dropSpace(tenant);
        }
    }

    private ProvisioningReport run(TenantState initial, Action action, List<ProvisioningStep> order, Status goal,
                                   Consumer<ProvisioningStep> work, Phase finalPhase, ProvisioningListener listener) {
        String tenant = initial.tenant();
        TenantState state = initial;
        List<StepReport> reports = new ArrayList<>();
        String failure = "";
        for (ProvisioningStep step : order) {
            if (!failure.isEmpty()) {
                reports.add(new StepReport(step, StepOutcome.NOT_REACHED, "", Duration.ZERO));
                continue;
            }
            if (state.status(step) == goal) {
                StepReport skipped = new StepReport(step, StepOutcome.ALREADY_DONE, "", Duration.ZERO);
                reports.add(skipped);
                listener.stepEnded(tenant, action, skipped);
                continue;
            }
            listener.stepStarted(tenant, action, step);
            long start = System.nanoTime();
            StepReport report;
            try {
                work.accept(step);
                state = state.with(step, goal, "", clock.instant());
                report = new StepReport(step, StepOutcome.DONE, "", Duration.ofNanos(System.nanoTime() - start));
            } catch (RuntimeException e) {
                String detail = e.getClass().getSimpleName() + ": " + e.getMessage();
                failure = (action == Action.CREATE ? "creating" : "deleting") + " tenant '" + tenant + "' failed at "
                        + "step " + step.label() + ": " + detail + "; run " + action.name().toLowerCase(Locale.ROOT)
                        + " again to resume at this step";
                state = state.with(step, Status.FAILED, detail, clock.instant());
                report = new StepReport(step, StepOutcome.FAILED, detail, Duration.ofNanos(System.nanoTime() - start));
            }
            states.save(state);
            reports.add(report);
            listener.stepEnded(tenant, action, report);
        }
        if (!failure.isEmpty()) {
            return new ProvisioningReport(tenant, action, Outcome.FAILED, reports, failure);
        }
        states.save(state.with(finalPhase, clock.instant()));
        return new ProvisioningReport(tenant, action, Outcome.COMPLETE, reports, "");
    }

    private static ProvisioningReport refused(String tenant, Action action, String message) {
        return new ProvisioningReport(tenant, action, Outcome.REFUSED, List.of(), message);
    }

    private ProvisioningReport locked(String tenant, Supplier<ProvisioningReport> body) {
        ReentrantLock lock = locks.computeIfAbsent(tenant, t -> new ReentrantLock());
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }
}
