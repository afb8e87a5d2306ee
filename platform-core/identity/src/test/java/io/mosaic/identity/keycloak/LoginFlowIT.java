package io.mosaic.identity.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.identity.Role;
import io.mosaic.identity.TokenCheck;
import io.mosaic.identity.TokenValidator;
import io.mosaic.identity.phototan.DeviceEmulator;
import io.mosaic.identity.testing.BrowserLogin;
import io.mosaic.identity.testing.KeycloakExtension;
import io.mosaic.identity.testing.KeycloakExtension.ManagedKeycloak;
import io.mosaic.keycloak.phototan.ActivationLetter;
import io.mosaic.keycloak.phototan.PhotoTanImage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Logins against the real Keycloak, driven over HTTP: tenant {@code alpine} requires certificate, password and
 * photoTAN; tenant {@code demo} a password only.
 */
@ExtendWith(KeycloakExtension.class)
class LoginFlowIT {
    static final String REDIRECT = "https://portal.mosaic.test/callback";
    static final String PASSWORD = "correct horse 42";
    private static final AtomicInteger USERS = new AtomicInteger();

    private final ManagedKeycloak keycloak;

    LoginFlowIT(ManagedKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    /** A user of alpine with a client certificate and an enrolled device. */
    record Enrolled(String username, LocalCa.Issued certificate, DeviceEmulator device) {
    }

    static Enrolled enrolledAlpineUser(ManagedKeycloak keycloak) {
        String username = "client-" + USERS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
        ActivationLetter letter = ActivationLetter.issue("alpine", username);
        keycloak.directory().admin().createUser("alpine", username, PASSWORD, Set.of(Role.CLIENT),
                Map.of("mosaic.phototan.activation-secret", letter.encodedSecret()));
        LocalCa.Issued certificate = keycloak.platformCa().issueClient(username);
        DeviceEmulator device = DeviceEmulator.create();
        BrowserLogin login = new BrowserLogin(keycloak.endpoints(), Optional.of(certificate));
        BrowserLogin.Page page = login.begin("alpine", RealmGenerator.PORTAL_CLIENT, REDIRECT);
        assertThat(page.body()).as("password page after the certificate").contains("name=\"password\"");
        page = login.submit(page, Map.of("password", PASSWORD));
        assertThat(page.hasForm("kc-phototan-enrol-form")).as("enrolment page:\n%s", page.body()).isTrue();
        String code = device.enrol(PhotoTanImage.mosaicPng(letter.toBytes()));
        page = login.submit(page, Map.of("enrolment-code", code));
        assertThat(page.code()).as("first login ends after enrolment:\n%s", page.body()).isPresent();
        return new Enrolled(username, certificate, device);
    }

    /** Certificate, password, photoTAN: a code, and a certificate-bound token. */
    static JsonNode fullLogin(ManagedKeycloak keycloak, Enrolled user) {
        BrowserLogin login = new BrowserLogin(keycloak.endpoints(), Optional.of(user.certificate()));
        BrowserLogin.Page page = login.begin("alpine", RealmGenerator.PORTAL_CLIENT, REDIRECT);
        page = login.submit(page, Map.of("password", PASSWORD));
        assertThat(page.hasForm("kc-phototan-form")).as("photoTAN page:\n%s", page.body()).isTrue();
        String image = page.imageSource("mosaic-phototan-mosaic").orElseThrow();
        DeviceEmulator.Reading reading = user.device().read(image.getBytes(StandardCharsets.US_ASCII));
        assertThat(reading.details().fields()).containsEntry("user", user.username()).containsEntry("tenant", "alpine");
        page = login.submit(page, Map.of("tan", reading.tan()));
        assertThat(page.code()).as("login ends with a code:\n%s", page.body()).isPresent();
        return login.exchange(page.code().orElseThrow());
    }

    @Test
    void allThreeFactors_logIn_andTheTokenIsBoundToTheCertificate() {
        Enrolled user = enrolledAlpineUser(keycloak);
        JsonNode tokens = fullLogin(keycloak, user);

        TokenValidator validator = new TokenValidator(keycloak.directory(), TokenValidator.Settings.defaults(),
                keycloak.endpoints().httpClient(Optional.empty()), Clock.systemUTC());
        TokenCheck check = validator.validate("alpine", tokens.get("access_token").asText(),
                Optional.of(user.certificate().certificate()));
        assertThat(check).isInstanceOf(TokenCheck.Valid.class);
        var principal = ((TokenCheck.Valid) check).principal();
        assertThat(principal.tenant()).isEqualTo("alpine");
        assertThat(principal.username()).isEqualTo(user.username());
        assertThat(principal.roles()).contains(Role.CLIENT);
        assertThat(principal.certificateThumbprint()).contains(TokenValidator.thumbprint(user.certificate().certificate()));
    }

    @Test
    void missingCertificate_failsTheLogin() {
        Enrolled user = enrolledAlpineUser(keycloak);
        BrowserLogin login = new BrowserLogin(keycloak.endpoints(), Optional.empty());
        BrowserLogin.Page page = login.begin("alpine", RealmGenerator.PORTAL_CLIENT, REDIRECT);
        if (page.body().contains("name=\"password\"")) {
            page = login.submit(page, Map.of("username", user.username(), "password", PASSWORD));
        }
        assertThat(page.code()).isEmpty();
        assertThat(page.hasForm("kc-phototan-form")).as("no photoTAN without a certificate").isFalse();
    }

    @Test
    void wrongPassword_failsTheLogin() {
        Enrolled user = enrolledAlpineUser(keycloak);
        BrowserLogin login = new BrowserLogin(keycloak.endpoints(), Optional.of(user.certificate()));
        BrowserLogin.Page page = login.begin("alpine", RealmGenerator.PORTAL_CLIENT, REDIRECT);
        page = login.submit(page, Map.of("password", "wrong " + PASSWORD));
        assertThat(page.code()).isEmpty();
        assertThat(page.hasForm("kc-phototan-form")).isFalse();
        assertThat(page.body()).contains("name=\"password\"");
    }

    @Test
    void wrongTan_failsTheLogin_andTheOldTanDoesNotWorkForTheNextImage() {
        Enrolled user = enrolledAlpineUser(keycloak);
        BrowserLogin login = new BrowserLogin(keycloak.endpoints(), Optional.of(user.certificate()));
        BrowserLogin.Page page = login.begin("alpine", RealmGenerator.PORTAL_CLIENT, REDIRECT);
        page = login.submit(page, Map.of("password", PASSWORD));
        DeviceEmulator.Reading first = user.device().read(
                page.imageSource("mosaic-phototan-mosaic").orElseThrow().getBytes(StandardCharsets.US_ASCII));
        String wrong = first.tan().equals("00000000") ? "00000001" : "00000000";
        page = login.submit(page, Map.of("tan", wrong));
        assertThat(page.code()).isEmpty();
        assertThat(page.hasForm("kc-phototan-form")).as("a new image after a wrong TAN").isTrue();
        page = login.submit(page, Map.of("tan", first.tan()));
        assertThat(page.code()).as("the first image's TAN was single-use").isEmpty();
    }

    @Test
    void photoTanOfAnotherDevice_cannotBeRead() {
        Enrolled user = enrolledAlpineUser(keycloak);
        BrowserLogin login = new BrowserLogin(keycloak.endpoints(), Optional.of(user.certificate()));
        BrowserLogin.Page page = login.begin("alpine", RealmGenerator.PORTAL_CLIENT, REDIRECT);
        page = login.submit(page, Map.of("password", PASSWORD));
        byte[] image = page.imageSource("mosaic-phototan-mosaic").orElseThrow().getBytes(StandardCharsets.US_ASCII);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeviceEmulator.create().read(image))
                .isInstanceOf(io.mosaic.keycloak.phototan.PhotoTanException.class);
    }

