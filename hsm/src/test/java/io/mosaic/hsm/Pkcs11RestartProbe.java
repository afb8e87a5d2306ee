package io.mosaic.hsm;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/** Run in a child JVM by {@link Pkcs11KeyServiceTest}: finds the tenant key again in the token and
 * decrypts; with two arguments (label, PIN) only opens the token and says whether the PIN was refused. */
public final class Pkcs11RestartProbe {
    private Pkcs11RestartProbe() {
    }

    public static void main(String[] args) {
        if (args.length == 2) {
            try (Pkcs11Token token = Pkcs11Token.open(new Pkcs11Config(Pkcs11Config.SOFTHSM2_LIBRARY, args[0],
                    PinSource.of(args[1].toCharArray())))) {
                System.out.println("opened " + token);
            } catch (KeyException e) {
                System.out.println("refused: " + e.getMessage());
            }
            return;
        }
        HexFormat hex = HexFormat.of();
        InMemoryWrappedKeyRepository repository = new InMemoryWrappedKeyRepository();
        KeyRef ref = KeyRef.parse(args[2]);
        repository.insert(new WrappedKey(ref, "AES-256", KeyRef.parse(args[3]), hex.parseHex(args[4]), new byte[0],
                Instant.now()));
        Pkcs11Config config = new Pkcs11Config(Pkcs11Config.SOFTHSM2_LIBRARY, args[0],
                PinSource.of(args[1].toCharArray()));
        try (Pkcs11KeyService keys = Pkcs11KeyService.open(config, repository, Clock.systemUTC())) {
            byte[] plaintext = keys.decrypt(new Encrypted(ref, hex.parseHex(args[5])), hex.parseHex(args[6]));
            System.out.println("decrypted: " + new String(plaintext, StandardCharsets.UTF_8));
        }
    }
}
