package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API description against both listeners of a server with identity and the demo: every route registered on the
 * loopback listener and on the public TLS listener is documented for it, and nothing more.
 */
@ExtendWith(IdentityServer.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractEndToEndTest {
    private final IdentityServer s;

    ApiContractEndToEndTest(IdentityServer s) {
        this.s = s;
    }

    @Test
    void everyRouteOfBothListeners_isDocumentedForIt() {
        JsonNode doc = ApiDescription.shared().document();
        assertThat(s.server.routes()).containsOnlyKeys("loopback", MosaicServer.TLS_SOCKET);
        assertThat(ApiContract.documented(doc, "loopback", true, true)).as("loopback listener, with --demo")
                .isEqualTo(ApiContract.registered(s.server.routes().get("loopback")));
        assertThat(ApiContract.documented(doc, "tls", true, true)).as("public TLS listener")
                .isEqualTo(ApiContract.registered(s.server.routes().get(MosaicServer.TLS_SOCKET)));
    }
}
