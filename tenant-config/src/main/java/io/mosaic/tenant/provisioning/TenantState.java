package io.mosaic.tenant.provisioning;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What provisioning has recorded about one tenant: where its life cycle stands and the state of each step.
 * {@link ProvisioningPlan} saves it after every step, so a restart resumes where it stopped.
 */
public record TenantState(String tenant, Phase phase, Map<ProvisioningStep, Step> steps, Instant updatedAt) {

    public enum Phase {
        /** {@code create} started and has not completed every step yet. */
        PROVISIONING,
        /** Every step is done. */
        ACTIVE,
        /** {@code delete} started and has not removed everything yet. */
        DELETING,
        /** Everything was removed and the keys are shredded; the id is not used again. */
        DELETED
    }

    public enum Status {
        PENDING, DONE, FAILED, REMOVED
    }

    /** @param detail the error of a failed step; empty otherwise */
    public record Step(Status status, String detail, Instant at) {
        public Step {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(at, "at");
        }
    }

    public TenantState {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(updatedAt, "updatedAt");
        EnumMap<ProvisioningStep, Step> copy = new EnumMap<>(ProvisioningStep.class);
        copy.putAll(steps);
        for (ProvisioningStep step : ProvisioningStep.values()) {
            if (!copy.containsKey(step)) {
                throw new IllegalArgumentException("state of tenant " + tenant + " has no entry for step " + step);
            }
        }
        steps = Map.copyOf(copy);
    }

    /** A tenant nothing has been done for yet. */
    public static TenantState fresh(String tenant, Instant now) {
        EnumMap<ProvisioningStep, Step> steps = new EnumMap<>(ProvisioningStep.class);
        for (ProvisioningStep step : ProvisioningStep.values()) {
            steps.put(step, new Step(Status.PENDING, "", now));
        }
        return new TenantState(tenant, Phase.PROVISIONING, steps, now);
    }

    public Status status(ProvisioningStep step) {
        return steps.get(step).status();
    }

    TenantState with(ProvisioningStep step, Status status, String detail, Instant now) {
        EnumMap<ProvisioningStep, Step> changed = new EnumMap<>(steps);
        changed.put(step, new Step(status, detail, now));
        return new TenantState(tenant, phase, changed, now);
    }

    TenantState with(Phase next, Instant now) {
        return new TenantState(tenant, next, steps, now);
    }
}
