package io.mosaic.server;

import io.helidon.webserver.http.HttpRules;
import io.mosaic.identity.Role;
import io.mosaic.runtime.PlatformException;
import io.mosaic.server.spi.DemoSeeder;
import io.mosaic.server.spi.DemoUsers;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The demo ({@code --demo}): its data and users come from the demo module ({@link DemoSeeder}, found with
 * {@link java.util.ServiceLoader}; the server does not depend on it), seeded once the server listens; with identity
 * also the development route that logs the demo's users in for curl (loopback only).
 */
final class DemoFeature implements Feature {
    private final DemoSeeder seeder;
    private final Optional<Identity> identity;
    private final Path dataDir;
    private final boolean large;

    private DemoFeature(DemoSeeder seeder, Optional<Identity> identity, Path dataDir, boolean large) {
        this.seeder = seeder;
        this.identity = identity;
        this.dataDir = dataDir;
        this.large = large;
    }

    /** The demo on the class path; refused with a message naming the module when there is none. */
    static DemoSeeder seeder() {
        return DemoSeeder.find().orElseThrow(() -> new PlatformException("--demo needs the demo module "
                + DemoSeeder.MODULE + " on the class path, and it is not there (no " + DemoSeeder.class.getName()
                + " found): build it and add its classes or jar, or start without --demo"));
    }

    static DemoFeature of(DemoSeeder seeder, Optional<Identity> identity, ServerOptions options) {
        return new DemoFeature(seeder, identity, options.dataDir(), options.largeDemo());
    }

    /** The demo's token route (loopback, --demo only, with identity). */
    @Override
    public void loopbackRoutes(HttpRules r) {
        identity.ifPresent(logins -> r.post("/admin/dev/tenants/{tenant}/token", (req, res) -> {
            var body = Json.object(req.content().as(byte[].class));
            String token = logins.login(req.path().pathParameters().get("tenant"),
                    body.path("username").asText(), body.path("password").asText());
            res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json")
                    .send(Json.write(Json.obj().put("access_token", token)));
        }));
    }

    @Override
    public void ready(MosaicServer server) {
        seeder.seed(server.platform(), large);
        identity.ifPresent(logins -> seeder.createUsers(users(logins), dataDir, server.platform()));
    }

    /** What {@code ./mosaic run} prints about the demo. */
    String describe(String base, int tlsPort, boolean withIdentity) {
        return seeder.describe(new DemoSeeder.Listening(base, tlsPort, dataDir, withIdentity, large));
    }

    private static DemoUsers users(Identity identity) {
        return new DemoUsers() {
            @Override
            public void ensureUser(String tenant, String username, String password, Set<Role> roles) {
                identity.ensureUser(tenant, username, password, roles);
            }

            @Override
            public void createUserWithHeldDevice(String tenant, String username, String password, Set<Role> roles) {
                identity.createUserWithHeldDevice(tenant, username, password, roles);
            }

            @Override
            public boolean requiresPhotoTan(String tenant) {
                return identity.requiresPhotoTan(tenant);
            }

            @Override
            public boolean hasTenant(String tenant) {
                return identity.hasTenant(tenant);
            }

            @Override
            public java.util.Optional<String> userId(String tenant, String username) {
                return identity.userId(tenant, username);
            }
        };
    }
}
