package io.mosaic.server;

import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.mosaic.runtime.MosaicPlatform;
import io.mosaic.runtime.PlatformException;
import io.mosaic.runtime.TenantRuntime;
import io.mosaic.runtime.host.ManifestException;
import io.mosaic.tenant.TenantDescriptor;
import io.mosaic.tenant.TenantDescriptors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The one place where Mosaic is assembled: the platform (journal, keys, bus, tenant runtimes), the tenants of the
 * descriptors with their plugins, and the HTTP server: plain HTTP on loopback (all routes); with identity also a TLS
 * listener on the configured host (client certificates wanted) serving only routes that check bearer tokens.
 */
public final class MosaicServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MosaicServer.class.getName());
    /** The public listener: TLS, client certificates wanted (with identity only). */
    static final String TLS_SOCKET = "tls";

    private final MosaicPlatform platform;
    private final WebServer web;
    private final TenantService tenantService;
    private final List<TenantDescriptor> descriptors;

    private final LocalStack stack;

    /** The local Pulsar and Cassandra this server started ({@code --stack local}); empty on the embedded default. */
    Optional<LocalStack> localStack() {
        return Optional.ofNullable(stack);
    }
    private final Identity identity;

    private MosaicServer(MosaicPlatform platform, WebServer web, TenantService tenantService,
                         List<TenantDescriptor> descriptors, LocalStack stack, Identity identity) {
        this.stack = stack;
        this.identity = identity;
        this.platform = platform;
        this.web = web;
        this.tenantService = tenantService;
        this.descriptors = descriptors;
    }

    public static MosaicServer start(ServerOptions options) {
        boolean software = options.keyConfig().getOrDefault("backend", "software").equals("software");
        char[] password = software ? keyStorePassword(options.dataDir()) : new char[0];
        LocalStack stack = options.localStack() ? LocalStack.start(options.dataDir()) : null;
        MosaicPlatform platform;
        Identity identity = null;
        try {
            platform = stack == null
                    ? MosaicPlatform.embedded(options.dataDir(), options.keyConfig(), password, Clock.systemUTC())
                    : MosaicPlatform.create(options.dataDir(), stack.storage(), stack.bus(), options.keyConfig(), password,
                            Clock.systemUTC());
        } catch (RuntimeException e) {
            if (stack != null) {
                stack.close();
            }
            throw e;
        }
        if (stack != null) {
            LOG.info("bus: " + stack.describe());
        }
        LOG.info("keys: " + (software ? "software key store under " + options.dataDir().resolve("keys")
                : "PKCS#11 tokens " + options.keyConfig().get("pkcs11.tokens")));
        try {
            List<TenantDescriptor> descriptors = TenantDescriptors.loadAll(options.tenantsDir());
            PluginCatalog catalog = new PluginCatalog(options.pluginDirs());
            Provisioning provisioning = new Provisioning(platform, catalog, options.dataDir().resolve("provisioning"),
                    Clock.systemUTC());
            for (TenantDescriptor d : descriptors) {
                var report = provisioning.plan().create(d, progress());
                if (!report.complete()) {
                    throw new PlatformException("provisioning tenant " + d.id() + " failed: " + report.failedStep()
                            .map(f -> f.step() + ": " + f.detail()).orElse(report.toString()));
                }
                Provisioning.installPlugins(platform.createTenant(d.id()), d, catalog);
            }
            ServerMetrics metrics = new ServerMetrics(platform);
            identity = options.identity() ? Identity.start(descriptors, Clock.systemUTC(), options.dataDir(),
                    platformCa(platform, options.dataDir(), software ? password : keyStorePassword(options.dataDir())))
                    : null;
            PortalSessions portalSessions = identity == null ? null : new PortalSessions(identity, Clock.systemUTC());
            Observe observe = new Observe(platform, metrics, identity);
            TenantService tenantService = new TenantService(platform, metrics, identity, portalSessions);
            Identity logins = identity;
            MarketplaceApi marketplace = new MarketplaceApi(platform, options.dataDir().resolve("marketplace"),
                    Clock.systemUTC(), identity);
            io.mosaic.marketplace.metering.ComplexityProjection.start(platform, marketplace.service()); // metering: domain events -> complexity facts
            // the demo's development routes (tokens for users whose factors the server holds, activation letters,
            // held certificates): with --demo only, and on the loopback listener only
            boolean devRoutes = options.demo();
            AdminService admin = new AdminService(platform, provisioning, identity, devRoutes);
            Portal portal = identity == null ? null : new Portal(identity, descriptors, portalSessions,
                    options.tenantsDir().toAbsolutePath().normalize().getParent(), platform);
            Pki pki = identity == null ? null : new Pki(identity.platformCa());
            String operatorToken = OperatorGuard.token(options.dataDir());
            java.util.concurrent.atomic.AtomicInteger loopbackPort = new java.util.concurrent.atomic.AtomicInteger(-1);
            OperatorGuard guard = new OperatorGuard(options.operatorAccess() == ServerOptions.OperatorAccess.OPEN
                    ? null : operatorToken, loopbackPort::get);
            if (options.operatorAccess() == ServerOptions.OperatorAccess.OPEN) {
                LOG.warning("the operator's routes take no token (--operator-access open): development on loopback only");
            }
            // each listener's routes are registered by one piece of code, run for the web server and for the catalog
            java.util.function.Consumer<HttpRules> loopbackRoutes = r -> {
                if (portal != null) {
                    portal.routes(r, devRoutes);
                    pki.routes(r, true);
                }
                routing(r, platform, tenantService, metrics, admin, marketplace, devRoutes ? logins : null);
                observe.routes(r, false);
            };
            java.util.function.Consumer<HttpRules> tlsRoutes = identity == null ? null : r -> {
                portal.routes(r, false);
                pki.routes(r, false);
                tlsRouting(r, tenantService, marketplace, admin);
                observe.routes(r, true);
            };
            java.util.Map<String, List<RouteCatalog.Route>> routes = new java.util.LinkedHashMap<>();
            routes.put("loopback", RouteCatalog.of(loopbackRoutes));
            if (tlsRoutes != null) {
                routes.put(TLS_SOCKET, RouteCatalog.of(tlsRoutes));
            }
            var builder = WebServer.builder()
                    .host("127.0.0.1")
                    .port(options.port())
                    .shutdownHook(false)
                    .maxPayloadSize(RequestLimits.LISTENER_BYTES)
                    .routing(r -> {
                        r.addFilter(new RequestContext());
                        r.addFilter(new SecurityHeaders(false));
                        r.addFilter(guard);
                        r.addFilter(new RequestLimits());
                        loopbackRoutes.accept(r);
                        errors(r);
                    });
            if (identity != null) {
                // the public listener: TLS with client certificates wanted; only routes guarded by tokens
                builder.putSocket(TLS_SOCKET, s -> s.host(options.host()).port(options.tlsPort())
                                .maxPayloadSize(RequestLimits.LISTENER_BYTES)
                                .tls(tls -> logins.tls(tls, options.host())))
                        .routing(TLS_SOCKET, r -> {
                            r.addFilter(new RequestContext());
                            r.addFilter(new SecurityHeaders(true));
                            r.addFilter(new RequestLimits());
                            tlsRoutes.accept(r);
                            errors(r);
                        });
            } else if (!isLoopback(options.host())) {
                LOG.warning("--host " + options.host() + " ignored: without identity the server listens on 127.0.0.1 only");
            }
            WebServer web = builder.build().start();
            loopbackPort.set(web.port());
            if (identity != null) {
                String publicHost = options.host().equals("0.0.0.0") || options.host().equals("::") ? "localhost" : options.host();
                identity.allowPortalAt(List.of("http://127.0.0.1:" + web.port(), "http://localhost:" + web.port(),
                        "https://" + publicHost + ":" + web.port(TLS_SOCKET)));
                identity.checkRevocationAt(java.net.URI.create("http://127.0.0.1:" + web.port() + Pki.CRL_PATH));
            }
            if (identity == null) {
                LOG.warning("no identity provider: listening on 127.0.0.1:" + web.port() + " only");
            } else {
                LOG.info("listening on http://127.0.0.1:" + web.port() + " (all routes) and https://" + options.host()
                        + ":" + web.port(TLS_SOCKET) + " (tenant API and confirmed operations, bearer tokens,"
                        + " client certificates of the platform CA wanted)");
            }
            MosaicServer server = new MosaicServer(platform, web, tenantService, descriptors, stack, identity);
            server.routes = java.util.Map.copyOf(routes);
            if (options.demo()) {
                Demo.seed(platform);
                if (options.largeDemo()) {
                    FamilyOfficeGenerator.loadDemo(platform);
                }
                if (identity != null) {
                    Demo.createUsers(identity, options.dataDir(), platform);
                }
            }
            return server;
        } catch (RuntimeException e) {
            platform.close();
            if (identity != null) {
                identity.close();
            }
            if (stack != null) {
                stack.close();
            }
            throw e;
        }
    }

    /**
     * Routes of the public TLS listener: each one checks the tenant's bearer token (and its certificate binding); the
     * tenant administration routes also the role of tenant administrator.
     */
    private static void tlsRouting(HttpRules r, TenantService tenantService,
                                   MarketplaceApi marketplace, AdminService admin) {
        r.register("/api/tenants", tenantService)
                .post("/admin/tenants/{tenant}/marketplace/install", marketplace::install)
                .post("/admin/tenants/{tenant}/plugins/{id}/grants/{scope}", admin::grant)
                .put("/admin/tenants/{tenant}/subjects/{id}/clients/{client}", admin::assign)
                .delete("/admin/tenants/{tenant}/entities/{entity}", admin::forget);
        admin.tenantAdminRouting(r);
        r.get("/openapi", (req, res) -> ApiDescription.serve(req, res, ApiDescription.shared().document()));
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }

    private static void routing(HttpRules r, MosaicPlatform platform, TenantService tenantService,
                                ServerMetrics metrics, AdminService admin, MarketplaceApi marketplace,
                                Identity devLogins) {
        Identity identity = devLogins;
        if (identity != null) { // the demo's token route (loopback, --demo only)
            r.post("/admin/dev/tenants/{tenant}/token", (req, res) -> {
                var body = Json.object(req.content().as(byte[].class));
                String token = identity.login(req.path().pathParameters().get("tenant"),
                        body.path("username").asText(), body.path("password").asText());
                res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json")
                        .send(Json.write(Json.obj().put("access_token", token)));
            });
        }
        r.register("/api/tenants", tenantService)
                .register("/admin", admin)
                .register("/admin", marketplace)
                .get("/openapi", (req, res) -> ApiDescription.serve(req, res, ApiDescription.shared().document()));
    }

    private static void errors(HttpRouting.Builder r) {
        r.error(BadRequest.class, (req, res, e) -> problem(res, Status.BAD_REQUEST_400, e.getMessage()))
                .error(io.mosaic.runtime.CommandMalformed.class, (req, res, e) -> Problem.malformed(res, e))
                .error(Unauthorized.class, (req, res, e) -> {
                    res.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                    problem(res, Status.UNAUTHORIZED_401, e.getMessage());
                })
                .error(Forbidden.class, (req, res, e) -> problem(res, Status.FORBIDDEN_403, e.getMessage()))
                .error(TooManyRequests.class, (req, res, e) -> {
                    res.header("Retry-After", "1");
                    problem(res, Status.TOO_MANY_REQUESTS_429, e.getMessage());
                })
                .error(io.mosaic.runtime.QueryDenied.class, (req, res, e) -> problem(res, Status.FORBIDDEN_403, e.getMessage()))
                .error(io.mosaic.runtime.CommandDenied.class, (req, res, e) -> problem(res, Status.FORBIDDEN_403, e.getMessage()))
                .error(NotFound.class, (req, res, e) -> problem(res, Status.NOT_FOUND_404, e.getMessage()))
                .error(Conflict.class, (req, res, e) -> problem(res, Status.CONFLICT_409, e.getMessage()))
                .error(io.mosaic.policy.PolicyException.class, (req, res, e) -> problem(res, Status.BAD_REQUEST_400, e.getMessage()))
                .error(ManifestException.class, (req, res, e) -> problem(res, Status.BAD_REQUEST_400, e.getMessage()))
                .error(PlatformException.class, (req, res, e) -> problem(res, Status.BAD_REQUEST_400, e.getMessage()))
                .error(IllegalArgumentException.class, (req, res, e) -> problem(res, Status.BAD_REQUEST_400, e.getMessage()));
    }

    static io.mosaic.tenant.provisioning.ProvisioningListener progress() {
        return new io.mosaic.tenant.provisioning.ProvisioningListener() {
            @Override
            public void stepStarted(String tenant, io.mosaic.tenant.provisioning.ProvisioningReport.Action action,
                                    io.mosaic.tenant.provisioning.ProvisioningStep step) {
                LOG.fine(() -> tenant + ": " + action + " " + step + " ...");
            }

            @Override
            public void stepEnded(String tenant, io.mosaic.tenant.provisioning.ProvisioningReport.Action action,
                                  io.mosaic.tenant.provisioning.ProvisioningReport.StepReport report) {
                LOG.info(tenant + ": " + action + " " + report.step() + " " + report.outcome() + " " + report.detail()
                        + " (" + report.took().toMillis() + " ms)");
            }
        };
    }

    private static void problem(io.helidon.webserver.http.ServerResponse res, Status status, String message) {
        Problem.send(res, status, message);
    }

    /**
     * The key store password: {@code MOSAIC_KEYSTORE_PASSWORD} if set; else the file {@code MOSAIC_KEYSTORE_PASSWORD_FILE}
     * names; else (embedded default, development only) a random password in {@link #keyStorePasswordFile}, outside the
     * data folder (whoever copies or reads the data folder does not get the password with it), created readable by
     * this user only and moved into place atomically.
     */
    private static char[] keyStorePassword(Path dataDir) {
        String env = System.getenv("MOSAIC_KEYSTORE_PASSWORD");
        if (env != null && !env.isBlank()) {
            return env.toCharArray();
        }
        Path file = keyStorePasswordFile(dataDir);
        try {
            Path old = dataDir.resolve("keys").resolve("keystore.password");
            if (!Files.exists(file) && Files.exists(old)) {
                Files.move(old, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                LOG.warning("moved the development key store password out of the data folder, to " + file);
            }
            if (!Files.exists(file)) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                Path parent = file.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Path temp = Files.createTempFile(parent, ".keystore", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temp, HexFormat.of().formatHex(random));
                Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                LOG.warning("MOSAIC_KEYSTORE_PASSWORD is not set: generated a development password in " + file);
            }
            return Files.readString(file).trim().toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    /**
     * Where the development key store password is kept: {@code MOSAIC_KEYSTORE_PASSWORD_FILE}, else beside the data
     * folder, never in it ({@code .mosaic/data} -> {@code .mosaic/data.keystore.password}).
     */
    static Path keyStorePasswordFile(Path dataDir) {
        String configured = System.getenv("MOSAIC_KEYSTORE_PASSWORD_FILE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path absolute = dataDir.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + ".keystore.password");
    }

    /**
     * The CA of the certificate factor: the HSM's platform CA when the keys are in PKCS#11 tokens (its root key is
     * created in the first token on first use and never leaves it), else a software CA in the data folder.
     */
    private static CertificateAuthority platformCa(MosaicPlatform platform, Path dataDir, char[] password) {
        RevocationStore revoked = RevocationStore.open(dataDir.resolve("identity/revocations.tsv"));
        if (platform.keys() instanceof io.mosaic.hsm.Pkcs11KeyService hsm) {
            return CertificateAuthority.hsm(hsm.platformCa("Mosaic Platform CA", Clock.systemUTC(), revoked.all()),
                    revoked, Clock.systemUTC());
        }
        Path store = dataDir.resolve("identity/platform-ca.p12");
        return CertificateAuthority.software(io.mosaic.identity.keycloak.LocalCa.openOrCreate(store, password,
                "Mosaic platform CA (software)"), store, revoked, Clock.systemUTC());
    }

    private volatile java.util.Map<String, List<RouteCatalog.Route>> routes = java.util.Map.of();

    /** Every route of each listener ({@code loopback}, and {@code tls} with identity), as registered. */
    java.util.Map<String, List<RouteCatalog.Route>> routes() {
        return routes;
    }

    /** Logins, when the server runs with identity. */
    Optional<Identity> identity() {
        return Optional.ofNullable(identity);
    }

    public int port() {
        return web.port();
    }

    /** The port of the TLS listener, or -1 without identity. */
    public int tlsPort() {
        return identity == null ? -1 : web.port(TLS_SOCKET);
    }

    public MosaicPlatform platform() {
        return platform;
    }

    public List<TenantDescriptor> descriptors() {
        return descriptors;
    }

    @Override
    public void close() {
        tenantService.stopping();
        web.stop();
        platform.close();
        if (identity != null) {
            identity.close();
        }
        if (stack != null) {
            stack.close();
        }
    }
}
