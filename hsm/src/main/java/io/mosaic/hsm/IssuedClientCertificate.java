package io.mosaic.hsm;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A client certificate for an end client and its delivery: {@code pkcs12} holds the private key, the certificate
 * and the CA certificate, protected by {@code oneTimePassword}. Hand the file and the password to the client over
 * two different channels; the platform keeps neither the private key nor the password.
 */
public record IssuedClientCertificate(X509Certificate certificate, byte[] pkcs12, char[] oneTimePassword) {
    public IssuedClientCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(pkcs12, "pkcs12");
        Objects.requireNonNull(oneTimePassword, "oneTimePassword");
    }

    @Override
    public String toString() {
        return "IssuedClientCertificate[" + certificate.getSubjectX500Principal() + ", serial "
                + certificate.getSerialNumber().toString(16) + "]";
    }
}
