package io.mosaic.hsm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HighValueSignerTest {
    private final List<Pkcs11Token> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(Pkcs11Token::close);
    }

    private Pkcs11Token token() {
        Pkcs11Token token = Pkcs11Token.open(SoftHsmFixture.config(SoftHsmFixture.SIGNING));
        opened.add(token);
        return token;
    }

    @Test
    void signatureMadeInTheToken_verifies_andTamperingIsDetected() {
        HighValueSigner signer = HighValueSigner.open(token(), Clock.systemUTC());
        String tenant = KeyServiceContract.uniqueTenant("hv");
        KeyRef ref = signer.createKey(tenant);
        byte[] grant = "grant custody:positions:read to valuation-alerts".getBytes(UTF_8);

        HighValueSignature signature = signer.sign(tenant, grant);

        assertThat(signature.keyRef()).isEqualTo(ref).isEqualTo(new KeyRef(tenant, "hv", 1));
        assertThat(signer.verify(ref, grant, signature.signature())).isTrue();
        assertThat(signer.verify(ref, "grant everything".getBytes(UTF_8), signature.signature())).isFalse();
        byte[] tampered = signature.signature().clone();
        tampered[tampered.length - 1] ^= 1;
        assertThat(signer.verify(ref, grant, tampered)).isFalse();
        assertThat(signer.verify(ref, grant, new byte[3])).isFalse();
        assertThat(signer.createKey(tenant)).isEqualTo(ref);
    }

    @Test
    void keyOfAnotherTenant_doesNotVerify_andAnUnknownTenantCannotSign() {
        HighValueSigner signer = HighValueSigner.open(token(), Clock.systemUTC());
        String a = KeyServiceContract.uniqueTenant("hva");
        String b = KeyServiceContract.uniqueTenant("hvb");
        signer.createKey(a);
        KeyRef ofB = signer.createKey(b);
        byte[] data = "install app".getBytes(UTF_8);

        HighValueSignature byA = signer.sign(a, data);

        assertThat(signer.verify(ofB, data, byA.signature())).isFalse();
        assertThat(signer.verify(new KeyRef(a, "hv", 2), data, byA.signature())).isFalse();
        String unknown = KeyServiceContract.uniqueTenant("none");
        assertThatThrownBy(() -> signer.sign(unknown, data)).isInstanceOf(KeyException.class)
                .hasMessageContaining(unknown).hasMessageContaining("no high-value signing key");
    }

    @Test
    void privateKey_staysInTheToken_andIsFoundAgainByAnotherProviderInstance() {
        String tenant = KeyServiceContract.uniqueTenant("hvr");
        HighValueSigner first = HighValueSigner.open(token(), Clock.systemUTC());
        KeyRef ref = first.createKey(tenant);
        Pkcs11Token second = token();

        PrivateKey key = second.privateKey(ref.toString()).orElseThrow();
        HighValueSignature signature = HighValueSigner.open(second, Clock.systemUTC()).sign(tenant, new byte[] {1});

        assertThat(key.getEncoded()).isNull();
        assertThat(key.toString()).contains("token object", "sensitive", "unextractable");
        assertThat(first.verify(ref, new byte[] {1}, signature.signature())).isTrue();
    }
}
