package io.mosaic.tenant.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one {@link ProvisioningPlan#create} or {@link ProvisioningPlan#delete} run: the outcome of each
 * step in the order they ran, and whether the tenant is now complete (or completely gone).
 *
 * @param message what went wrong, naming the tenant and the step; empty when complete
 */
public record ProvisioningReport(String tenant, Action action, Outcome outcome, List<StepReport> steps,
                                 String message) {

    public enum Action { CREATE, DELETE }

    public enum Outcome {
        /** Every step is done (create) or removed (delete). */
        COMPLETE,
        /** A step failed; running the same action again resumes at that step. */
        FAILED,
        /** Nothing ran: the action is not allowed in the tenant's phase (see {@link #message}). */
        REFUSED
    }

    public enum StepOutcome {
        /** Ran in this run and succeeded. */
        DONE,
        /** Recorded as done by an earlier run; not run again. */
        ALREADY_DONE,
        FAILED,
        /** Not reached because an earlier step failed. */
        NOT_REACHED
    }

    /** @param detail the error of a failed step; empty otherwise */
    public record StepReport(ProvisioningStep step, StepOutcome outcome, String detail, Duration took) {
        public StepReport {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(took, "took");
        }
    }

    public ProvisioningReport {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        steps = List.copyOf(steps);
    }

    public boolean complete() {
        return outcome == Outcome.COMPLETE;
    }

    /** The step that failed, if one did. */
    public Optional<StepReport> failedStep() {
        return steps.stream().filter(s -> s.outcome() == StepOutcome.FAILED).findFirst();
    }

    public StepOutcome outcomeOf(ProvisioningStep step) {
        return steps.stream().filter(s -> s.step() == step).map(StepReport::outcome).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("step " + step + " is not part of this report"));
    }
}
