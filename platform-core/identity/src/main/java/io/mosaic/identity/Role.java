package io.mosaic.identity;

import java.util.Arrays;
import java.util.Optional;

/** The platform's realm roles, the same in every tenant's realm. */
public enum Role {
    TENANT_ADMIN("tenant-admin", "Administers the bank's tenant: users, apps, grants"),
    ADVISOR("advisor", "Advises clients whose access was granted"),
    CLIENT("client", "A wealthy family's or family office's member with full access to their own data"),
    FAMILY_MEMBER("family-member", "Read-only access to the family's data"),
    PLATFORM_OPERATOR("platform-operator", "Operates the platform for the bank");

    private final String realmRole;
    private final String description;

    Role(String realmRole, String description) {
        this.realmRole = realmRole;
        this.description = description;
    }

    /** The role's name in Keycloak. */
    public String realmRole() {
        return realmRole;
    }

    public String description() {
        return description;
    }

    public static Optional<Role> fromRealmRole(String name) {
        return Arrays.stream(values()).filter(r -> r.realmRole.equals(name)).findFirst();
    }
}
