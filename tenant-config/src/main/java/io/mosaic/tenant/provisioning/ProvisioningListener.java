package io.mosaic.tenant.provisioning;

/** Progress of {@link ProvisioningPlan#create} and {@link ProvisioningPlan#delete}, step by step. */
public interface ProvisioningListener {

    void stepStarted(String tenant, ProvisioningReport.Action action, ProvisioningStep step);

    void stepEnded(String tenant, ProvisioningReport.Action action, ProvisioningReport.StepReport report);

    /** A listener that ignores progress. */
    static ProvisioningListener none() {
        return new ProvisioningListener() {
            @Override
            public void stepStarted(String tenant, ProvisioningReport.Action action, ProvisioningStep step) {
                // no progress wanted
            }

            @Override
            public void stepEnded(String tenant, ProvisioningReport.Action action,
                                  ProvisioningReport.StepReport report) {
                // no progress wanted
            }
        };
    }
}