    /** A user of demo (password + photoTAN, no certificate) whose device is enrolled at the first login. */
    static Enrolled enrolledDemoUser(ManagedKeycloak keycloak, Set<Role> roles) {
        String username = "demo-" + USERS.incrementAndGet() + "-" + System.nanoTime() % 100_000;
        ActivationLetter letter = ActivationLetter.issue("demo", username);
        keycloak.directory().admin().createUser("demo", username, PASSWORD, roles,
                Map.of("mosaic.phototan.activation-secret", letter.encodedSecret()));
        DeviceEmulator device = DeviceEmulator.create();
        BrowserLogin login = new BrowserLogin(keycloak.endpoints(), Optional.empty());
        BrowserLogin.Page page = login.begin("demo", RealmGenerator.PORTAL_CLIENT, REDIRECT);
        page = login.submit(page, Map.of("username", username, "password", PASSWORD));
        assertThat(page.hasForm("kc-phototan-enrol-form")).as("enrolment page:\n%s", page.body()).isTrue();
        page = login.submit(page, Map.of("enrolment-code", device.enrol(PhotoTanImage.mosaicPng(letter.toBytes()))));
        assertThat(page.code()).as("first login ends after enrolment:\n%s", page.body()).isPresent();
        return new Enrolled(username, null, device);
    }

    /** Password and photoTAN at demo: the tokens. */
    static JsonNode demoLogin(ManagedKeycloak keycloak, Enrolled user) {
        BrowserLogin login = new BrowserLogin(keycloak.endpoints(), Optional.empty());
        BrowserLogin.Page page = login.begin("demo", RealmGenerator.PORTAL_CLIENT, REDIRECT);
        page = login.submit(page, Map.of("username", user.username(), "password", PASSWORD));
        assertThat(page.code()).as("a password alone does not end the login").isEmpty();
        assertThat(page.hasForm("kc-phototan-form")).as("photoTAN page:\n%s", page.body()).isTrue();
        String image = page.imageSource("mosaic-phototan-mosaic").orElseThrow();
        page = login.submit(page, Map.of("tan", user.device().read(image.getBytes(StandardCharsets.US_ASCII)).tan()));
        assertThat(page.code()).as("login ends with a code:\n%s", page.body()).isPresent();
        return login.exchange(page.code().orElseThrow());
    }

    @Test
    void demo_passwordAndPhotoTan_withoutCertificate_logIn_andTheTokenIsNotBound() {
        Enrolled user = enrolledDemoUser(keycloak, Set.of(Role.ADVISOR));
        JsonNode tokens = demoLogin(keycloak, user);
        TokenValidator validator = new TokenValidator(keycloak.directory(), TokenValidator.Settings.defaults(),
                keycloak.endpoints().httpClient(Optional.empty()), Clock.systemUTC());
        TokenCheck check = validator.validate("demo", tokens.get("access_token").asText(), Optional.empty());
        assertThat(check).isInstanceOf(TokenCheck.Valid.class);
        assertThat(((TokenCheck.Valid) check).principal().roles()).containsExactly(Role.ADVISOR);
        assertThat(((TokenCheck.Valid) check).principal().certificateThumbprint()).isEmpty();
    }
}
