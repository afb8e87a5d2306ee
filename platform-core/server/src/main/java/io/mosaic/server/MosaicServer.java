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
    /** The optional parts, in the order they started (closed in the reverse order, after the platform). */
    private final List<Feature> features;
    private final Optional<LocalStack> stack;
    private final Optional<Identity> identity;
    private final Optional<DemoFeature> demo;

    private MosaicServer(MosaicPlatform platform, WebServer web, TenantService tenantService,
                         List<TenantDescriptor> descriptors, List<Feature> features) {
        this.platform = platform;
        this.web = web;
        this.tenantService = tenantService;
        this.descriptors = descriptors;
        this.features = features;
        this.stack = part(features, LocalStack.class);
        this.identity = part(features, IdentityFeature.class).map(IdentityFeature::identity);
        this.demo = part(features, DemoFeature.class);
    }

    /** The local Pulsar and Cassandra this server started ({@code --stack local}); empty on the embedded default. */
    Optional<LocalStack> localStack() {
        return stack;
    }

    /**
     * Starts the platform, the optional parts the options ask for (the local stack, identity, the demo), and the
     * web server with each listener's routes: the parts' routes first, then the platform's own.
     */
    public static MosaicServer start(ServerOptions options) {
        // the demo is a module of its own: --demo without it on the class path is refused before anything starts
        Optional<io.mosaic.server.spi.DemoSeeder> demo = options.demo() ? Optional.of(DemoFeature.seeder())
                : Optional.empty();
        boolean software = options.keyConfig().getOrDefault("backend", "software").equals("software");
        char[] password = software ? keyStorePassword(options.dataDir()) : new char[0];
        List<Feature> parts = new ArrayList<>(); // the optional parts as they start
        Optional<LocalStack> stack = options.localStack() ? Optional.of(LocalStack.start(options.dataDir()))
                : Optional.empty();
        stack.ifPresent(parts::add);
        MosaicPlatform platform;
        try {
            platform = stack.isEmpty()
                    ? MosaicPlatform.embedded(options.dataDir(), options.keyConfig(), password, Clock.systemUTC())
                    : MosaicPlatform.create(options.dataDir(), stack.get().storage(), stack.get().bus(),
                            options.keyConfig(), password, Clock.systemUTC());
        } catch (RuntimeException e) {
            closeAll(parts);
            throw e;
        }
        stack.ifPresent(s -> LOG.info("bus: " + s.describe()));
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
            }
            ServerMetrics metrics = new ServerMetrics(platform);
            Optional<IdentityFeature> logins = options.identity()
                    ? Optional.of(IdentityFeature.start(options, descriptors, platform, platformCa(platform,
                            options.dataDir(), software ? password : keyStorePassword(options.dataDir()))))
                    : Optional.empty();
            logins.ifPresent(parts::add);
            demo.ifPresent(seeder -> parts.add(DemoFeature.of(seeder, logins.map(IdentityFeature::identity), options)));
            List<Feature> features = List.copyOf(parts);
            // the platform's services take no identity (null) without logins
            Identity identity = logins.map(IdentityFeature::identity).orElse(null);
            Observe observe = new Observe(platform, metrics, identity);
            TenantService tenantService = new TenantService(platform, metrics, identity,
                    logins.map(IdentityFeature::sessions).orElse(null));
            MarketplaceApi marketplace = new MarketplaceApi(platform, options.dataDir().resolve("marketplace"),
                    Clock.systemUTC(), identity);
            // metering: domain events -> complexity facts
            io.mosaic.marketplace.metering.ComplexityProjection.start(platform, marketplace.service());
            // the demo's development routes (tokens for users whose factors the server holds, activation letters,
            // held certificates): with --demo only, and on the loopback listener only
            AdminService admin = new AdminService(platform, provisioning, identity, options.demo());
            tenantService.withConsole(admin);
            String operatorToken = OperatorGuard.token(options.dataDir());
            java.util.concurrent.atomic.AtomicInteger loopbackPort = new java.util.concurrent.atomic.AtomicInteger(-1);
            OperatorGuard guard = new OperatorGuard(options.operatorAccess() == ServerOptions.OperatorAccess.OPEN
                    ? null : operatorToken, loopbackPort::get);
            if (options.operatorAccess() == ServerOptions.OperatorAccess.OPEN) {
                LOG.warning("the operator's routes take no token (--operator-access open): development on loopback only");
            }
            // each listener's routes are registered by one piece of code, run for the web server and for the catalog
            java.util.function.Consumer<HttpRules> loopbackRoutes = r -> {
                features.forEach(f -> f.loopbackRoutes(r));
                routing(r, tenantService, admin, marketplace);
                observe.routes(r, false);
            };
            java.util.function.Consumer<HttpRules> tlsRoutes = r -> { // the TLS listener exists with identity only
                features.forEach(f -> f.tlsRoutes(r));
                tlsRouting(r, tenantService, marketplace, admin);
                observe.routes(r, true);
            };
            java.util.Map<String, List<RouteCatalog.Route>> routes = new java.util.LinkedHashMap<>();
            routes.put("loopback", RouteCatalog.of(loopbackRoutes));
            logins.ifPresent(l -> routes.put(TLS_SOCKET, RouteCatalog.of(tlsRoutes)));
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
            logins.ifPresentOrElse(l -> l.listener(builder, options.tlsPort(), r -> {
                r.addFilter(new RequestContext());
                r.addFilter(new SecurityHeaders(true));
                r.addFilter(new RequestLimits());
                tlsRoutes.accept(r);
                errors(r);
            }), () -> {
                if (!isLoopback(options.host())) {
                    LOG.warning("--host " + options.host() + " ignored: without identity the server listens on 127.0.0.1 only");
                }
            });
            WebServer web = builder.build().start();
            loopbackPort.set(web.port());
            features.forEach(f -> f.listening(web));
            if (logins.isEmpty()) {
                LOG.warning("no identity provider: listening on 127.0.0.1:" + web.port() + " only");
            } else {
                LOG.info("listening on http://127.0.0.1:" + web.port() + " (all routes) and https://" + options.host()
                        + ":" + web.port(TLS_SOCKET) + " (tenant API and confirmed operations, bearer tokens,"
                        + " client certificates of the platform CA wanted)");
            }
            MosaicServer server = new MosaicServer(platform, web, tenantService, descriptors, features);
            server.routes = java.util.Map.copyOf(routes);
            features.forEach(f -> f.ready(server));
            return server;
        } catch (RuntimeException e) {
            platform.close();
            closeAll(parts);
            throw e;
        }
    }

    /** Closes the parts in the reverse order of their start. */
    private static void closeAll(List<Feature> parts) {
        for (Feature part : parts.reversed()) {
            part.close();
        }
    }

    private static <T extends Feature> Optional<T> part(List<Feature> features, Class<T> type) {
        return features.stream().filter(type::isInstance).map(type::cast).findFirst();
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

    private static void routing(HttpRules r, TenantService tenantService, AdminService admin,
                                MarketplaceApi marketplace) {
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
                .error(io.mosaic.runtime.CommandDenied.class, (req, res, e) -> Problem.send(res, Status.FORBIDDEN_403,
                        e.getMessage(), n -> e.envelopeId().ifPresent(id -> n.put("envelopeId", id.toString())
                                .put("outcome", "/api/tenants/" + req.path().pathParameters().first("tenant").orElse("")
                                        + "/commands/" + id))))
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
        return identity;
    }

    /** The demo, when the server runs with {@code --demo}. */
    Optional<DemoFeature> demo() {
        return demo;
    }

    public int port() {
        return web.port();
    }

    /** The port of the TLS listener, or -1 without identity. */
    public int tlsPort() {
        return identity.isEmpty() ? -1 : web.port(TLS_SOCKET);
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
        closeAll(features);
    }
}
