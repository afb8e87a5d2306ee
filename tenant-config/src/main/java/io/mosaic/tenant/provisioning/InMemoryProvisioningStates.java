package io.mosaic.tenant.provisioning;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link ProvisioningStates} in memory: for tests and benchmarks. Thread-safe. */
public final class InMemoryProvisioningStates implements ProvisioningStates {
    private final ConcurrentMap<String, TenantState> states = new ConcurrentHashMap<>();

    @Override
    public Optional<TenantState> find(String tenant) {
        return Optional.ofNullable(states.get(tenant));
    }

    @Override
    public void save(TenantState state) {
        Objects.requireNonNull(state, "state");
        states.put(state.tenant(), state);
    }

    @Override
    public List<TenantState> all() {
        return states.values().stream().sorted(Comparator.comparing(TenantState::tenant)).toList();
    }
}
