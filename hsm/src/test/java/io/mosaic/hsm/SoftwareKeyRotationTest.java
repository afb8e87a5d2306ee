package io.mosaic.hsm;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class SoftwareKeyRotationTest extends KeyRotationContract {
    @TempDir
    Path dir;

    @Override
    protected KeyService newKeyService(WrappedKeyRepository repository, KeyAuditListener audit) {
        return SoftwareKeyService.open(dir.resolve("keys.p12"), "rotation password".toCharArray(), repository,
                Clock.systemUTC(), CachePolicy.defaults(), audit);
    }
}
