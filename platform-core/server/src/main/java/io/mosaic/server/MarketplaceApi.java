package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.mosaic.identity.Principal;
import io.mosaic.keycloak.phototan.OperationDetails;
import io.mosaic.marketplace.MarketplaceService;
import io.mosaic.marketplace.catalog.Catalog;
import io.mosaic.marketplace.catalog.CatalogException;
import io.mosaic.marketplace.catalog.Installability;
import io.mosaic.marketplace.catalog.Submission;
import io.mosaic.marketplace.metering.ComplexityMeter;
import io.mosaic.marketplace.metering.ComplexityWeights;
import io.mosaic.marketplace.metering.Money;
import io.mosaic.marketplace.packaging.JournalPublisherRegistry;
import io.mosaic.marketplace.packaging.PackageVerifier;
import io.mosaic.marketplace.packaging.PublisherKeys;
import io.mosaic.runtime.InstalledPlugin;
import io.mosaic.runtime.MosaicPlatform;
import io.mosaic.runtime.TenantRuntime;
import io.mosaic.runtime.host.ManifestReader;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The marketplace over HTTP (docs/marketplace.md): publishers submit signed packages, the operator reviews, a tenant
 * administrator installs an approved version with consent to its scopes.
 * <p>
 * With identity, the install is an operation of high value (dynamic linking, docs/identity.md): it needs the bearer
 * token of a tenant administrator of the tenant's realm and a photoTAN. The first call (without {@code challengeId}
 * and {@code tan}) answers 428 with {@code {challengeId, image, details, expiresAt}}: the image (a data URI of the
 * PNG mosaic) is sealed to the administrator's enrolled device, which shows the details and derives the TAN. The
 * confirming call repeats the body with {@code challengeId} and {@code tan}; the TAN is checked against the details
 * of that very call (tenant, app, version, consented scopes), so a TAN for another app or other scopes is refused
 * (403), and a TAN works once ({@link HighValueConfirmation}). It is also served on the TLS listener.
 *
 * <pre>
 * POST /admin/marketplace/publishers                      {name, certificatePem}
 * GET  /admin/marketplace/publishers
 * POST /admin/marketplace/submissions                     {jar, signature, pricePerUnit?}   (paths on this host)
 * GET  /admin/marketplace/review
 * POST /admin/marketplace/apps/{app}/versions/{version}/approve   {note}
 * POST /admin/marketplace/apps/{app}/versions/{version}/reject    {reason}
 * PUT  /admin/marketplace/apps/{app}/versions/{version}/offer     {tenants: [..]}
 * GET  /admin/marketplace/apps/{app}/versions
 * GET  /admin/tenants/{tenant}/marketplace/available
 * GET  /admin/tenants/{tenant}/marketplace/apps/{app}/versions/{version}/consent
 * POST /admin/tenants/{tenant}/marketplace/install        {app, version, consent: [scopes], challengeId?, tan?}
 * GET  /admin/tenants/{tenant}/statements/{yyyy-mm}
 * </pre>
 */
final class MarketplaceApi implements HttpService {
    private final MosaicPlatform platform;
    private final MarketplaceService marketplace;
    private final HighValueConfirmation confirmation;

    MarketplaceApi(MosaicPlatform platform, Path store, Clock clock) {
        this(platform, store, clock, null);
    }

    /** @param identity null: no logins (installs without token and photoTAN, loopback only) */
    MarketplaceApi(MosaicPlatform platform, Path store, Clock clock, Identity identity) {
        this.platform = platform;
        this.confirmation = new HighValueConfirmation(identity);
        // publishers and their certificates are event-sourced in the journal's platform space, like the catalog
        JournalPublisherRegistry publishers = new JournalPublisherRegistry(platform.journal(), clock);
        ManifestReader manifests = new ManifestReader();
        Catalog catalog = new Catalog(platform.journal(), new PackageVerifier(publishers, manifests::read, clock), store, clock);
        this.marketplace = new MarketplaceService(publishers, catalog, new ComplexityMeter(ComplexityWeights.standard()),
                tenant -> Money.of("0.50", "CHF"));
    }

