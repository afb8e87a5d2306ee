package io.mosaic.identity.keycloak;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLParameters;

/**
 * Where a running managed Keycloak is reached.
 *
 * @param base          HTTPS base URL, also the issuer prefix: {@code https://127.0.0.1:<port>}
 * @param management    health and metrics
 * @param adminUsername bootstrap administrator of the master realm
 * @param adminPassword its password (generated per run)
 * @param serverCa      the CA of Keycloak's TLS certificate: trust it to talk to Keycloak
 * @param runDir        the run's home (logs in {@code keycloak.log})
 */
public record KeycloakEndpoints(URI base, URI management, String adminUsername, String adminPassword, LocalCa serverCa,
                                Path runDir, long pid) {
    public KeycloakEndpoints {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(management, "management");
        Objects.requireNonNull(adminUsername, "adminUsername");
        Objects.requireNonNull(adminPassword, "adminPassword");
        Objects.requireNonNull(serverCa, "serverCa");
        Objects.requireNonNull(runDir, "runDir");
    }

    /** An HTTP client trusting Keycloak, presenting {@code clientCertificate} when Keycloak asks for one. */
    public HttpClient httpClient(Optional<LocalCa.Issued> clientCertificate) {
        return httpClient(serverCa, clientCertificate);
    }

    static HttpClient httpClient(LocalCa serverCa, Optional<LocalCa.Issued> clientCertificate) {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return HttpClient.newBuilder().sslContext(serverCa.sslContext(clientCertificate)).sslParameters(parameters)
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String toString() { // never print the password
        return "KeycloakEndpoints[base=" + base + ", management=" + management + ", runDir=" + runDir + ", pid=" + pid + "]";
    }
}
