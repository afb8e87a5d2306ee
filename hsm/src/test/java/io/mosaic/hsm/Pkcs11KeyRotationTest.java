package io.mosaic.hsm;

import java.time.Clock;

class Pkcs11KeyRotationTest extends KeyRotationContract {
    @Override
    protected KeyService newKeyService(WrappedKeyRepository repository, KeyAuditListener audit) {
        return Pkcs11KeyService.open(SoftHsmFixture.config(SoftHsmFixture.ROTATION), repository, Clock.systemUTC(),
                CachePolicy.defaults(), audit);
    }
}
