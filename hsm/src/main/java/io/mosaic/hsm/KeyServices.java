package io.mosaic.hsm;

import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/** Opens the configured {@link KeyService} backend: the one switch between software keys and an HSM. */
public final class KeyServices {

    private KeyServices() {
    }

    /** Reads the flattened {@code keys} config node (see {@link KeyBackendConfig#fromProperties}) and opens it. */
    public static KeyService fromConfig(Map<String, String> keys, WrappedKeyRepository repository, Clock clock,
                                        KeyAuditListener audit) {
        return fromConfig(KeyBackendConfig.fromProperties(keys), repository, clock, CachePolicy.defaults(), audit);
    }

    public static KeyService fromConfig(KeyBackendConfig config, WrappedKeyRepository repository, Clock clock,
                                        CachePolicy cachePolicy, KeyAuditListener audit) {
        Objects.requireNonNull(config, "config");
        return switch (config) {
            case KeyBackendConfig.Software software -> {
                char[] password = software.password().resolve();
                try {
                    yield SoftwareKeyService.open(software.keyStoreFile(), password, repository, clock, cachePolicy,
                            audit);
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            case KeyBackendConfig.Pkcs11 pkcs11 -> pkcs11.tokenLabels().size() == 1
                    ? Pkcs11KeyService.open(pkcs11.tokens().getFirst(), repository, clock, cachePolicy, audit)
                    : Pkcs11KeyService.openCluster(pkcs11.tokens(), repository, clock, cachePolicy, audit);
        };
    }
}
