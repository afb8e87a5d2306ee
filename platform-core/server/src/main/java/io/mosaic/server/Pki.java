package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.mosaic.hsm.PlatformCa;
import io.mosaic.identity.keycloak.LocalCa;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The platform CA's public face and its revocation list.
 *
 * <pre>
 * GET  /pki/platform-ca.crl          the CRL (DER, application/pkix-crl), signed anew on each request; both listeners
 * GET  /pki/platform-ca.pem          the CA certificate (PEM); both listeners
 * GET  /admin/pki/revocations        (loopback) every revocation: serial (hex), revokedAt, reason
 * POST /admin/pki/revocations[?note=…]  (loopback) body {"serial": "hex", "reason": "keyCompromise"}: revoke a
 *                                    certificate; 201 with the record, 200 with the first record if revoked before;
 *                                    the note goes to the server log with the revocation
 * </pre>
 * A revoked certificate is refused by the TLS API at once ({@link Identity#authenticate}) and by Keycloak's
 * certificate step once its cached CRL expires (at most {@code KeycloakLauncher.CRL_CACHE_TIME}).
 */
final class Pki {
    static final String CRL_PATH = "/pki/platform-ca.crl";
    /** RFC 5280 CRLReason names by code (7 is unused). */
    private static final List<String> REASONS = List.of("unspecified", "keyCompromise", "cACompromise",
            "affiliationChanged", "superseded", "cessationOfOperation", "certificateHold", "", "removeFromCRL",
            "privilegeWithdrawn", "aACompromise");
    private static final Logger LOG = Logger.getLogger(Pki.class.getName());

    private final CertificateAuthority ca;

    Pki(CertificateAuthority ca) {
        this.ca = ca;
    }

    /** The public routes; with {@code operator} also the revocation routes (the loopback listener only). */
    void routes(io.helidon.webserver.http.HttpRules r, boolean operator) {
        r.get(CRL_PATH, this::crl).get("/pki/platform-ca.pem", this::certificate);
        if (operator) {
            r.get("/admin/pki/revocations", this::list).post("/admin/pki/revocations", this::revoke);
        }
    }

    private void crl(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/pkix-crl").header(HeaderNames.CACHE_CONTROL, "no-store")
                .send(ca.crl());
    }

    private void certificate(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/x-pem-file")
                .send(LocalCa.pem(ca.certificate()).getBytes(StandardCharsets.US_ASCII));
    }

    private void list(ServerRequest req, ServerResponse res) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        ca.revocations().stream().sorted(Comparator.comparing(PlatformCa.Revocation::revokedAt))
                .forEach(r -> list.add(json(r)));
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send(Json.write(list));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        JsonNode body = Json.object(req.content().as(byte[].class));
        BigInteger serial = serial(body.path("serial"));
        int reason = reason(body.path("reason"));
        boolean before = ca.revocation(serial).isPresent();
        PlatformCa.Revocation revocation = ca.revoke(serial, reason);
        if (!before) {
            LOG.warning("revoked certificate " + serial.toString(16) + " of the " + ca.describe() + " ("
                    + REASONS.get(revocation.reason()) + ")" + req.query().first("note").map(n -> ": " + n).orElse(""));
        }
        res.status(before ? Status.OK_200 : Status.CREATED_201).header(HeaderNames.CONTENT_TYPE, "application/json")
                .send(Json.write(json(revocation)));
    }

    private static ObjectNode json(PlatformCa.Revocation r) {
        return Json.obj().put("serial", r.serial().toString(16)).put("revokedAt", r.revokedAt().toString())
                .put("reason", REASONS.get(r.reason()));
    }

    private static BigInteger serial(JsonNode node) {
        String text = node.asText("").strip().replace(":", "").toLowerCase(Locale.ROOT);
        if (text.startsWith("0x")) {
            text = text.substring(2);
        }
        if (!text.matches("[0-9a-f]{1,40}")) {
            throw new BadRequest("'serial' must be the certificate's serial number in hex (up to 40 digits), was '"
                    + node.asText("") + "'");
        }
        BigInteger serial = new BigInteger(text, 16);
        if (serial.signum() == 0) {
            throw new BadRequest("'serial' must not be 0");
        }
        return serial;
    }

    private static int reason(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        String name = node.asText("");
        for (int code = 0; code < REASONS.size(); code++) {
            if (!REASONS.get(code).isEmpty() && REASONS.get(code).equalsIgnoreCase(name)) {
                return code;
            }
        }
        throw new BadRequest("'reason' must be one of " + REASONS.stream().filter(n -> !n.isEmpty()).toList()
                + " (RFC 5280), was '" + name + "'");
    }
}
