package io.mosaic.hsm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Where the PIN of a token (or the password of the software key store) comes from. Never put it in a config file. */
public sealed interface PinSource {

    /** The secret; the caller clears the array when done. */
    char[] resolve();

    /** From an environment variable, e.g. {@code MOSAIC_HSM_PIN}. */
    static PinSource environment(String variable) {
        return new Environment(variable);
    }

    /** From the first line of a file readable only by the service account (e.g. a mounted secret). */
    static PinSource file(Path file) {
        return new FromFile(file);
    }

    /** Given directly (tests, tools); the array is copied. */
    static PinSource of(char[] pin) {
        return new Given(pin.clone());
    }

    record Environment(String variable) implements PinSource {
        public Environment {
            Objects.requireNonNull(variable, "variable");
        }

        @Override
        public char[] resolve() {
            String value = System.getenv(variable);
            if (value == null || value.isEmpty()) {
                throw new KeyException("environment variable " + variable + " holds no PIN (it is unset or empty)");
            }
            return value.toCharArray();
        }

        @Override
        public String toString() {
            return "PIN from environment variable " + variable;
        }
    }

    record FromFile(Path file) implements PinSource {
        public FromFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public char[] resolve() {
            try {
                String first = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
                if (first.isEmpty()) {
                    throw new KeyException("PIN file " + file + " is empty");
                }
                return first.toCharArray();
            } catch (IOException e) {
                throw new KeyException("PIN file " + file + " cannot be read: " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "PIN from file " + file;
        }
    }

    record Given(char[] pin) implements PinSource {
        public Given {
            Objects.requireNonNull(pin, "pin");
        }

        @Override
        public char[] resolve() {
            return pin.clone();
        }

        @Override
        public String toString() {
            return "PIN given directly";
        }
    }
}
