package io.mosaic.server;

import io.mosaic.hsm.IssuedClientCertificate;
import io.mosaic.hsm.PlatformCa;
import io.mosaic.identity.keycloak.LocalCa;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.math.BigInteger;
import java.security.cert.CRLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The platform CA as the server uses it for the certificate login factor: the trust anchor of client certificates
 * (Keycloak's and the TLS listener's), and the issuer of client certificates and of the TLS listener's certificate.
 * With keys in an HSM ({@code --keys softhsm}, {@code backend=pkcs11}) it is the HSM's {@link PlatformCa}, whose
 * root key never leaves the token; with the software key store, a software CA kept in the data folder.
 */
interface CertificateAuthority {
    Duration CLIENT_VALIDITY = Duration.ofDays(825);
    Duration SERVER_VALIDITY = Duration.ofDays(397);
    /** Next update of a CRL: it is signed anew for each request, so this only bounds how long a copy may be used. */
    Duration CRL_VALIDITY = Duration.ofHours(1);

    X509Certificate certificate();

    /** A client certificate whose CN is the user name (what Keycloak's X.509 authenticator maps), with its key. */
    LocalCa.Issued issueClient(String commonName);

    /** A TLS server certificate for {@code host}, 127.0.0.1 and localhost, with its key. */
    LocalCa.Issued issueServer(String host);

    /** An SSL context trusting this CA, presenting {@code client} when a server asks for one. */
    default SSLContext sslContext(Optional<LocalCa.Issued> client) {
        return LocalCa.sslContext(certificate(), client);
    }

    String describe();

    /**
     * Revokes a certificate of this CA: recorded on disk first, then in force at once for the server's TLS API and in
     * the next CRL (Keycloak fetches it within its CRL cache time). Revoking a serial again returns its first record.
     *
     * @param reason an RFC 5280 CRLReason code (0 unspecified, 1 keyCompromise, 3 affiliationChanged, 4 superseded,
     *               5 cessationOfOperation, …)
     */
    PlatformCa.Revocation revoke(BigInteger serial, int reason);

    /** Where the revocations are recorded (the data folder's {@code identity/revocations.tsv}). */
    RevocationStore revocationStore();

    default Optional<PlatformCa.Revocation> revocation(BigInteger serial) {
        return revocationStore().find(serial);
    }

    default Collection<PlatformCa.Revocation> revocations() {
        return revocationStore().all();
    }

    /** The CRL (DER), signed now by the CA's key, valid for {@link #CRL_VALIDITY}. */
    byte[] crl();

    static CertificateAuthority software(LocalCa ca, java.nio.file.Path keyStore, RevocationStore revoked, Clock clock) {
        return new CertificateAuthority() {
            @Override
            public X509Certificate certificate() {
                return ca.certificate();
            }

            @Override
            public LocalCa.Issued issueClient(String commonName) {
                return ca.issueClient(commonName);
            }

            @Override
            public LocalCa.Issued issueServer(String host) {
                return ca.issueServer(host);
            }

            @Override
            public String describe() {
                return "software platform CA in " + keyStore;
            }

            @Override
            public PlatformCa.Revocation revoke(BigInteger serial, int reason) {
                return revoked.add(new PlatformCa.Revocation(serial, clock.instant(), reason));
            }

            @Override
            public RevocationStore revocationStore() {
                return revoked;
            }

            @Override
            public byte[] crl() {
                try {
                    return ca.crl(revoked.all().stream().map(r -> new LocalCa.Revoked(r.serial(), r.revokedAt(), r.reason()))
                            .toList(), clock.instant(), CRL_VALIDITY).getEncoded();
                } catch (CRLException e) {
                    throw new IllegalStateException("cannot encode the CRL of " + describe(), e);
                }
            }
        };
    }

    /** The HSM's CA; {@code revoked} must be the store whose revocations {@code ca} was opened with. */
    static CertificateAuthority hsm(PlatformCa ca, RevocationStore revoked, Clock clock) {
        return new CertificateAuthority() {
            @Override
            public X509Certificate certificate() {
                return ca.rootCertificate();
            }

            @Override
            public LocalCa.Issued issueClient(String commonName) {
                IssuedClientCertificate issued = ca.issueClientCertificate("clients", commonName, CLIENT_VALIDITY);
                try {
                    KeyStore store = KeyStore.getInstance("PKCS12");
                    store.load(new ByteArrayInputStream(issued.pkcs12()), issued.oneTimePassword());
                    String alias = store.aliases().nextElement();
                    PrivateKey key = (PrivateKey) store.getKey(alias, issued.oneTimePassword());
                    return new LocalCa.Issued(new KeyPair(issued.certificate().getPublicKey(), key), issued.certificate(),
                            ca.rootCertificate());
                } catch (GeneralSecurityException | IOException e) {
                    throw new IllegalStateException("cannot open the PKCS#12 file the HSM CA issued for " + commonName, e);
                }
            }

            @Override
            public LocalCa.Issued issueServer(String host) {
                PlatformCa.ServerCertificate server = ca.issueServerCertificate(host, SERVER_VALIDITY);
                return new LocalCa.Issued(server.keyPair(), server.certificate(), server.root());
            }

            @Override
            public String describe() {
                return "platform CA in the HSM (" + ca.rootCertificate().getSubjectX500Principal().getName() + ")";
            }

            @Override
            public PlatformCa.Revocation revoke(BigInteger serial, int reason) {
                return ca.revoke(revoked.add(new PlatformCa.Revocation(serial, clock.instant(), reason)));
            }

            @Override
            public RevocationStore revocationStore() {
                return revoked;
            }

            @Override
            public byte[] crl() {
                return ca.crlEncoded();
            }
        };
    }
}
