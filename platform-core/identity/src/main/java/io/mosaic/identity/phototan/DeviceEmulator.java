package io.mosaic.identity.phototan;

import io.mosaic.keycloak.phototan.ActivationLetter;
import io.mosaic.keycloak.phototan.Challenge;
import io.mosaic.keycloak.phototan.OperationDetails;
import io.mosaic.keycloak.phototan.PhotoTanCrypto;
import io.mosaic.keycloak.phototan.PhotoTanException;
import io.mosaic.keycloak.phototan.PhotoTanImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * A photoTAN device in software: the phone app, for tests, demos and the command line. It holds a P-256 key pair,
 * answers activation letters with an enrolment code and reads challenge images: it decrypts them, shows what is
 * confirmed and derives the TAN.
 *
 * <pre>
 * java -cp … io.mosaic.identity.phototan.DeviceEmulator enrol  device.properties letter.png
 * java -cp … io.mosaic.identity.phototan.DeviceEmulator read   device.properties challenge.png   (or a data: URI file)
 * </pre>
 */
public final class DeviceEmulator {
    /** What the device shows after reading a challenge. */
    public record Reading(String challengeId, OperationDetails details, Instant expiresAt, String tan) {
        public List<String> displayLines() {
            return details.displayLines();
        }
    }

    private final KeyPair keys;
    private final Clock clock;

    private DeviceEmulator(KeyPair keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = clock;
    }

    /** A new device with a fresh key pair. */
    public static DeviceEmulator create() {
        return new DeviceEmulator(PhotoTanCrypto.newDeviceKeyPair(), Clock.systemUTC());
    }

    public java.security.PublicKey publicKey() {
        return keys.getPublic();
    }

    public String deviceId() {
        return PhotoTanCrypto.deviceId(keys.getPublic());
    }

    /** Reads an activation letter's image and returns the enrolment code the user types in. */
    public String enrol(byte[] activationImage) {
        ActivationLetter letter = ActivationLetter.fromBytes(PhotoTanImage.read(activationImage));
        return PhotoTanCrypto.enrolmentCode(letter, keys.getPublic());
    }

    /** Reads a challenge image (PNG, mosaic or QR, or a data URI): decrypts it and derives the TAN. */
    public Reading read(byte[] challengeImage) {
        Challenge challenge = Challenge.fromBytes(PhotoTanCrypto.open(keys, PhotoTanImage.read(challengeImage)));
        if (!clock.instant().isBefore(challenge.expiresAt())) {
            throw new PhotoTanException("the challenge expired at " + challenge.expiresAt());
        }
        return new Reading(challenge.id(), challenge.details(), challenge.expiresAt(), challenge.expectedTan());
    }

    /** Saves the key pair (private key in clear: an emulator, not a phone). */
    public void save(Path file) {
        Properties p = new Properties();
        p.setProperty("public", PhotoTanCrypto.encodePublicKey(keys.getPublic()));
        p.setProperty("private", Base64.getUrlEncoder().withoutPadding().encodeToString(keys.getPrivate().getEncoded()));
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "Mosaic photoTAN device emulator " + deviceId() + " (holds a private key: keep it to yourself)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the device to " + file, e);
        }
    }

    public static DeviceEmulator load(Path file) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            var publicKey = PhotoTanCrypto.decodePublicKey(p.getProperty("public"));
            var privateKey = KeyFactory.getInstance("EC").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getUrlDecoder().decode(p.getProperty("private"))));
            return new DeviceEmulator(new KeyPair(publicKey, privateKey), Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the device from " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new PhotoTanException("the device file " + file + " holds no valid key pair", e);
        }
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length != 3 || !List.of("enrol", "read").contains(args[0])) {
            err.println("usage: DeviceEmulator enrol <device-file> <activation-image>\n"
                    + "       DeviceEmulator read  <device-file> <challenge-image>\n"
                    + "images: PNG files (mosaic or QR) or text files holding a data:image/png;base64 URI;\n"
                    + "enrol creates the device file when it does not exist");
            return 2;
        }
        Path deviceFile = Path.of(args[1]);
        byte[] image = Files.readAllBytes(Path.of(args[2]));
        try {
            if (args[0].equals("enrol")) {
                DeviceEmulator device = Files.exists(deviceFile) ? load(deviceFile) : create();
                String code = device.enrol(image);
                device.save(deviceFile);
                out.println("device " + device.deviceId() + " answers the activation letter with the enrolment code:");
                out.println(code);
            } else {
                Reading reading = load(deviceFile).read(image);
                reading.displayLines().forEach(out::println);
                out.println("valid until " + reading.expiresAt());
                out.println("TAN: " + reading.tan());
            }
            return 0;
        } catch (PhotoTanException e) {
            err.println("photoTAN: " + e.getMessage());
            return 1;
        }
    }
}
