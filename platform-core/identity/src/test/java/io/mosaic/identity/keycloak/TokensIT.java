package io.mosaic.identity.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.identity.Role;
import io.mosaic.identity.TokenCheck;
import io.mosaic.identity.TokenValidator;
import io.mosaic.identity.testing.KeycloakExtension;
import io.mosaic.identity.testing.KeycloakExtension.ManagedKeycloak;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tokens issued by the real Keycloak, checked by the core's validator. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokensIT {
    private final ManagedKeycloak keycloak;
    private TokenValidator validator;
    private String demoToken;
    private String alpineToken;
    private LoginFlowIT.Enrolled alpineUser;

    TokensIT(ManagedKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @BeforeAll
    void logIn() {
        validator = validator(Clock.systemUTC());
        demoToken = LoginFlowIT.demoLogin(keycloak, LoginFlowIT.enrolledDemoUser(keycloak, Set.of(Role.CLIENT)))
                .get("access_token").asText();
        alpineUser = LoginFlowIT.enrolledAlpineUser(keycloak);
        JsonNode tokens = LoginFlowIT.fullLogin(keycloak, alpineUser);
        alpineToken = tokens.get("access_token").asText();
    }

    private TokenValidator validator(Clock clock) {
        return new TokenValidator(keycloak.directory(), TokenValidator.Settings.defaults(),
                keycloak.endpoints().httpClient(Optional.empty()), clock);
    }

    @Test
    void tokenOfTenantA_isRefusedByTenantB() {
        assertThat(validator.validate("demo", demoToken, Optional.empty()).isValid()).isTrue();
        assertThat(validator.validate("alpine", demoToken, Optional.empty()))
                .isEqualTo(refusal(validator.validate("alpine", demoToken, Optional.empty())))
                .extracting(c -> ((TokenCheck.Refused) c).reason()).isEqualTo(TokenCheck.Reason.WRONG_ISSUER);
        assertThat(validator.validate("demo", alpineToken, Optional.of(alpineUser.certificate().certificate())))
                .extracting(c -> ((TokenCheck.Refused) c).reason()).isEqualTo(TokenCheck.Reason.WRONG_ISSUER);
    }

    @Test
    void expiredToken_isRefused() {
        TokenValidator later = validator(Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC));
        assertThat(later.validate("demo", demoToken, Optional.empty()))
                .extracting(c -> ((TokenCheck.Refused) c).reason()).isEqualTo(TokenCheck.Reason.EXPIRED);
    }

    @Test
    void tokenWithAWrongSignature_isRefused() {
        String[] parts = demoToken.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 0x01;
        String forged = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        assertThat(validator.validate("demo", forged, Optional.empty()))
                .extracting(c -> ((TokenCheck.Refused) c).reason()).isEqualTo(TokenCheck.Reason.BAD_SIGNATURE);
    }

    @Test
    void tokenWithAlteredClaims_isRefused() {
        String[] parts = demoToken.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"client\"", "\"tenant-admin\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes()) + "." + parts[2];
        assertThat(validator.validate("demo", forged, Optional.empty()))
                .extracting(c -> ((TokenCheck.Refused) c).reason()).isEqualTo(TokenCheck.Reason.BAD_SIGNATURE);
    }

    @Test
    void certificateBoundToken_withoutItsCertificate_isRefused() {
        assertThat(validator.validate("alpine", alpineToken, Optional.empty()))
                .extracting(c -> ((TokenCheck.Refused) c).reason()).isEqualTo(TokenCheck.Reason.CERTIFICATE_MISSING);
    }

    @Test
    void certificateBoundToken_withAnotherCertificate_isRefused() {
        var other = keycloak.platformCa().issueClient(alpineUser.username());
        assertThat(validator.validate("alpine", alpineToken, Optional.of(other.certificate())))
                .extracting(c -> ((TokenCheck.Refused) c).reason()).isEqualTo(TokenCheck.Reason.CERTIFICATE_MISMATCH);
        assertThat(validator.validate("alpine", alpineToken, Optional.of(alpineUser.certificate().certificate())).isValid())
                .isTrue();
    }

    @Test
    void unknownTenant_isRefused() {
        assertThat(validator.validate("nobody", demoToken, Optional.empty()))
                .extracting(c -> ((TokenCheck.Refused) c).reason()).isEqualTo(TokenCheck.Reason.UNKNOWN_TENANT);
    }

    private static TokenCheck refusal(TokenCheck check) {
        assertThat(check).isInstanceOf(TokenCheck.Refused.class);
        return check;
    }
}
