package io.mosaic.tenant.provisioning;

import io.mosaic.tenant.TenantDescriptor;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * In-memory stand-ins for the five ports, recording which tenant has which part, counting calls, and failing a
 * chosen step on demand (failure injection).
 */
final class FakeTenantParts implements TenantKeys, BusNamespaces, JournalSpace, IdentityRealms, TenantRuntimes {
    private final Map<ProvisioningStep, Set<String>> present = new EnumMap<>(ProvisioningStep.class);
    private final Map<ProvisioningStep, Integer> calls = new EnumMap<>(ProvisioningStep.class);
    private final Map<ProvisioningStep, Integer> failuresLeft = new EnumMap<>(ProvisioningStep.class);

    FakeTenantParts() {
        for (ProvisioningStep step : ProvisioningStep.values()) {
            present.put(step, new HashSet<>());
            calls.put(step, 0);
            failuresLeft.put(step, 0);
        }
    }

    /** The next {@code times} calls of {@code step} (create or delete) fail. */
    FakeTenantParts failNext(ProvisioningStep step, int times) {
        failuresLeft.put(step, times);
        return this;
    }

    boolean has(ProvisioningStep step, String tenant) {
        return present.get(step).contains(tenant);
    }

    boolean hasAll(String tenant) {
        return present.values().stream().allMatch(tenants -> tenants.contains(tenant));
    }

    boolean hasNone(String tenant) {
        return present.values().stream().noneMatch(tenants -> tenants.contains(tenant));
    }

    int calls(ProvisioningStep step) {
        return calls.get(step);
    }

    private void add(ProvisioningStep step, TenantDescriptor tenant) {
        call(step);
        present.get(step).add(tenant.id());
    }

    private void remove(ProvisioningStep step, String tenant) {
        call(step);
        present.get(step).remove(tenant);
    }

    private void call(ProvisioningStep step) {
        calls.merge(step, 1, Integer::sum);
        int left = failuresLeft.get(step);
        if (left > 0) {
            failuresLeft.put(step, left - 1);
            throw new IllegalStateException("injected failure of " + step.label());
        }
    }

    @Override
    public void ensureKey(TenantDescriptor tenant) {
        add(ProvisioningStep.TENANT_KEY, tenant);
    }

    @Override
    public void shred(String tenant) {
        remove(ProvisioningStep.TENANT_KEY, tenant);
    }

    @Override
    public void ensureNamespaces(TenantDescriptor tenant) {
        add(ProvisioningStep.BUS_NAMESPACES, tenant);
    }

    @Override
    public void deleteNamespaces(String tenant) {
        remove(ProvisioningStep.BUS_NAMESPACES, tenant);
    }

    @Override
    public void ensureSpace(TenantDescriptor tenant) {
        add(ProvisioningStep.JOURNAL_SPACE, tenant);
    }

    @Override
    public void dropSpace(String tenant) {
        remove(ProvisioningStep.JOURNAL_SPACE, tenant);
    }

    @Override
    public void ensureRealm(TenantDescriptor tenant) {
        add(ProvisioningStep.IDENTITY_REALM, tenant);
    }

    @Override
    public void deleteRealm(String tenant) {
        remove(ProvisioningStep.IDENTITY_REALM, tenant);
    }

    @Override
    public void start(TenantDescriptor tenant) {
        add(ProvisioningStep.RUNTIME, tenant);
    }

    @Override
    public void stopAndRemove(String tenant) {
        remove(ProvisioningStep.RUNTIME, tenant);
    }
}
