package io.mosaic.keycloak;

import io.mosaic.keycloak.phototan.Challenge;
import io.mosaic.keycloak.phototan.OperationDetails;
import io.mosaic.keycloak.phototan.PhotoTanException;
import io.mosaic.keycloak.phototan.PhotoTanImage;
import io.mosaic.keycloak.phototan.TanCheck;
import jakarta.ws.rs.core.Response;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The photoTAN step of a login. It seals a fresh challenge ("login to realm R as user U") to the user's enrolled
 * device, shows it as a colour mosaic with a QR fallback and checks the TAN typed in. The challenge lives in an
 * authentication-session note and is removed when answered, so a TAN works once; it expires; each wrong TAN replaces
 * the challenge and counts towards the lock.
 */
final class PhotoTanAuthenticator implements Authenticator {
    private static final Logger LOG = Logger.getLogger(PhotoTanAuthenticator.class);
    static final String NOTE = "mosaic.phototan.challenge";
    static final String TEMPLATE = "mosaic-phototan.ftl";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (DeviceAttributes.failures(user) >= maxFailures(context.getAuthenticatorConfig())) {
            locked(context);
            return;
        }
        Optional<PublicKey> device = DeviceAttributes.deviceKey(user);
        if (device.isEmpty()) { // configuredFor said yes, the attribute went away since
            context.failure(AuthenticationFlowError.CREDENTIAL_SETUP_REQUIRED);
            return;
        }
        context.challenge(challengePage(context, device.get(), null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        int maxFailures = maxFailures(context.getAuthenticatorConfig());
        if (DeviceAttributes.failures(user) >= maxFailures) {
            locked(context);
            return;
        }
        String note = context.getAuthenticationSession().getAuthNote(NOTE);
        context.getAuthenticationSession().removeAuthNote(NOTE); // single use, whatever the outcome
        String tan = context.getHttpRequest().getDecodedFormParameters().getFirst("tan");
        OperationDetails expected = loginDetails(context.getRealm(), user);
        TanCheck outcome = note == null ? TanCheck.UNKNOWN_OR_USED
                : TanCheck.check(Challenge.fromNote(note), expected, tan, Instant.now());
        if (outcome.confirmed()) {
            DeviceAttributes.setFailures(user, 0);
            context.success();
            return;
        }
        int failures = DeviceAttributes.failures(user) + 1;
        DeviceAttributes.setFailures(user, failures);
        LOG.infof("photoTAN for user %s in realm %s: %s (%d of %d failures)", user.getUsername(),
                context.getRealm().getName(), outcome, failures, maxFailures);
        if (failures >= maxFailures) {
            locked(context);
            return;
        }
        Response page = challengePage(context, DeviceAttributes.deviceKey(user).orElseThrow(),
                outcome == TanCheck.EXPIRED ? "mosaicPhotoTanExpired" : "mosaicPhotoTanWrong");
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page);
    }

    private Response challengePage(AuthenticationFlowContext context, PublicKey device, String error) {
        Duration validity = Duration.ofSeconds(validitySeconds(context.getAuthenticatorConfig()));
        OperationDetails details = loginDetails(context.getRealm(), context.getUser());
        Challenge challenge = Challenge.create(details, Instant.now().plus(validity));
        context.getAuthenticationSession().setAuthNote(NOTE, challenge.toNote());
        byte[] sealed;
        try {
            sealed = challenge.sealTo(device);
        } catch (PhotoTanException e) {
            throw new IllegalStateException("cannot seal a photoTAN challenge for " + context.getUser().getUsername(), e);
        }
        var form = context.form()
                .setAttribute("photoTanMosaic", PhotoTanImage.dataUri(PhotoTanImage.mosaicPng(sealed)))
                .setAttribute("photoTanQr", PhotoTanImage.dataUri(PhotoTanImage.qrPng(sealed)))
                .setAttribute("photoTanLines", details.displayLines())
                .setAttribute("photoTanChallengeId", challenge.id());
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(TEMPLATE);
    }

    private static void locked(AuthenticationFlowContext context) {
        Response page = context.form().setError("mosaicPhotoTanLocked").createErrorPage(Response.Status.UNAUTHORIZED);
        context.failure(AuthenticationFlowError.USER_TEMPORARILY_DISABLED, page);
    }

    static OperationDetails loginDetails(RealmModel realm, UserModel user) {
        return OperationDetails.login(realm.getName(), user.getUsername());
    }

    private static int validitySeconds(AuthenticatorConfigModel config) {
        return intConfig(config, PhotoTanAuthenticatorFactory.VALIDITY_SECONDS, PhotoTanAuthenticatorFactory.DEFAULT_VALIDITY_SECONDS);
    }

    private static int maxFailures(AuthenticatorConfigModel config) {
        return intConfig(config, PhotoTanAuthenticatorFactory.MAX_FAILURES, PhotoTanAuthenticatorFactory.DEFAULT_MAX_FAILURES);
    }

    private static int intConfig(AuthenticatorConfigModel config, String key, int fallback) {
        Map<String, String> values = config == null || config.getConfig() == null ? Map.of() : config.getConfig();
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            LOG.warnf("photoTAN config %s='%s' is not a number: using %d", key, value, fallback);
            return fallback;
        }
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return user.getFirstAttribute(DeviceAttributes.DEVICE_KEY) != null;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        user.addRequiredAction(PhotoTanEnrolment.ID);
    }

    @Override
    public void close() {
        // holds nothing
    }
}
