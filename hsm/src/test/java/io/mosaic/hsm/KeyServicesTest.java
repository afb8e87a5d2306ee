package io.mosaic.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyServicesTest {
    @TempDir
    Path dir;

    @Test
    void softwareIsTheDefault() {
        KeyBackendConfig config = KeyBackendConfig.fromProperties(Map.of());

        assertThat(config).isEqualTo(new KeyBackendConfig.Software(Path.of("var/keys/tenants.p12"),
                PinSource.environment("MOSAIC_KEYSTORE_PASSWORD")));
    }

    @Test
    void pkcs11WithSeveralTokens_isACluster() {
        KeyBackendConfig config = KeyBackendConfig.fromProperties(Map.of("backend", "pkcs11",
                "pkcs11.tokens", "hsm-a, hsm-b", "pkcs11.pin-file", "/run/secrets/hsm-pin"));

        assertThat(config).isInstanceOfSatisfying(KeyBackendConfig.Pkcs11.class, p -> {
            assertThat(p.library()).isEqualTo(Pkcs11Config.SOFTHSM2_LIBRARY);
            assertThat(p.tokenLabels()).containsExactly("hsm-a", "hsm-b");
            assertThat(p.pin()).isEqualTo(PinSource.file(Path.of("/run/secrets/hsm-pin")));
        });
    }

    @Test
    void badBackendOrMissingTokens_giveClearErrors() {
        assertThatThrownBy(() -> KeyBackendConfig.fromProperties(Map.of("backend", "vault")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'vault'");
        assertThatThrownBy(() -> KeyBackendConfig.fromProperties(Map.of("backend", "pkcs11")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys.pkcs11.tokens");
    }

    @Test
    void theSwitchOpensEitherBackend() throws Exception {
        Path pin = dir.resolve("pin");
        Files.writeString(pin, new String(SoftHsmFixture.PIN) + "\n");
        SoftHsmFixture.ensureTokens();
        try (KeyService software = KeyServices.fromConfig(new KeyBackendConfig.Software(dir.resolve("k.p12"),
                PinSource.of("pw".toCharArray())), new InMemoryWrappedKeyRepository(), Clock.systemUTC(),
                CachePolicy.defaults(), KeyAuditListener.none());
             KeyService hsm = KeyServices.fromConfig(Map.of("backend", "pkcs11", "pkcs11.tokens",
                     SoftHsmFixture.CONTRACT, "pkcs11.pin-file", pin.toString()), new InMemoryWrappedKeyRepository(),
                     Clock.systemUTC(), KeyAuditListener.none())) {
            assertThat(software).isInstanceOf(SoftwareKeyService.class);
            assertThat(hsm).isInstanceOf(Pkcs11KeyService.class);
            String tenant = KeyServiceContract.uniqueTenant("sw");
            hsm.createTenantKey(tenant);
            Encrypted e = hsm.encrypt(tenant, "x", new byte[] {1, 2}, new byte[0]);
            assertThat(hsm.decrypt(e, new byte[0])).containsExactly(1, 2);
        }
    }

    @Test
    void slotsAreParsedFromBothTools() {
        String softHsm = """
                Available slots:
                Slot 728109313
                    Slot info:
                        Description:      SoftHSM slot ID 0x2b661101
                    Token info:
                        Label:            two
                Slot 2
                    Token info:
                        Initialized:      no
                        Label:
                """;
        String openSc = """
                Available slots:
                Slot 0 (0x2b661101): SoftHSM slot ID 0x2b661101
                  token label        : two
                Slot 2 (0x2): SoftHSM slot ID 0x2
                  token state:   uninitialized
                """;
        assertThat(SlotLookup.parseSoftHsm(softHsm)).containsExactlyEntriesOf(Map.of("two", 728109313L));
        assertThat(SlotLookup.parseOpenSc(openSc)).containsExactlyEntriesOf(Map.of("two", 0x2b661101L));
        assertThatThrownBy(() -> SlotLookup.parseSoftHsm(softHsm + "Slot 9\n  Label: two\n"))
                .isInstanceOf(KeyException.class).hasMessageContaining("unique");
        assertThat(List.of(SlotLookup.slotOf(Pkcs11Config.SOFTHSM2_LIBRARY, SoftHsmFixture.CONTRACT))).isNotEmpty();
    }
}
