package io.mosaic.identity.phototan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mosaic.keycloak.phototan.OperationDetails;
import io.mosaic.keycloak.phototan.PhotoTanException;
import io.mosaic.keycloak.phototan.TanCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Dynamic linking without Keycloak: the platform's library API with the device emulator. */
class PhotoTanTest {
    private final DeviceEmulator device = DeviceEmulator.create();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final DeviceRegistry registry = (tenant, user) -> Map.of("alpine/anna", device.publicKey())
            .entrySet().stream().filter(e -> e.getKey().equals(tenant + "/" + user)).map(Map.Entry::getValue).findFirst();
    private final PhotoTan photoTan = new PhotoTan(registry, clock, Duration.ofMinutes(5), 3);

    private static final OperationDetails INSTALL_X = OperationDetails.installApp("alpine", "valuation-alerts", "1.2.0",
            List.of("assets.read", "notifications.send"));
    private static final OperationDetails INSTALL_Y = OperationDetails.installApp("alpine", "tax-optimizer", "1.2.0",
            List.of("assets.read", "notifications.send"));

    private String tanFor(PhotoTan.Confirmation confirmation) {
        return device.read(confirmation.mosaicPng()).tan();
    }

    @Test
    void tanForInstallingAppX_confirmsIt_once() {
        PhotoTan.Confirmation confirmation = photoTan.challenge("alpine", "anna", INSTALL_X);
        DeviceEmulator.Reading reading = device.read(confirmation.mosaicPng());
        assertThat(reading.displayLines()).contains("Confirm: marketplace.install", "  app: valuation-alerts",
                "  scopes: assets.read, notifications.send");

        assertThat(photoTan.verify(confirmation.challengeId(), INSTALL_X, reading.tan())).isEqualTo(TanCheck.CONFIRMED);
        assertThat(photoTan.verify(confirmation.challengeId(), INSTALL_X, reading.tan())).isEqualTo(TanCheck.UNKNOWN_OR_USED);
    }

    @Test
    void tanForInstallingAppX_doesNotConfirmInstallingAppY() {
        PhotoTan.Confirmation confirmation = photoTan.challenge("alpine", "anna", INSTALL_X);
        String tan = tanFor(confirmation);
        assertThat(photoTan.verify(confirmation.challengeId(), INSTALL_Y, tan)).isEqualTo(TanCheck.DETAILS_CHANGED);
        assertThat(photoTan.verify(confirmation.challengeId(), INSTALL_X, tan))
                .as("a challenge offered for other details is burnt").isEqualTo(TanCheck.UNKNOWN_OR_USED);
    }

    @Test
    void changedScopes_invalidateTheTan() {
        PhotoTan.Confirmation confirmation = photoTan.challenge("alpine", "anna", INSTALL_X);
        OperationDetails moreScopes = OperationDetails.installApp("alpine", "valuation-alerts", "1.2.0",
                List.of("assets.read", "notifications.send", "custody.write"));
        assertThat(photoTan.verify(confirmation.challengeId(), moreScopes, tanFor(confirmation))).isEqualTo(TanCheck.DETAILS_CHANGED);
    }

    @Test
    void tanOfOneChallenge_doesNotConfirmAnotherOfTheSameOperation() {
        PhotoTan.Confirmation first = photoTan.challenge("alpine", "anna", INSTALL_X);
        PhotoTan.Confirmation second = photoTan.challenge("alpine", "anna", INSTALL_X);
        assertThat(photoTan.verify(second.challengeId(), INSTALL_X, tanFor(first))).isEqualTo(TanCheck.WRONG_TAN);
        assertThat(photoTan.verify(second.challengeId(), INSTALL_X, tanFor(second))).isEqualTo(TanCheck.CONFIRMED);
    }

    @Test
    void expiredChallenge_isRefused() {
        PhotoTan.Confirmation confirmation = photoTan.challenge("alpine", "anna", OperationDetails.destroyKeys("alpine", "client-17"));
        String tan = tanFor(confirmation);
        now.set(now.get().plus(Duration.ofMinutes(6)));
        assertThat(photoTan.verify(confirmation.challengeId(), OperationDetails.destroyKeys("alpine", "client-17"), tan))
                .isEqualTo(TanCheck.EXPIRED);
    }

