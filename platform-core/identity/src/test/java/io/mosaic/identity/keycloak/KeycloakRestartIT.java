package io.mosaic.identity.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mosaic.identity.IdentityException;
import io.mosaic.identity.Role;
import io.mosaic.identity.testing.BrowserLogin;
import io.mosaic.identity.testing.KeycloakExtension.ManagedKeycloak;
import io.mosaic.tenant.LoginFactor;
import io.mosaic.tenant.TenantDescriptor;
import io.mosaic.tenant.TenantDescriptors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keycloak runs in production mode with a database of its own: a restart forgets no user, no enrolled photoTAN device
 * and no lockout that disabled a user. One tenant, two starts on the same state folder.
 */
class KeycloakRestartIT {
    @TempDir
    Path state;

    @Test
    void restart_keepsUsersAndDevices_andRunsInProductionMode() throws Exception {
        TenantDescriptor demo = TenantDescriptors.loadAll(KeycloakLauncher.repoRoot().resolve("tenant-config/tenants"))
                .stream().filter(t -> t.id().equals("demo")).findFirst().orElseThrow();
        LocalCa platformCa = LocalCa.create("restart test CA");
        Path folder = state.resolve("keycloak");
        LoginFlowIT.Enrolled user;
        int failures;
        try (KeycloakLauncher first = launcher(demo, platformCa, folder)) {
            ManagedKeycloak keycloak = managed(first, platformCa, demo);
            assertThat(Files.readString(first.endpoints().runDir().resolve("keycloak.log")))
                    .as("production profile").contains("Profile prod activated").doesNotContain("Profile dev activated");
            user = LoginFlowIT.enrolledDemoUser(keycloak, Set.of(Role.CLIENT));
            for (int i = 0; i < 3; i++) {
                BrowserLogin login = new BrowserLogin(first.endpoints(), Optional.empty());
                BrowserLogin.Page page = login.begin("demo", RealmGenerator.PORTAL_CLIENT, LoginFlowIT.REDIRECT);
                login.submit(page, Map.of("username", user.username(), "password", "wrong-" + i));
            }
            // Keycloak counts failures in quick succession once per quick-login window: at least one is recorded
            failures = first.directory().admin().loginFailures("demo", user.username()).path("numFailures").asInt();
            assertThat(failures).isPositive();
        }
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(folder.resolve(KeycloakState.ADMIN_PASSWORD)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(folder.resolve(KeycloakState.DATABASE + ".mv.db")).isRegularFile();

        try (KeycloakLauncher second = launcher(demo, platformCa, folder)) {
            ManagedKeycloak keycloak = managed(second, platformCa, demo);
            assertThat(second.directory().admin().userId("demo", user.username())).as("the user is kept").isPresent();
            // counts of failed logins live in Keycloak's cache: they start anew; a permanent lockout is the user's state
            assertThat(second.directory().admin().realm("demo").path("permanentLockout").asBoolean()).isTrue();
            assertThat(second.directory().admin().realm("demo").path("maxTemporaryLockouts").asInt()).isEqualTo(3);
            // the device enrolled before the restart still answers the photoTAN: no new enrolment is asked for
            assertThat(LoginFlowIT.demoLogin(keycloak, user).get("access_token").asText()).isNotBlank();
        }

        // a realm kept for other login factors is not reused with a weaker (or any other) login
        TenantDescriptor changed = new TenantDescriptor(demo.id(), demo.legalName(), demo.branding(), demo.locale(),
                demo.currency(), demo.domains(), demo.apps(), List.of(LoginFactor.PASSWORD), demo.dataResidency(),
                demo.keyPolicy(), demo.plan());
        try (KeycloakLauncher third = launcher(changed, platformCa, folder)) {
            assertThatThrownBy(third::start).isInstanceOf(IdentityException.class)
                    .hasMessageContaining("login factors [PASSWORD,PHOTOTAN]").hasMessageContaining("now names [PASSWORD]");
        }
    }

    @Test
    void databaseWithoutItsAdminPassword_isRefusedWithTheFolderNamed() throws Exception {
        Path folder = Files.createDirectories(state.resolve("orphan"));
        Files.writeString(folder.resolve(KeycloakState.DATABASE + ".mv.db"), "not empty");
        assertThatThrownBy(() -> KeycloakState.adminPassword(folder)).isInstanceOf(KeycloakLaunchException.class)
                .hasMessageContaining(folder.toString()).hasMessageContaining("admin password");
        Path fresh = state.resolve("fresh");
        String password = KeycloakState.adminPassword(fresh);
        assertThat(password).hasSize(48);
        assertThat(KeycloakState.adminPassword(fresh)).as("made once, then read").isEqualTo(password);
    }

    private static KeycloakLauncher launcher(TenantDescriptor tenant, LocalCa ca, Path folder) {
        return new KeycloakLauncher(List.of(tenant), Optional.of(ca.certificate()), RealmGenerator.Options.local(), Optional.of(folder));
    }

    private static ManagedKeycloak managed(KeycloakLauncher launcher, LocalCa ca, TenantDescriptor tenant) {
        launcher.start();
        return new ManagedKeycloak(launcher, launcher.endpoints(), launcher.directory(), ca, List.of(tenant));
    }
}
