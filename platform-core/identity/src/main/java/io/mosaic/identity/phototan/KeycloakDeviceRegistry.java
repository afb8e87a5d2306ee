package io.mosaic.identity.phototan;

import io.mosaic.identity.keycloak.KeycloakAdmin;
import io.mosaic.keycloak.phototan.PhotoTanCrypto;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/** The devices enrolled through Keycloak's login (user attribute {@code mosaic.phototan.device-key}; realm = tenant). */
public final class KeycloakDeviceRegistry implements DeviceRegistry {
    static final String DEVICE_KEY = "mosaic.phototan.device-key";
    private final KeycloakAdmin admin;

    public KeycloakDeviceRegistry(KeycloakAdmin admin) {
        this.admin = Objects.requireNonNull(admin, "admin");
    }

    @Override
    public Optional<PublicKey> deviceOf(String tenant, String username) {
        return admin.userAttributes(tenant, username).flatMap(attrs -> Optional.ofNullable(attrs.get(DEVICE_KEY)))
                .map(PhotoTanCrypto::decodePublicKey);
    }
}