    @Test
    void repeatedWrongTans_lockTheFactor_untilUnlocked() {
        OperationDetails grant = OperationDetails.grantAdvisorAccess("alpine", "advisor-bea", "family-meier", "read");
        PhotoTan.Confirmation confirmation = photoTan.challenge("alpine", "anna", grant);
        String right = tanFor(confirmation);
        String wrong = right.equals("12345678") ? "87654321" : "12345678";
        assertThat(photoTan.verify(confirmation.challengeId(), grant, wrong)).isEqualTo(TanCheck.WRONG_TAN);
        assertThat(photoTan.verify(confirmation.challengeId(), grant, wrong)).isEqualTo(TanCheck.WRONG_TAN);
        assertThat(photoTan.verify(confirmation.challengeId(), grant, wrong)).isEqualTo(TanCheck.LOCKED);
        assertThat(photoTan.isLocked("alpine", "anna")).isTrue();

        PhotoTan.Confirmation next = photoTan.challenge("alpine", "anna", grant);
        assertThat(photoTan.verify(next.challengeId(), grant, tanFor(next))).isEqualTo(TanCheck.LOCKED);
        photoTan.unlock("alpine", "anna");
        PhotoTan.Confirmation afterUnlock = photoTan.challenge("alpine", "anna", grant);
        assertThat(photoTan.verify(afterUnlock.challengeId(), grant, tanFor(afterUnlock))).isEqualTo(TanCheck.CONFIRMED);
    }

    @Test
    void qrFallback_carriesTheSameChallenge() {
        PhotoTan.Confirmation confirmation = photoTan.challenge("alpine", "anna", INSTALL_X);
        assertThat(device.read(confirmation.qrPng()).tan()).isEqualTo(tanFor(confirmation));
    }

    @Test
    void anotherDevice_cannotReadTheChallenge() {
        PhotoTan.Confirmation confirmation = photoTan.challenge("alpine", "anna", INSTALL_X);
        assertThatThrownBy(() -> DeviceEmulator.create().read(confirmation.mosaicPng())).isInstanceOf(PhotoTanException.class);
    }

    @Test
    void personWithoutDevice_getsNoChallenge() {
        assertThatThrownBy(() -> photoTan.challenge("alpine", "bob", INSTALL_X)).isInstanceOf(PhotoTan.NoDeviceException.class);
        assertThat(registry.deviceOf("alpine", "bob")).isEqualTo(Optional.empty());
    }

    @Test
    void challengeOfAnotherPerson_isNotConfirmedByMyRequest() {
        PhotoTan.Confirmation forAnna = photoTan.challenge("alpine", "anna", INSTALL_X);
        String tan = tanFor(forAnna);
        assertThat(photoTan.verify(forAnna.challengeId(), INSTALL_X, tan, "alpine", "bruno"))
                .isEqualTo(TanCheck.UNKNOWN_OR_USED);
        assertThat(photoTan.verify(forAnna.challengeId(), INSTALL_X, tan, "alpine", "anna"))
                .as("it stays open for the person it was made for").isEqualTo(TanCheck.CONFIRMED);
    }

    @Test
    void challengeFlood_isRefusedPerPerson_untilChallengesExpire() {
        for (int i = 0; i < PhotoTan.MAX_OPEN_PER_PERSON; i++) {
            photoTan.challenge("alpine", "anna", INSTALL_X);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> photoTan.challenge("alpine", "anna", INSTALL_X))
                .isInstanceOf(PhotoTan.TooManyChallengesException.class).hasMessageContaining("open photoTAN challenges");
        now.set(now.get().plus(Duration.ofMinutes(6)));
        assertThat(photoTan.challenge("alpine", "anna", INSTALL_X).challengeId()).isNotBlank();
    }
}
