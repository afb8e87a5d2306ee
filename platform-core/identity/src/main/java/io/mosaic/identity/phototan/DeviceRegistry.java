package io.mosaic.identity.phototan;

import java.security.PublicKey;
import java.util.Optional;

/** Where the platform finds a person's enrolled photoTAN device. */
public interface DeviceRegistry {
    Optional<PublicKey> deviceOf(String tenant, String username);
}