    /** The marketplace behind the routes (the metering projection feeds its meter). */
    MarketplaceService service() {
        return marketplace;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/marketplace/publishers", this::registerPublisher)
                .get("/marketplace/publishers", (req, res) -> json(res, marketplace.publishers()))
                .post("/marketplace/submissions", this::submit)
                .get("/marketplace/review", (req, res) -> json(res, marketplace.reviewQueue()))
                .post("/marketplace/apps/{app}/versions/{version}/approve", this::approve)
                .post("/marketplace/apps/{app}/versions/{version}/reject", this::reject)
                .put("/marketplace/apps/{app}/versions/{version}/offer", this::offer)
                .get("/marketplace/apps/{app}/versions", (req, res) -> json(res, marketplace.versions(param(req, "app"))))
                .get("/tenants/{tenant}/marketplace/available", (req, res) -> json(res, marketplace.availableTo(tenant(req).tenant())))
                .get("/tenants/{tenant}/marketplace/apps/{app}/versions/{version}/consent", this::consent)
                .post("/tenants/{tenant}/marketplace/install", this::install)
                .get("/tenants/{tenant}/statements/{month}", this::statement);
    }

    private static String param(ServerRequest req, String name) {
        return req.path().pathParameters().get(name);
    }

    private TenantRuntime tenant(ServerRequest req) {
        String id = param(req, "tenant");
        return platform.tenant(id).orElseThrow(() -> new NotFound("no tenant '" + id + "'"));
    }

    private static void json(ServerResponse res, Object body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send(Json.write(body));
    }

