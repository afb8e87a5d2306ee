package io.mosaic.runtime;

import java.util.Set;

/** The runtime tests' tenants: their commands come from a tenant administrator (the gate refuses unknown people). */
final class TestTenants {
    /** The subject of the runtime tests that are not about who sees what. */
    static final String ADMIN = "admin-test";

    private TestTenants() {
    }

    /** {@code tenant}, with {@link #ADMIN} recorded as its tenant administrator. */
    static TenantRuntime withAdmin(TenantRuntime tenant) {
        tenant.subjects().recordRoles(ADMIN, Set.of("tenant-admin"), "test", "the runtime tests' administrator");
        return tenant;
    }
}
