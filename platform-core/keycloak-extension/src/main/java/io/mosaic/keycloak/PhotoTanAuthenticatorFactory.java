package io.mosaic.keycloak;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers the photoTAN authenticator ({@value #ID}) with Keycloak; configurable per flow execution. */
public final class PhotoTanAuthenticatorFactory implements AuthenticatorFactory {
    public static final String ID = "mosaic-phototan";
    public static final String VALIDITY_SECONDS = "validity-seconds";
    public static final String MAX_FAILURES = "max-failures";
    static final int DEFAULT_VALIDITY_SECONDS = 300;
    static final int DEFAULT_MAX_FAILURES = 5;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Mosaic photoTAN";
    }

    @Override
    public String getReferenceCategory() {
        return "phototan";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return new AuthenticationExecutionModel.Requirement[]{
                AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.ALTERNATIVE,
                AuthenticationExecutionModel.Requirement.DISABLED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return true; // a user without a device is sent to the enrolment required action
    }

    @Override
    public String getHelpText() {
        return "Shows a challenge sealed to the user's enrolled device as a colour mosaic (QR fallback); the device "
                + "shows what is confirmed and derives a single-use TAN.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigProperty validity = new ProviderConfigProperty(VALIDITY_SECONDS, "TAN validity (s)",
                "Seconds a challenge can be answered", ProviderConfigProperty.STRING_TYPE,
                Integer.toString(DEFAULT_VALIDITY_SECONDS));
        ProviderConfigProperty failures = new ProviderConfigProperty(MAX_FAILURES, "Failures before lock",
                "Consecutive wrong TANs that lock the factor", ProviderConfigProperty.STRING_TYPE,
                Integer.toString(DEFAULT_MAX_FAILURES));
        return List.of(validity, failures);
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new PhotoTanAuthenticator();
    }

    @Override
    public void init(Config.Scope config) {
        // no server-wide configuration
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to look up
    }

    @Override
    public void close() {
        // holds nothing
    }
}
