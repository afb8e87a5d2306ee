package io.mosaic.server;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.mosaic.runtime.MosaicPlatform;
import io.mosaic.tenant.TenantDescriptor;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Logins ({@code --identity keycloak}, the default): Keycloak with a realm per tenant, the portal and its sessions,
 * the platform CA's public routes, and the public TLS listener (client certificates wanted).
 */
final class IdentityFeature implements Feature {
    private final Identity identity;
    private final PortalSessions sessions;
    private final Portal portal;
    private final Pki pki;
    private final boolean devRoutes;
    private final String host;

    private IdentityFeature(Identity identity, PortalSessions sessions, Portal portal, Pki pki, boolean devRoutes,
                            String host) {
        this.identity = identity;
        this.sessions = sessions;
        this.portal = portal;
        this.pki = pki;
        this.devRoutes = devRoutes;
        this.host = host;
    }

    /** Starts Keycloak with the tenants' realms; {@code devRoutes}: the demo's development routes are on loopback. */
    static IdentityFeature start(ServerOptions options, List<TenantDescriptor> descriptors, MosaicPlatform platform,
                                 CertificateAuthority platformCa) {
        Identity identity = Identity.start(descriptors, Clock.systemUTC(), options.dataDir(), platformCa);
        try {
            PortalSessions sessions = new PortalSessions(identity, Clock.systemUTC());
            Path branding = options.tenantsDir().toAbsolutePath().normalize().getParent();
            return new IdentityFeature(identity, sessions, new Portal(identity, descriptors, sessions, branding, platform),
                    new Pki(identity.platformCa()), options.demo(), options.host());
        } catch (RuntimeException e) {
            identity.close();
            throw e;
        }
    }

    Identity identity() {
        return identity;
    }

    PortalSessions sessions() {
        return sessions;
    }

    @Override
    public void loopbackRoutes(HttpRules r) {
        portal.routes(r, devRoutes);
        pki.routes(r, true);
    }

    @Override
    public void tlsRoutes(HttpRules r) {
        portal.routes(r, false);
        pki.routes(r, false);
    }

    /** Adds the public listener: TLS with client certificates wanted, on the configured host and port. */
    void listener(io.helidon.webserver.WebServerConfig.Builder builder, int tlsPort, Consumer<HttpRouting.Builder> routing) {
        builder.putSocket(MosaicServer.TLS_SOCKET, s -> s.host(host).port(tlsPort)
                        .maxPayloadSize(RequestLimits.LISTENER_BYTES)
                        .tls(tls -> identity.tls(tls, host)))
                .routing(MosaicServer.TLS_SOCKET, routing);
    }

    /** The realms' portal clients accept the server's own pages; certificate steps check the server's CRL. */
    @Override
    public void listening(WebServer web) {
        String publicHost = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        identity.allowPortalAt(List.of("http://127.0.0.1:" + web.port(), "http://localhost:" + web.port(),
                "https://" + publicHost + ":" + web.port(MosaicServer.TLS_SOCKET)));
        identity.checkRevocationAt(java.net.URI.create("http://127.0.0.1:" + web.port() + Pki.CRL_PATH));
    }

    @Override
    public void close() {
        identity.close();
    }
}
