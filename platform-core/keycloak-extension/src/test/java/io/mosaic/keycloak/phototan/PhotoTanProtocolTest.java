package io.mosaic.keycloak.phototan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PhotoTanProtocolTest {
    private static final KeyPair DEVICE = PhotoTanCrypto.newDeviceKeyPair();

    @Property(tries = 60)
    void mosaic_roundTripsAnyPayload(@ForAll @Size(max = 700) byte[] payload) {
        assertThat(PhotoTanImage.read(PhotoTanImage.mosaicPng(payload))).isEqualTo(payload);
    }

    @Property(tries = 15)
    void qrFallback_roundTripsAnyPayload(@ForAll @Size(min = 1, max = 500) byte[] payload) {
        assertThat(PhotoTanImage.read(PhotoTanImage.qrPng(payload))).isEqualTo(payload);
    }

    @Test
    void sealedChallenge_opensOnlyOnItsDevice() {
        Challenge challenge = Challenge.create(OperationDetails.login("alpine", "anna"), Instant.now().plusSeconds(60));
        byte[] sealed = challenge.sealTo(DEVICE.getPublic());
        assertThat(Challenge.fromBytes(PhotoTanCrypto.open(DEVICE, sealed)).expectedTan()).isEqualTo(challenge.expectedTan());
        assertThatThrownBy(() -> PhotoTanCrypto.open(PhotoTanCrypto.newDeviceKeyPair(), sealed)).isInstanceOf(PhotoTanException.class);
    }

    @Test
    void tamperedSealedChallenge_isRejected() {
        byte[] sealed = Challenge.create(OperationDetails.login("alpine", "anna"), Instant.now().plusSeconds(60))
                .sealTo(DEVICE.getPublic());
        sealed[sealed.length - 5] ^= 0x10;
        assertThatThrownBy(() -> PhotoTanCrypto.open(DEVICE, sealed)).isInstanceOf(PhotoTanException.class);
    }

    @Test
    void tan_dependsOnEveryDetail() {
        Challenge challenge = Challenge.create(OperationDetails.installApp("alpine", "x", "1.0", List.of("a")),
                Instant.now().plusSeconds(60));
        String tan = challenge.expectedTan();
        assertThat(tan).hasSize(PhotoTanCrypto.TAN_DIGITS).containsOnlyDigits();
        assertThat(PhotoTanCrypto.tan(challenge.nonce(), challenge.id(), OperationDetails.installApp("alpine", "y", "1.0", List.of("a"))))
                .isNotEqualTo(tan);
        assertThat(TanCheck.check(challenge, OperationDetails.installApp("alpine", "x", "1.0", List.of("a", "b")), tan,
                Instant.now())).isEqualTo(TanCheck.DETAILS_CHANGED);
        assertThat(TanCheck.check(challenge, challenge.details(), tan, Instant.now())).isEqualTo(TanCheck.CONFIRMED);
        assertThat(TanCheck.check(challenge, challenge.details(), tan, challenge.expiresAt())).isEqualTo(TanCheck.EXPIRED);
    }

    @Test
    void enrolmentCode_forAnotherLetter_isRejected() {
        ActivationLetter letter = ActivationLetter.issue("alpine", "anna");
        String code = PhotoTanCrypto.enrolmentCode(letter, DEVICE.getPublic());
        assertThat(PhotoTanCrypto.verifyEnrolmentCode(letter, code)).isEqualTo(DEVICE.getPublic());
        assertThatThrownBy(() -> PhotoTanCrypto.verifyEnrolmentCode(ActivationLetter.issue("alpine", "anna"), code))
                .isInstanceOf(PhotoTanException.class);
        assertThatThrownBy(() -> PhotoTanCrypto.verifyEnrolmentCode(
                new ActivationLetter("alpine", "mallory", letter.secret()), code)).isInstanceOf(PhotoTanException.class);
    }

    @Test
    void operationDetails_roundTripTheirCanonicalText_andRejectInjectedLines() {
        OperationDetails details = OperationDetails.grantAdvisorAccess("alpine", "bea", "meier", "read");
        assertThat(OperationDetails.parse(details.canonical())).isEqualTo(details);
        assertThatThrownBy(() -> OperationDetails.of("login", "user", "anna\nuser=mallory"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
