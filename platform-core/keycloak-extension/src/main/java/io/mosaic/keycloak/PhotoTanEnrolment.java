package io.mosaic.keycloak;

import io.mosaic.keycloak.phototan.ActivationLetter;
import io.mosaic.keycloak.phototan.PhotoTanCrypto;
import io.mosaic.keycloak.phototan.PhotoTanException;
import jakarta.ws.rs.core.Response;
import java.security.PublicKey;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.UserModel;

/**
 * Required action {@value #ID}: registers the user's device. The user scans the activation letter (sent out of band;
 * its one-time secret waits in {@link DeviceAttributes#ACTIVATION_SECRET}) with the device, which answers with an
 * enrolment code: its public key with an HMAC keyed by the letter's secret. Without the letter no device can be
 * registered, so a stolen password alone does not enrol a thief's phone.
 */
public final class PhotoTanEnrolment implements RequiredActionProvider, RequiredActionFactory {
    public static final String ID = "mosaic-phototan-enrol";
    static final String TEMPLATE = "mosaic-phototan-enrol.ftl";
    private static final Logger LOG = Logger.getLogger(PhotoTanEnrolment.class);

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        UserModel user = context.getUser();
        if (user.getFirstAttribute(DeviceAttributes.DEVICE_KEY) == null
                && user.getFirstAttribute(DeviceAttributes.ACTIVATION_SECRET) != null) {
            user.addRequiredAction(ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.challenge(page(context, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        UserModel user = context.getUser();
        Optional<ActivationLetter> letter = DeviceAttributes.pendingActivation(context.getRealm().getName(), user);
        if (letter.isEmpty()) {
            context.challenge(page(context, "mosaicPhotoTanNoLetter"));
            return;
        }
        String code = context.getHttpRequest().getDecodedFormParameters().getFirst("enrolment-code");
        PublicKey device;
        try {
            device = PhotoTanCrypto.verifyEnrolmentCode(letter.get(), code == null ? "" : code);
        } catch (PhotoTanException wrong) {
            LOG.infof("photoTAN enrolment of %s in realm %s refused: %s", user.getUsername(),
                    context.getRealm().getName(), wrong.getMessage());
            context.challenge(page(context, "mosaicPhotoTanEnrolWrong"));
            return;
        }
        user.setSingleAttribute(DeviceAttributes.DEVICE_KEY, PhotoTanCrypto.encodePublicKey(device));
        user.removeAttribute(DeviceAttributes.ACTIVATION_SECRET); // the letter is used up
        DeviceAttributes.setFailures(user, 0);
        user.removeRequiredAction(ID);
        LOG.infof("photoTAN device %s enrolled for %s in realm %s", PhotoTanCrypto.deviceId(device),
                user.getUsername(), context.getRealm().getName());
        context.success();
    }

    private static Response page(RequiredActionContext context, String error) {
        var form = context.form().setAttribute("photoTanHasLetter",
                context.getUser().getFirstAttribute(DeviceAttributes.ACTIVATION_SECRET) != null);
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(TEMPLATE);
    }

    @Override
    public String getDisplayText() {
        return "Enrol a photoTAN device";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return this;
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
    public String getId() {
        return ID;
    }

    @Override
    public void close() {
        // stateless
    }
}
