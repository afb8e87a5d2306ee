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
import io.mosaic.runtime.AuditRecord;
import io.mosaic.runtime.InstalledPlugin;
import io.mosaic.runtime.MosaicPlatform;
import io.mosaic.runtime.TenantRuntime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The platform operator's and tenant administrator's API: all of it on the loopback listener; with identity, a tenant's
 * own administration also on the TLS listener for its tenant administrators ({@link #tenantAdminRouting}), and the
 * three confirmed operations below.
 *
 * <pre>
 * GET    /admin/tenants
 * POST   /admin/tenants                   body: a tenant descriptor (YAML); provisions it in one resumable step
 * DELETE /admin/tenants/{tenant}          stops it and shreds its keys (its data becomes unreadable)
 * GET    /admin/tenants/{tenant}/plugins
 * POST   /admin/tenants/{tenant}/plugins          body {"jar": "/path/to/plugin.jar", "grants": ["scope", …]}
 * PUT    /admin/tenants/{tenant}/plugins/{id}     body as for POST: replace by another version while messages flow
 * POST   /admin/tenants/{tenant}/plugins/{id}/rollback        back to the version before the last update
 * GET    /admin/tenants/{tenant}/plugins/{id}/dead-letters    what the plugin's subscription gave up on
 * POST   /admin/tenants/{tenant}/plugins/{id}/dead-letters/{envelopeId}/replay   deliver it again after a fix
 * POST   /admin/tenants/{tenant}/plugins/{id}/pause | /resume
 * DELETE /admin/tenants/{tenant}/plugins/{id}[?removeAfter=P30D]   uninstall; for an app with removeAfter: tell it,
 *                                                                    shred its data after the grace period
 * DELETE /admin/tenants/{tenant}/entities/{entity}?reason=…          forget a business entity (crypto-shredding)
 * POST   /admin/tenants/{tenant}/plugins/{id}/grants/{scope}    consent to a requested scope
 * DELETE /admin/tenants/{tenant}/plugins/{id}/grants/{scope}    revoke it (effective for the next message)
 * GET    /admin/tenants/{tenant}/plugins/{id}/policy            the rule set in force (summary)
 * PUT    /admin/tenants/{tenant}/plugins/{id}/policy            body: policy.yaml text; refused whole if broken
 * GET    /admin/tenants/{tenant}/audit?limit=100
 * GET    /admin/tenants/{tenant}/audit/verify
 * GET    /admin/tenants/{tenant}/subjects/{id}                   roles, own owners, assigned clients, shares the rules see
 * PUT    /admin/tenants/{tenant}/subjects/{id}/roles             body {"roles": ["advisor", …]}
 * PUT    /admin/tenants/{tenant}/subjects/{client}/owners/{owner}       bind an owner (party) to a client as its own
 * DELETE /admin/tenants/{tenant}/subjects/{client}/owners/{owner}       end the binding
 * PUT    /admin/tenants/{tenant}/subjects/{advisor}/clients/{client}    assign a client to an advisor
 * DELETE /admin/tenants/{tenant}/subjects/{advisor}/clients/{client}    end it (effective for the next message)
 * PUT    /admin/tenants/{tenant}/subjects/{client}/shares/{member}      a client shares with a family member
 * DELETE /admin/tenants/{tenant}/subjects/{client}/shares/{member}      stop sharing
 * </pre>
 * Changes take {@code ?reason=…}; every change is audited.
 * <p>
 * With identity, three of them are operations of high value (dynamic linking, docs/identity.md,
 * {@link HighValueConfirmation}): consenting to an app's scope ({@code POST …/grants/{scope}}, details
 * {@code app.grant}), assigning a client to an advisor ({@code PUT …/subjects/{advisor}/clients/{client}},
 * {@code OperationDetails.grantAdvisorAccess}) and forgetting an entity ({@code DELETE …/entities/{entity}},
 * {@code OperationDetails.destroyKeys}) need the bearer token of a tenant administrator of the tenant's realm and a
 * photoTAN: the first call answers 428 with a challenge, the confirming call repeats the request with the headers
 * {@code X-Mosaic-Challenge-Id} and {@code X-Mosaic-Tan}. The actor in the audit trail is then the token's subject.
 * These three are also served on the TLS listener. With identity, also
 * <pre>
 * POST   /admin/dev/tenants/{tenant}/users/{user}/activation-letter   (demo) a new photoTAN activation letter:
 *                                                                      {realm, user, image: data URI of the mosaic}
 * GET    /admin/dev/tenants/{tenant}/users/{user}/certificate          (demo) the client certificate the server holds
 *                                                                      for a demo API user: PEM of certificate, CA and key
 * </pre>
 */
final class AdminService implements HttpService {
    private final boolean devRoutes;
    private final MosaicPlatform platform;
    private final Provisioning provisioning;
    private final Identity identity;
    private final HighValueConfirmation confirmation;

    AdminService(MosaicPlatform platform, Provisioning provisioning) {
        this(platform, provisioning, null, false);
    }

    /**
     * @param identity  null: no logins (grants, assignments and forgetting without token and photoTAN, loopback only)
     * @param devRoutes the demo's development routes under {@code /admin/dev} (with identity and {@code --demo} only)
     */
    AdminService(MosaicPlatform platform, Provisioning provisioning, Identity identity, boolean devRoutes) {
        this.devRoutes = devRoutes;
        this.identity = identity;
        this.confirmation = new HighValueConfirmation(identity);
        this.platform = platform;
        this.provisioning = provisioning;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/tenants", this::tenants)
                .post("/tenants", this::createTenant)
                .delete("/tenants/{tenant}", this::deleteTenant)
                .get("/tenants/{tenant}/plugins", this::plugins)
                .post("/tenants/{tenant}/plugins", this::install)
                .put("/tenants/{tenant}/plugins/{id}", this::update)
                .post("/tenants/{tenant}/plugins/{id}/rollback", this::rollback)
                .get("/tenants/{tenant}/plugins/{id}/dead-letters", this::deadLetters)
                .post("/tenants/{tenant}/plugins/{id}/dead-letters/{envelopeId}/replay", this::replay)
                .post("/tenants/{tenant}/plugins/{id}/pause", this::pause)
                .post("/tenants/{tenant}/plugins/{id}/resume", this::resume)
                .delete("/tenants/{tenant}/plugins/{id}", this::uninstall)
                .delete("/tenants/{tenant}/entities/{entity}", this::forget)
                .post("/tenants/{tenant}/plugins/{id}/grants/{scope}", this::grant)
                .delete("/tenants/{tenant}/plugins/{id}/grants/{scope}", this::revoke)
                .get("/tenants/{tenant}/plugins/{id}/policy", this::policy)
                .put("/tenants/{tenant}/plugins/{id}/policy", this::replacePolicy)
                .get("/tenants/{tenant}/audit", this::audit)
                .get("/tenants/{tenant}/audit/verify", this::verify)
                .get("/tenants/{tenant}/subjects/{id}", this::subject)
                .put("/tenants/{tenant}/subjects/{id}/roles", this::roles)
                .put("/tenants/{tenant}/subjects/{id}/owners/{owner}", this::bindOwner)
                .delete("/tenants/{tenant}/subjects/{id}/owners/{owner}", this::unbindOwner)
                .put("/tenants/{tenant}/subjects/{id}/clients/{client}", this::assign)
                .delete("/tenants/{tenant}/subjects/{id}/clients/{client}", this::unassign)
                .put("/tenants/{tenant}/subjects/{id}/shares/{member}", this::share)
                .delete("/tenants/{tenant}/subjects/{id}/shares/{member}", this::unshare);
        if (identity != null && devRoutes) {
            rules.post("/dev/tenants/{tenant}/users/{user}/activation-letter", this::activationLetter)
                    .get("/dev/tenants/{tenant}/users/{user}/certificate", this::heldCertificate);
        }
    }

    private TenantRuntime tenant(ServerRequest req) {
        String id = req.path().pathParameters().get("tenant");
        return platform.tenant(id).orElseThrow(() -> new NotFound("no tenant '" + id + "'"));
    }

    private static void json(ServerResponse res, Object body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send(Json.write(body));
    }

    private void tenants(ServerRequest req, ServerResponse res) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        platform.tenants().forEach((id, runtime) -> list.addObject().put("id", id).put("plugins", runtime.installed().size()));
        json(res, list);
    }

    private void createTenant(ServerRequest req, ServerResponse res) throws java.io.IOException {
        byte[] yaml = req.content().as(byte[].class);
        Path dir = Files.createTempDirectory("mosaic-descriptor");
        Path file = dir.resolve("descriptor.yaml");
        io.mosaic.tenant.TenantDescriptor descriptor;
        try {
            Files.write(file, yaml);
            descriptor = io.mosaic.tenant.TenantDescriptors.load(file);
        } catch (io.mosaic.tenant.TenantConfigException e) {
            throw new BadRequest(e.getMessage());
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
        var report = provisioning.plan().create(descriptor, MosaicServer.progress());
        res.status(report.complete() ? Status.CREATED_201 : Status.INTERNAL_SERVER_ERROR_500);
        json(res, report);
    }

    private void deleteTenant(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("tenant");
        var report = provisioning.plan().delete(id, MosaicServer.progress());
        res.status(report.complete() ? Status.OK_200 : Status.INTERNAL_SERVER_ERROR_500);
        json(res, report);
    }

    private void plugins(ServerRequest req, ServerResponse res) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (InstalledPlugin p : tenant(req).installed()) {
            list.add(describe(p));
        }
        json(res, list);
    }

    private static ObjectNode describe(InstalledPlugin p) {
        ObjectNode n = Json.obj().put("id", p.manifest().plugin().id()).put("version", p.manifest().plugin().version())
                .put("kind", p.manifest().kind().name().toLowerCase()).put("domain", p.manifest().domain())
                .put("publisher", p.manifest().publisher()).put("installedAt", p.installedAt().toString())
                .put("ruleSetVersion", p.ruleSetVersion()).put("receiving", p.receiving());
        p.manifest().consumes().forEach(n.putArray("consumes")::add);
        p.manifest().publishes().forEach(n.putArray("publishes")::add);
        ArrayNode scopes = n.putArray("scopes");
        p.manifest().scopes().forEach(s -> scopes.addObject().put("scope", s.scope()).put("reason", s.reason())
                .put("granted", p.grants().contains(s.scope())));
        return n;
    }

    private record InstallRequest(Path jar, Set<String> grants) {
    }

    private InstallRequest installRequest(ServerRequest req) {
        ObjectNode body = Json.object(req.content().as(byte[].class));
        String jar = Optional.ofNullable(body.get("jar")).map(JsonNode::asText)
                .orElseThrow(() -> new BadRequest("field 'jar' (path of the plugin jar) is missing"));
        Path path = Path.of(jar);
        if (!Files.isRegularFile(path)) {
            throw new BadRequest("field 'jar': no file at " + jar);
        }
        if (!provisioning.catalog().holds(path)) {
            throw new BadRequest("field 'jar': " + jar + " is not in the server's plugin catalog (its --plugins folders);"
                    + " install a marketplace app through the marketplace");
        }
        Set<String> grants = new HashSet<>();
        JsonNode g = body.get("grants");
        if (g != null) {
            if (!g.isArray()) {
                throw new BadRequest("field 'grants' must be a list of scopes");
            }
            g.forEach(s -> grants.add(s.asText()));
        }
        return new InstallRequest(path, grants);
    }

    private void install(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        InstallRequest r = installRequest(req);
        InstalledPlugin installed = tenant.install(r.jar(), r.grants());
        res.status(Status.CREATED_201);
        json(res, describe(installed));
    }

    private void update(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        InstallRequest r = installRequest(req);
        json(res, describe(tenant.update(req.path().pathParameters().get("id"), r.jar(), r.grants())));
    }

    /**
     * Who acts: on the TLS listener the tenant administrator whose token the request carried (never a header); on the
     * loopback operator listener the {@code X-Mosaic-Subject} header, else "anonymous".
     */
    private static String actor(ServerRequest req) {
        return req.context().get(RemoteAdmin.class).map(a -> a.principal().subject())
                .orElseGet(() -> TenantService.subject(req));
    }

    /**
     * The bank's console in the portal app: the tenant's audit trail with its chain check, its plugins and their dead
     * letters with replay, under {@code /api/tenants/{tenant}/admin/...} on both listeners, for the signed-in tenant
     * administrator (the bearer token, or the portal session with its CSRF token for a replay) — the same person the
     * portal already knows, without the operator's token. Each call is audited as {@code console} with the caller.
     *
     * @param signedIn who the request is authenticated as (empty without identity: then the subject header, whose
     *                 roles in the subject directory must include the tenant administrator's)
     */
    void consoleRouting(HttpRules r, java.util.function.BiFunction<TenantRuntime, ServerRequest,
            Optional<io.mosaic.identity.Principal>> signedIn) {
        String t = "/{tenant}/admin";
        r.get(t + "/audit", asConsoleAdmin(this::audit, signedIn))
                .get(t + "/audit/verify", asConsoleAdmin(this::verify, signedIn))
                .get(t + "/plugins", asConsoleAdmin(this::plugins, signedIn))
                .get(t + "/plugins/{id}/dead-letters", asConsoleAdmin(this::deadLetters, signedIn))
                .post(t + "/plugins/{id}/dead-letters/{envelopeId}/replay", asConsoleAdmin(this::replay, signedIn));
    }

    private io.helidon.webserver.http.Handler asConsoleAdmin(io.helidon.webserver.http.Handler handler,
            java.util.function.BiFunction<TenantRuntime, ServerRequest, Optional<io.mosaic.identity.Principal>> signedIn) {
        return (req, res) -> {
            TenantRuntime tenant = tenant(req);
            Optional<io.mosaic.identity.Principal> p = signedIn.apply(tenant, req);
            String subject = p.map(io.mosaic.identity.Principal::subject).orElseGet(() -> TenantService.subject(req));
            boolean admin = p.map(x -> x.hasRole(io.mosaic.identity.Role.TENANT_ADMIN)).orElseGet(() -> tenant.subjects()
                    .find(subject).map(s -> s.roles().contains(io.mosaic.identity.Role.TENANT_ADMIN.realmRole()))
                    .orElse(false));
            String call = req.prologue().method().text() + " " + req.path().path();
            if (!admin) {
                tenant.audit().record(tenant.tenant(), "console", subject, "", call, "", "builtin:console",
                        "refused: not a tenant administrator");
                throw new Forbidden("the bank's console needs the role " + io.mosaic.identity.Role.TENANT_ADMIN.realmRole());
            }
            p.ifPresent(x -> req.context().register(new RemoteAdmin(x)));
            handler.handle(req, res);
            if (!req.prologue().method().equals(io.helidon.http.Method.GET)) {
                tenant.audit().record(tenant.tenant(), "console", subject, "", call, "", "", "answered " + res.status().code());
            }
        };
    }

    /** The tenant administrator a request over TLS was authenticated as. */
    private record RemoteAdmin(io.mosaic.identity.Principal principal) {
    }

    /**
     * Tenant administration on the public TLS listener (with identity): these routes of one tenant, each needing the
     * bearer token of a tenant administrator of that tenant's realm (401 without or with another tenant's token, 403
     * without the role); the token's subject is the actor of whatever the call changes, and each call is audited as
     * {@code remote-admin} with method, path and answer. Installing or updating from a jar path on the server stays
     * with the operator on loopback (remote administrators install through the marketplace), and so do the
     * platform-wide routes (the tenant list, provisioning, deleting a tenant). The three confirmed operations are
     * registered by the server with their photoTAN.
     */
    void tenantAdminRouting(HttpRules r) {
        String t = "/admin/tenants/{tenant}";
        r.get(t + "/plugins", asTenantAdmin(this::plugins))
                .post(t + "/plugins/{id}/rollback", asTenantAdmin(this::rollback))
                .get(t + "/plugins/{id}/dead-letters", asTenantAdmin(this::deadLetters))
                .post(t + "/plugins/{id}/dead-letters/{envelopeId}/replay", asTenantAdmin(this::replay))
                .post(t + "/plugins/{id}/pause", asTenantAdmin(this::pause))
                .post(t + "/plugins/{id}/resume", asTenantAdmin(this::resume))
                .delete(t + "/plugins/{id}", asTenantAdmin(this::uninstall))
                .delete(t + "/plugins/{id}/grants/{scope}", asTenantAdmin(this::revoke))
                .get(t + "/plugins/{id}/policy", asTenantAdmin(this::policy))
                .put(t + "/plugins/{id}/policy", asTenantAdmin(this::replacePolicy))
                .get(t + "/audit", asTenantAdmin(this::audit))
                .get(t + "/audit/verify", asTenantAdmin(this::verify))
                .get(t + "/subjects/{id}", asTenantAdmin(this::subject))
                .put(t + "/subjects/{id}/roles", asTenantAdmin(this::roles))
                .put(t + "/subjects/{id}/owners/{owner}", this::bindOwner)
                .delete(t + "/subjects/{id}/owners/{owner}", asTenantAdmin(this::unbindOwner))
                .delete(t + "/subjects/{id}/clients/{client}", asTenantAdmin(this::unassign))
                .put(t + "/subjects/{id}/shares/{member}", asTenantAdmin(this::share))
                .delete(t + "/subjects/{id}/shares/{member}", asTenantAdmin(this::unshare));
    }

    private io.helidon.webserver.http.Handler asTenantAdmin(io.helidon.webserver.http.Handler handler) {
        return (req, res) -> {
            TenantRuntime tenant = tenant(req);
            Optional<io.mosaic.identity.Principal> admin = confirmation.tenantAdmin(tenant.tenant(), req,
                    "administering tenant " + tenant.tenant());
            if (admin.isEmpty()) {
                throw new Forbidden("tenant administration over TLS needs identity");
            }
            req.context().register(new RemoteAdmin(admin.get()));
            String call = req.prologue().method().text() + " " + req.path().path();
            try {
                handler.handle(req, res);
            } catch (Exception | Error e) {
                tenant.audit().record(tenant.tenant(), "remote-admin", admin.get().subject(), "", call, "", "",
                        "failed: " + e.getMessage());
                throw e;
            }
            tenant.audit().record(tenant.tenant(), "remote-admin", admin.get().subject(), "", call, "", "",
                    "answered " + res.status().code());
        };
    }

    /** Consent to a scope an installed plugin asks for; with identity confirmed with a photoTAN ({@code app.grant}). */
    void grant(ServerRequest req, ServerResponse res) {
        var p = req.path().pathParameters();
        TenantRuntime tenant = tenant(req);
        Optional<io.mosaic.identity.Principal> admin = confirmation.tenantAdmin(tenant.tenant(), req, "consenting to a scope");
        String plugin = p.get("id");
        String scope = p.get("scope");
        if (admin.isPresent()) { // no challenge for what cannot be granted
            InstalledPlugin installed = tenant.installed().stream().filter(i -> i.manifest().plugin().id().equals(plugin))
                    .findFirst().orElseThrow(() -> new NotFound("no plugin '" + plugin + "' in tenant " + tenant.tenant()));
            if (installed.manifest().scopes().stream().noneMatch(s -> s.scope().equals(scope))) {
                throw new BadRequest("plugin '" + plugin + "' does not ask for scope '" + scope + "'");
            }
        }
        if (!confirmation.confirmed(admin, HighValueConfirmation.Answer.of(req),
                io.mosaic.keycloak.phototan.OperationDetails.of("app.grant", "tenant", tenant.tenant(), "app", plugin,
                        "scope", scope), res)) {
            return;
        }
        tenant.grant(plugin, scope, actor(req, admin), req.query().first("reason").orElse("consent by administrator"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        var p = req.path().pathParameters();
        tenant(req).revoke(p.get("id"), p.get("scope"), actor(req), req.query().first("reason").orElse("revoked by administrator"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void subject(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        io.mosaic.runtime.SubjectDirectory.Subject s = tenant(req).subjects().find(id)
                .orElseThrow(() -> new NotFound("subject '" + id + "' is not in the subject directory"));
        ObjectNode n = Json.obj().put("id", s.id());
        s.roles().stream().sorted().forEach(n.putArray("roles")::add);
        s.owners().stream().sorted().forEach(n.putArray("owners")::add);
        s.clients().stream().sorted().forEach(n.putArray("clients")::add);
        s.shared().stream().sorted().forEach(n.putArray("shared")::add);
        res.header(HeaderNames.CONTENT_TYPE, "application/json").send(Json.write(n));
    }

    /** A person's roles; over TLS confirmed with the administrator's photoTAN ({@code subject.roles}). */
    private void roles(ServerRequest req, ServerResponse res) {
        JsonNode roles = Json.object(req.content().as(byte[].class)).path("roles");
        if (!roles.isArray()) {
            throw new BadRequest("body must be {\"roles\": [\"advisor\", …]}");
        }
        Set<String> set = new java.util.TreeSet<>();
        roles.forEach(r -> set.add(r.asText()));
        TenantRuntime tenant = tenant(req);
        String id = req.path().pathParameters().get("id");
        if (!confirmedRemotely(req, res, io.mosaic.keycloak.phototan.OperationDetails.of("subject.roles", "tenant",
                tenant.tenant(), "subject", id, "roles", set.isEmpty() ? "(none)" : String.join(", ", set)))) {
            return;
        }
        tenant.subjects().recordRoles(id, set, actor(req), reason(req, "set by administrator"));
        res.status(Status.NO_CONTENT_204).send();
    }

    /**
     * Who sees what changes with roles, owners, assignments, shares and rule sets: a tenant administrator over TLS
     * confirms each such change with a photoTAN showing exactly what changes. The operator on loopback holds the
     * operator token instead ({@link OperatorGuard}). False when a challenge was sent (428).
     */
    private boolean confirmedRemotely(ServerRequest req, ServerResponse res,
                                      io.mosaic.keycloak.phototan.OperationDetails details) {
        Optional<RemoteAdmin> remote = req.context().get(RemoteAdmin.class);
        return remote.isEmpty() || confirmation.confirmed(Optional.of(remote.get().principal()),
                HighValueConfirmation.Answer.of(req), details, res);
    }

    /** Grants an advisor access to a client's data; with identity confirmed with a photoTAN ({@code advisor.grant}). */
    void assign(ServerRequest req, ServerResponse res) {
        var p = req.path().pathParameters();
        TenantRuntime tenant = tenant(req);
        Optional<io.mosaic.identity.Principal> admin = confirmation.tenantAdmin(tenant.tenant(), req,
                "granting an advisor access to a client");
        if (!confirmation.confirmed(admin, HighValueConfirmation.Answer.of(req),
                io.mosaic.keycloak.phototan.OperationDetails.grantAdvisorAccess(tenant.tenant(), p.get("id"),
                        p.get("client"), ADVISOR_ACCESS), res)) {
            return;
        }
        tenant.subjects().assignClient(p.get("id"), p.get("client"), actor(req, admin), reason(req, "assigned by administrator"));
        res.status(Status.NO_CONTENT_204).send();
    }

    /**
     * Binds an owner to a client as part of the client's own structure: the client then sees and acts for that owner.
     * With identity, confirmed with a photoTAN ({@code client.bind-owner}) like an advisor assignment.
     */
    void bindOwner(ServerRequest req, ServerResponse res) {
        var p = req.path().pathParameters();
        TenantRuntime tenant = tenant(req);
        Optional<io.mosaic.identity.Principal> admin = confirmation.tenantAdmin(tenant.tenant(), req,
                "binding an owner to a client");
        if (!confirmation.confirmed(admin, HighValueConfirmation.Answer.of(req),
                io.mosaic.keycloak.phototan.OperationDetails.of("client.bind-owner", "tenant", tenant.tenant(),
                        "client", p.get("id"), "owner", p.get("owner")), res)) {
            return;
        }
        tenant.subjects().bindOwner(p.get("id"), p.get("owner"), actor(req, admin), reason(req, "bound by administrator"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void unbindOwner(ServerRequest req, ServerResponse res) {
        var p = req.path().pathParameters();
        tenant(req).subjects().unbindOwner(p.get("id"), p.get("owner"), actor(req), reason(req, "unbound by administrator"));
        res.status(Status.NO_CONTENT_204).send();
    }

    /** What an advisor assignment grants, as the device shows it (the gate's rules decide on the assignment). */
    static final String ADVISOR_ACCESS = "the client's data, as the tenant's rules allow advisors";

    /** The token's subject with identity, else the operator's header subject. */
    private static String actor(ServerRequest req, Optional<io.mosaic.identity.Principal> admin) {
        return admin.map(io.mosaic.identity.Principal::subject).orElseGet(() -> actor(req));
    }

    /**
     * Demo (identity only): issues a photoTAN activation letter for a user of the tenant's realm — the secret goes to
     * the user attribute {@code mosaic.phototan.activation-secret}, the letter (realm, user, secret) is returned as a
     * data URI of its PNG mosaic for the device (emulator) to scan; the device is enrolled at the user's next login.
     */
    private void activationLetter(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        String user = req.path().pathParameters().get("user");
        io.mosaic.keycloak.phototan.ActivationLetter letter = identity.issueActivationLetter(tenant.tenant(), user);
        res.status(Status.CREATED_201);
        json(res, Json.obj().put("realm", letter.realm()).put("user", letter.username())
                .put("image", HighValueConfirmation.dataUri(io.mosaic.keycloak.phototan.PhotoTanImage.mosaicPng(letter.toBytes()))));
    }

    /**
     * Demo (identity only, loopback): the client certificate of the platform CA that the server holds for a user it
     * created with one (the demo API user of a certificate tenant), with its private key, as PEM — what curl takes with
     * {@code --cert}. 404 for any other user: the server never holds the key of a real client.
     */
    private void heldCertificate(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        String user = req.path().pathParameters().get("user");
        var issued = identity.heldCertificate(tenant.tenant(), user).orElseThrow(() -> new NotFound(
                "the server holds no client certificate of '" + user + "' in tenant " + tenant.tenant()));
        res.header(HeaderNames.CONTENT_TYPE, "application/x-pem-file").send(io.mosaic.identity.keycloak.LocalCa
                .pem(issued.certificate(), issued.issuer(), pkcs8(issued.keyPair().getPrivate())).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The key as an unencrypted PKCS#8 PEM block ("PRIVATE KEY"), what curl and OpenSSL read. */
    private static org.bouncycastle.util.io.pem.PemObjectGenerator pkcs8(java.security.PrivateKey key) {
        try {
            return new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null);
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encode the private key as PKCS#8", e);
        }
    }

    private void unassign(ServerRequest req, ServerResponse res) {
        var p = req.path().pathParameters();
        tenant(req).subjects().unassignClient(p.get("id"), p.get("client"), actor(req), reason(req, "unassigned by administrator"));
        res.status(Status.NO_CONTENT_204).send();
    }

    /** A client shares with a family member; over TLS confirmed with a photoTAN ({@code data.share}). */
    private void share(ServerRequest req, ServerResponse res) {
        var p = req.path().pathParameters();
        if (!confirmedRemotely(req, res, io.mosaic.keycloak.phototan.OperationDetails.of("data.share", "tenant",
                tenant(req).tenant(), "client", p.get("id"), "member", p.get("member")))) {
            return;
        }
        tenant(req).subjects().share(p.get("id"), p.get("member"), actor(req), reason(req, "shared at the client's request"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void unshare(ServerRequest req, ServerResponse res) {
        var p = req.path().pathParameters();
        tenant(req).subjects().unshare(p.get("id"), p.get("member"), actor(req), reason(req, "unshared at the client's request"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private static String reason(ServerRequest req, String otherwise) {
        return req.query().first("reason").orElse(otherwise);
    }

    private void policy(ServerRequest req, ServerResponse res) {
        io.mosaic.policy.RuleSet rs = tenant(req).ruleSetOf(req.path().pathParameters().get("id"));
        ObjectNode n = Json.obj().put("domain", rs.domain()).put("version", rs.version()).put("source", rs.source());
        ArrayNode rules = n.putArray("rules");
        rs.rules().forEach(r -> {
            ObjectNode o = rules.addObject().put("id", r.id()).put("effect", r.effect().name().toLowerCase())
                    .put("when", r.condition().orElse("")).put("reason", r.reason());
            r.types().forEach(o.putArray("types")::add);
            r.senders().forEach(o.putArray("senders")::add);
        });
        json(res, n);
    }

    /**
     * Replaces a rule set; over TLS confirmed with a photoTAN ({@code ruleset.replace}) that names the plugin, the new
     * version and the SHA-256 of the exact text, so the TAN confirms this rule set and no other.
     */
    private void replacePolicy(ServerRequest req, ServerResponse res) {
        byte[] body = req.content().as(byte[].class);
        String yaml = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        String plugin = req.path().pathParameters().get("id");
        if (req.context().get(RemoteAdmin.class).isPresent()) {
            io.mosaic.policy.RuleSet proposed = io.mosaic.policy.RuleSets.parse(plugin + "/policy.yaml", yaml);
            String sha256;
            try {
                sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
            if (!confirmedRemotely(req, res, io.mosaic.keycloak.phototan.OperationDetails.of("ruleset.replace", "tenant",
                    tenant(req).tenant(), "plugin", plugin, "version", Integer.toString(proposed.version()),
                    "rules", Integer.toString(proposed.rules().size()), "sha256", sha256.substring(0, 16)))) {
                return;
            }
        }
        io.mosaic.policy.RuleSet rs = tenant(req).replaceRuleSet(req.path().pathParameters().get("id"), yaml, actor(req));
        json(res, Json.obj().put("domain", rs.domain()).put("version", rs.version()));
    }

    private void deadLetters(ServerRequest req, ServerResponse res) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        tenant(req).deadLetters(req.path().pathParameters().get("id")).forEach(h -> list.addObject()
                .put("id", h.id().toString()).put("type", h.type()).put("sender", h.sender().toString())
                .put("entity", h.entity().orElse("")).put("occurredAt", h.occurredAt().toString()));
        json(res, list);
    }

    private void replay(ServerRequest req, ServerResponse res) {
        var p = req.path().pathParameters();
        java.util.UUID id;
        try {
            id = java.util.UUID.fromString(p.get("envelopeId"));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("envelope id '" + p.get("envelopeId") + "' is not a UUID");
        }
        boolean replayed = tenant(req).replayDeadLetter(p.get("id"), id, actor(req));
        res.status(replayed ? Status.OK_200 : Status.CONFLICT_409);
        json(res, Json.obj().put("replayed", replayed));
    }

    private void rollback(ServerRequest req, ServerResponse res) {
        json(res, describe(tenant(req).rollback(req.path().pathParameters().get("id"))));
    }

    private void pause(ServerRequest req, ServerResponse res) {
        tenant(req).pause(req.path().pathParameters().get("id"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void resume(ServerRequest req, ServerResponse res) {
        tenant(req).resume(req.path().pathParameters().get("id"));
        res.status(Status.NO_CONTENT_204).send();
    }

    /** {@code ?removeAfter=P30D}: an app is told, uninstalled, and its data shredded after that grace period. */
    private void uninstall(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Optional<String> grace = req.query().first("removeAfter").asOptional();
        if (grace.isEmpty()) {
            tenant(req).uninstall(id);
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        java.time.Duration duration;
        try {
            duration = java.time.Duration.parse(grace.get());
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequest("query parameter 'removeAfter' must be an ISO-8601 duration such as P30D, was '" + grace.get() + "'");
        }
        if (duration.isNegative()) {
            throw new BadRequest("query parameter 'removeAfter' must not be negative");
        }
        var shredAt = tenant(req).removeApp(id, duration, actor(req));
        json(res, Json.obj().put("app", id).put("shredAt", shredAt.toString()));
    }

    /**
     * Crypto-shreds a business entity everywhere (domains and apps); the reason is audited. With identity confirmed
     * with a photoTAN ({@code keys.destroy} of this tenant and entity).
     */
    void forget(ServerRequest req, ServerResponse res) {
        String entity = req.path().pathParameters().get("entity");
        TenantRuntime tenant = tenant(req);
        Optional<io.mosaic.identity.Principal> admin = confirmation.tenantAdmin(tenant.tenant(), req, "forgetting an entity");
        String reason = req.query().first("reason").orElse("");
        if (reason.isBlank()) {
            throw new BadRequest("query parameter 'reason' is required to forget an entity (it goes to the audit trail)");
        }
        if (!confirmation.confirmed(admin, HighValueConfirmation.Answer.of(req),
                io.mosaic.keycloak.phototan.OperationDetails.destroyKeys(tenant.tenant(), entity), res)) {
            return;
        }
        tenant.forgetEntity(entity, actor(req, admin), reason);
        res.status(Status.NO_CONTENT_204).send();
    }

    private void audit(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        int limit;
        try {
            limit = Integer.parseInt(req.query().first("limit").orElse("100"));
        } catch (NumberFormatException e) {
            throw new BadRequest("query parameter 'limit' must be a whole number");
        }
        if (limit < 1 || limit > 10_000) {
            throw new BadRequest("query parameter 'limit' must be between 1 and 10000, was " + limit);
        }
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (AuditRecord r : tenant.audit().recent(tenant.tenant(), limit)) {
            list.add(Json.MAPPER.valueToTree(r));
        }
        json(res, list);
    }

    private void verify(ServerRequest req, ServerResponse res) {
        TenantRuntime tenant = tenant(req);
        Optional<String> broken = tenant.audit().verify(tenant.tenant());
        json(res, Json.obj().put("intact", broken.isEmpty()).put("problem", broken.orElse("")));
    }
}
