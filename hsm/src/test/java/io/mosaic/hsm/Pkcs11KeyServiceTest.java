package io.mosaic.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Key;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The contract suite on SoftHSM2 through SunPKCS11, plus what only a token has. */
class Pkcs11KeyServiceTest extends KeyServiceContract {

    private final List<AutoCloseable> openedHere = new ArrayList<>();

    @Override
    protected KeyService newKeyService(WrappedKeyRepository repo) {
        return Pkcs11KeyService.open(SoftHsmFixture.config(SoftHsmFixture.CONTRACT), repo, Clock.systemUTC());
    }

    @AfterEach
    void closeHere() throws Exception {
        for (AutoCloseable closeable : openedHere) {
            closeable.close();
        }
    }

    private Pkcs11Token openToken() {
        Pkcs11Token token = Pkcs11Token.open(SoftHsmFixture.config(SoftHsmFixture.CONTRACT));
        openedHere.add(token);
        return token;
    }

    @Test
    void tenantKey_isInTheToken_sensitiveAndNeverExtractable() throws Exception {
        Pkcs11Token token = openToken();
        Key kek = token.key(KeyRef.tenantKek(tenantA, 1).toString()).orElseThrow();

        assertThat(kek.getEncoded()).as("a sensitive key has no encoding outside the token").isNull();
        assertThat(kek.toString()).contains("token object", "sensitive", "unextractable");
        String objects = SoftHsmFixture.run(List.of("pkcs11-tool", "--module",
                Pkcs11Config.SOFTHSM2_LIBRARY.toString(), "--slot", Long.toString(token.slot()), "--login", "--pin",
                new String(SoftHsmFixture.PIN), "--list-objects", "--type", "secrkey"));
        int at = objects.indexOf("label:      " + KeyRef.tenantKek(tenantA, 1));
        assertThat(at).as(objects).isPositive();
        String access = objects.substring(at).lines().filter(l -> l.contains("Access:")).findFirst().orElseThrow();
        List<String> flags = List.of(access.substring(access.indexOf(':') + 1).strip().split(",\\s*"));
        assertThat(flags).contains("sensitive", "always sensitive", "never extractable", "local")
                .doesNotContain("extractable");
    }

    @Test
    void tokenIsFoundByLabel_anUnknownLabelGivesAClearError() {
        Pkcs11Token token = openToken();
        assertThat(token.label()).isEqualTo(SoftHsmFixture.CONTRACT);

        assertThatThrownBy(() -> Pkcs11Token.open(new Pkcs11Config(Pkcs11Config.SOFTHSM2_LIBRARY, "no-such-token",
                PinSource.of(SoftHsmFixture.PIN))))
                .isInstanceOf(KeyException.class)
                .hasMessageContaining("no token labelled 'no-such-token'")
                .hasMessageContaining(SoftHsmFixture.CONTRACT);
    }

    /**
     * In a fresh process: PKCS#11 login state belongs to the process, so inside this JVM (already logged in by
     * other tests) the token would not even ask for the PIN.
     */
    @Test
    void wrongPin_isRefused() throws Exception {
        String output = runProbe(SoftHsmFixture.CONTRACT, "wrong-pin");

        assertThat(output).contains("refused:", "PIN is wrong", SoftHsmFixture.CONTRACT);
    }

    private static String runProbe(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Pkcs11RestartProbe.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void keysSurviveARestartOfTheJvm() throws Exception {
        Encrypted encrypted = keys.encrypt(tenantA, "client-1", bytes("written before the restart"), AAD);
        WrappedKey wrapped = repository.find(encrypted.keyRef()).orElseThrow();
        HexFormat hex = HexFormat.of();

        String output = runProbe(SoftHsmFixture.CONTRACT, new String(SoftHsmFixture.PIN),
                wrapped.ref().toString(), wrapped.wrappedBy().toString(), hex.formatHex(wrapped.wrapped()),
                hex.formatHex(encrypted.ciphertext()), hex.formatHex(AAD));

        assertThat(output).contains("decrypted: written before the restart");
    }

    @Test
    void encryptingTenThousandEventsOfAHundredEntities_callsTheTokenOncePerNewEntityOnly() {
        Pkcs11KeyService service = (Pkcs11KeyService) open(repository);
        long before = service.metrics().tokenCalls();
        for (int i = 0; i < 10_000; i++) {
            service.encrypt(tenantA, "entity-" + (i % 100), bytes("event " + i), AAD);
        }
        long cold = service.metrics().tokenCalls() - before;
        for (int i = 0; i < 10_000; i++) {
            service.encrypt(tenantA, "entity-" + (i % 100), bytes("event " + i), AAD);
        }
        long warm = service.metrics().tokenCalls() - before - cold;

        assertThat(cold).as("one wrap per new data key, plus the tenant key lookup").isBetween(100L, 110L);
        assertThat(warm).isZero();
    }
}