    private static String field(ObjectNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.asText().isBlank()) {
            throw new BadRequest("field '" + name + "' is missing");
        }
        return n.asText();
    }

    private void registerPublisher(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object(req.content().as(byte[].class));
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(field(body, "certificatePem").getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.cert.CertificateException e) {
            throw new BadRequest("field 'certificatePem' is not an X.509 certificate in PEM: " + e.getMessage());
        }
        marketplace.registerPublisher(field(body, "name"), certificate);
        res.status(Status.CREATED_201).send();
    }

    private void submit(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object(req.content().as(byte[].class));
        Path jar = existing(body, "jar");
        Path signature = existing(body, "signature");
        Submission submission = body.hasNonNull("pricePerUnit")
                ? marketplace.submit(jar, signature, Money.parse(body.get("pricePerUnit").asText()))
                : marketplace.submit(jar, signature);
        switch (submission) {
            case Submission.Accepted a -> {
                res.status(Status.CREATED_201);
                json(res, a);
            }
            case Submission.Refused r -> {
                res.status(Status.create(422, "Unprocessable Content"));
                json(res, r);
            }
        }
    }

    private static Path existing(ObjectNode body, String name) {
        Path p = Path.of(field(body, name));
        if (!Files.isRegularFile(p)) {
            throw new BadRequest("field '" + name + "': no file at " + p);
        }
        return p;
    }

    private void approve(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object(req.content().as(byte[].class));
        json(res, catalog(() -> marketplace.approve(param(req, "app"), param(req, "version"), TenantService.subject(req),
                Optional.ofNullable(body.get("note")).map(JsonNode::asText).orElse(""))));
    }

    private void reject(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object(req.content().as(byte[].class));
        json(res, catalog(() -> marketplace.reject(param(req, "app"), param(req, "version"), TenantService.subject(req),
                field(body, "reason"))));
    }

    private void offer(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object(req.content().as(byte[].class));
        Set<String> tenants = new HashSet<>();
        JsonNode list = body.get("tenants");
        if (list == null || !list.isArray()) {
            throw new BadRequest("field 'tenants' must be a list of tenant ids");
        }
        list.forEach(t -> tenants.add(t.asText()));
        json(res, catalog(() -> marketplace.offer(param(req, "app"), param(req, "version"), tenants)));
    }

    private void consent(ServerRequest req, ServerResponse res) {
        Installability i = marketplace.installable(tenant(req).tenant(), param(req, "app"), param(req, "version"));
        switch (i) {
            case Installability.Installable ok -> {
                ObjectNode n = Json.obj().put("app", ok.version().app()).put("version", ok.version().version())
                        .put("publisher", ok.version().publisher());
                ArrayNode scopes = n.putArray("scopes");
                ok.manifest().scopes().forEach(s -> scopes.addObject().put("scope", s.scope()).put("reason", s.reason()));
                ok.manifest().consumes().forEach(n.putArray("consumes")::add);
                ok.manifest().publishes().forEach(n.putArray("publishes")::add);
                json(res, n);
            }
            case Installability.NotInstallable no -> {
                res.status(Status.CONFLICT_409);
                json(res, no.refusal());
            }
        }
    }

    void install(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        Optional<Principal> admin = confirmation.tenantAdmin(tenant.tenant(), req, "installing an app");
        ObjectNode body = Json.object(req.content().as(byte[].class));
        String app = field(body, "app");
        String version = field(body, "version");
        Set<String> consent = new HashSet<>();
        Optional.ofNullable(body.get("consent")).ifPresent(c -> c.forEach(s -> consent.add(s.asText())));
        // a marketplace app runs in a process of its own unless the bank says "isolation": "in-process" (trusted code);
        // where it runs is part of what the administrator confirms (docs/security.md, "Untrusted apps out of process")
        String requested = body.path("isolation").asText("process");
        if (!requested.equals("process") && !requested.equals("in-process")) {
            throw new BadRequest("field 'isolation': '" + requested + "' is neither 'process' (the default) nor 'in-process'");
        }
        io.mosaic.runtime.Isolation isolation = requested.equals("process")
                ? io.mosaic.runtime.Isolation.PROCESS : io.mosaic.runtime.Isolation.IN_PROCESS;
        Installability i = marketplace.installable(tenant.tenant(), app, version);
        // no challenge for what cannot be installed; a TAN given is checked (and used up) first
        HighValueConfirmation.Answer answer = HighValueConfirmation.Answer.of(body);
        if ((answer.given() || i instanceof Installability.Installable)
                && !confirmation.confirmed(admin, answer, OperationDetails.installApp(tenant.tenant(), app, version,
                consent.stream().sorted().toList(), isolation == io.mosaic.runtime.Isolation.PROCESS), res)) {
            return;
        }
        switch (i) {
            case Installability.Installable ok -> {
                InstalledPlugin installed = tenant.install(ok.jar(), consent, isolation);
                marketplace.recordInstalled(tenant.tenant(), app, version);
                res.status(Status.CREATED_201);
                json(res, Json.obj().put("app", app).put("version", installed.manifest().plugin().version())
                        .put("granted", String.join(",", installed.grants()))
                        .put("isolation", isolation == io.mosaic.runtime.Isolation.PROCESS ? "process" : "in-process"));
            }
            case Installability.NotInstallable no -> {
                res.status(Status.CONFLICT_409);
                json(res, no.refusal());
            }
        }
    }

    private void statement(ServerRequest req, ServerResponse res) {
        YearMonth month;
        try {
            month = YearMonth.parse(param(req, "month"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequest("month must be yyyy-mm, was '" + param(req, "month") + "'");
        }
        json(res, marketplace.statement(tenant(req).tenant(), month));
    }

    private static <T> T catalog(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (CatalogException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> new NotFound(e.getMessage());
                case CONFLICT -> new Conflict(e.getMessage());
                case INVALID -> new BadRequest(e.getMessage());
            };
        }
    }

    /** For tests and tools: a publisher's PEM certificate. */
    static String pem(PublisherKeys keys) {
        return PublisherKeys.certificatePem(keys.certificate());
    }
}
