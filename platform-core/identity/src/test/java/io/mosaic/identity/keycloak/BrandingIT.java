package io.mosaic.identity.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import io.mosaic.identity.testing.BrowserLogin;
import io.mosaic.identity.testing.KeycloakExtension;
import io.mosaic.identity.testing.KeycloakExtension.ManagedKeycloak;
import io.mosaic.tenant.TenantDescriptor;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each tenant's login page is served in the tenant's brand. */
@ExtendWith(KeycloakExtension.class)
class BrandingIT {
    private final ManagedKeycloak keycloak;

    BrandingIT(ManagedKeycloak keycloak) {
        this.keycloak = keycloak;
    }

    @Test
    void eachTenantsLoginPage_showsItsBrand_andNotTheOthers() {
        for (TenantDescriptor tenant : keycloak.tenants()) {
            BrowserLogin login = new BrowserLogin(keycloak.endpoints(), Optional.empty());
            BrowserLogin.Page page = login.begin(tenant.id(), RealmGenerator.PORTAL_CLIENT, LoginFlowIT.REDIRECT);
            assertThat(page.body()).contains(tenant.branding().name()).contains("mosaic-brand");
            keycloak.tenants().stream().filter(other -> !other.id().equals(tenant.id()))
                    .forEach(other -> assertThat(page.body()).doesNotContain(other.branding().name()));
            Matcher css = Pattern.compile("href=\"([^\"]*/" + RealmGenerator.themeName(tenant) + "/[^\"]*mosaic-brand\\.css)\"")
                    .matcher(page.body());
            assertThat(css.find()).as("the tenant's style sheet is linked from its login page").isTrue();
            var sheet = login.get(page.uri().resolve(css.group(1)));
            assertThat(sheet.statusCode()).isEqualTo(200);
            assertThat(sheet.body()).contains(tenant.branding().primaryColor()).contains(tenant.branding().accentColor())
                    .contains("logo");
        }
    }
}
