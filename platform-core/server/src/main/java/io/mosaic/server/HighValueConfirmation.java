package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.mosaic.identity.Principal;
import io.mosaic.identity.Role;
import io.mosaic.identity.phototan.PhotoTan;
import io.mosaic.keycloak.phototan.OperationDetails;
import io.mosaic.keycloak.phototan.TanCheck;

import java.util.Base64;
import java.util.Optional;

/**
 * Dynamic linking for operations of high value (docs/identity.md): with identity, such an operation needs the bearer
 * token of a tenant administrator of the tenant's realm ({@link #tenantAdmin}, 401 / 403) and a photoTAN for exactly
 * the {@link OperationDetails} about to be executed ({@link #confirmed}):
 * <ul>
 *   <li>without a challenge id and TAN: 428 with {@code {challengeId, image, qr, expiresAt, details, display}}, the
 *       image a data URI of the mosaic sealed to the administrator's enrolled device (403 if none is enrolled);</li>
 *   <li>with them: the TAN is verified against the details of <em>this</em> request; only {@code CONFIRMED} proceeds,
 *       anything else (other details, used, wrong, expired, locked) is 403 with the outcome.</li>
 * </ul>
 * The challenge id and TAN come in the JSON body ({@code challengeId}, {@code tan}; the marketplace install) or, for
 * requests without a body, in the headers {@value #CHALLENGE_HEADER} and {@value #TAN_HEADER}.
 * Without identity ({@code identity == null}) nothing is asked: the loopback operator API behaves as before.
 */
final class HighValueConfirmation {
    static final String CHALLENGE_HEADER = "X-Mosaic-Challenge-Id";
    static final String TAN_HEADER = "X-Mosaic-Tan";
    private static final Status PRECONDITION_REQUIRED = Status.create(428, "Precondition Required");

    /** What the caller answered to a challenge; both blank when it has not been asked yet. */
    record Answer(String challengeId, String tan) {
        Answer {
            challengeId = challengeId == null ? "" : challengeId.trim();
            tan = tan == null ? "" : tan.trim();
        }

        boolean given() {
            return !challengeId.isEmpty() || !tan.isEmpty();
        }

        static Answer of(ObjectNode body) {
            return new Answer(Optional.ofNullable(body.get("challengeId")).map(JsonNode::asText).orElse(""),
                    Optional.ofNullable(body.get("tan")).map(JsonNode::asText).orElse(""));
        }

        static Answer of(ServerRequest req) {
            return new Answer(req.headers().first(HeaderNames.create(CHALLENGE_HEADER)).orElse(""),
                    req.headers().first(HeaderNames.create(TAN_HEADER)).orElse(""));
        }
    }

    private final Identity identity;

    /** @param identity null: no logins, nothing is confirmed (loopback only) */
    HighValueConfirmation(Identity identity) {
        this.identity = identity;
    }

    boolean enabled() {
        return identity != null;
    }

    /**
     * With identity, the principal of the request's token if it is a tenant administrator of {@code tenant}
     * ({@link Unauthorized} / {@link Forbidden} otherwise); without identity empty.
     *
     * @param what the operation, for the refusal ("installing an app")
     */
    Optional<Principal> tenantAdmin(String tenant, ServerRequest req, String what) {
        if (identity == null) {
            return Optional.empty();
        }
        Principal p = identity.authenticate(tenant, req);
        if (!p.tenant().equals(tenant) || !p.hasRole(Role.TENANT_ADMIN)) {
            throw new Forbidden(what + " needs the role " + Role.TENANT_ADMIN.realmRole());
        }
        return Optional.of(p);
    }

    /**
     * True when the operation may proceed: no identity ({@code admin} empty), or a TAN that confirms exactly
     * {@code details}. False when a 428 with a new challenge has been sent. {@link Forbidden} for a TAN that does not
     * confirm {@code details}, or when the administrator has no enrolled device.
     */
    boolean confirmed(Optional<Principal> admin, Answer answer, OperationDetails details, ServerResponse res) {
        if (admin.isEmpty()) {
            return true;
        }
        if (answer.challengeId().isEmpty() || answer.tan().isEmpty()) {
            challenge(admin.get(), details, res);
            return false;
        }
        TanCheck check = identity.photoTan().verify(answer.challengeId(), details, answer.tan(), admin.get().tenant(),
                admin.get().username());
        if (check != TanCheck.CONFIRMED) {
            throw new Forbidden("the photoTAN does not confirm this operation: " + check);
        }
        return true;
    }

    private void challenge(Principal admin, OperationDetails details, ServerResponse res) {
        PhotoTan.Confirmation c;
        try {
            c = identity.photoTan().challenge(admin.tenant(), admin.username(), details);
        } catch (PhotoTan.NoDeviceException e) {
            throw new Forbidden(e.getMessage() + ": enrol a photoTAN device to confirm operations of high value");
        } catch (PhotoTan.TooManyChallengesException e) {
            throw new TooManyRequests(e.getMessage());
        }
        ObjectNode n = Json.obj().put("challengeId", c.challengeId())
                .put("image", dataUri(c.mosaicPng()))
                .put("qr", dataUri(c.qrPng()))
                .put("expiresAt", c.expiresAt().toString());
        ObjectNode d = n.putObject("details").put("operation", details.operation());
        details.fields().forEach(d::put);
        c.displayLines().forEach(n.putArray("display")::add);
        res.status(PRECONDITION_REQUIRED).header(HeaderNames.CONTENT_TYPE, "application/json").send(Json.write(n));
    }

    static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
