package io.mosaic.hsm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the slot of a token by its label. SunPKCS11 can only be configured by slot id, and SoftHSM2 gives a token a
 * new slot id when it is initialised, so the id is looked up every time a token is opened: with
 * {@code softhsm2-util --show-slots} for SoftHSM2, otherwise with OpenSC's {@code pkcs11-tool --module <library>
 * --list-slots}, which works with any PKCS#11 module.
 */
final class SlotLookup {
    private static final Pattern SOFTHSM_SLOT = Pattern.compile("^Slot (\\d+)\\s*$");
    private static final Pattern SOFTHSM_LABEL = Pattern.compile("^\\s+Label:\\s*(.*)$");
    private static final Pattern OPENSC_SLOT = Pattern.compile("^Slot \\d+ \\(0x([0-9a-fA-F]+)\\):.*$");
    private static final Pattern OPENSC_LABEL = Pattern.compile("^\\s+token label\\s*:\\s*(.*)$");

    private SlotLookup() {
    }

    static long slotOf(Path library, String label) {
        boolean softHsm = library.getFileName().toString().contains("softhsm");
        List<String> command = softHsm
                ? List.of("softhsm2-util", "--show-slots")
                : List.of("pkcs11-tool", "--module", library.toString(), "--list-slots");
        String output = run(command);
        Map<String, Long> slots = softHsm ? parseSoftHsm(output) : parseOpenSc(output);
        Long slot = slots.get(label);
        if (slot == null) {
            throw new KeyException("no token labelled '" + label + "' in " + library + " (tokens found: "
                    + slots.keySet() + "); initialise it first, e.g. softhsm2-util --init-token --free --label "
                    + label);
        }
        return slot;
    }

    static Map<String, Long> parseSoftHsm(String output) {
        Map<String, Long> slots = new LinkedHashMap<>();
        Long slot = null;
        for (String line : output.split("\\R")) {
            Matcher slotLine = SOFTHSM_SLOT.matcher(line);
            Matcher labelLine = SOFTHSM_LABEL.matcher(line);
            if (slotLine.matches()) {
                slot = Long.parseLong(slotLine.group(1));
            } else if (labelLine.matches() && slot != null) {
                add(slots, labelLine.group(1).strip(), slot);
                slot = null;
            }
        }
        return slots;
    }

    static Map<String, Long> parseOpenSc(String output) {
        Map<String, Long> slots = new LinkedHashMap<>();
        Long slot = null;
        for (String line : output.split("\\R")) {
            Matcher slotLine = OPENSC_SLOT.matcher(line);
            Matcher labelLine = OPENSC_LABEL.matcher(line);
            if (slotLine.matches()) {
                slot = Long.parseLong(slotLine.group(1), 16);
            } else if (labelLine.matches() && slot != null) {
                add(slots, labelLine.group(1).strip(), slot);
                slot = null;
            }
        }
        return slots;
    }

    private static void add(Map<String, Long> slots, String label, long slot) {
        if (label.isEmpty()) {
            return;
        }
        Long previous = slots.putIfAbsent(label, slot);
        if (previous != null) {
            throw new KeyException("two tokens are labelled '" + label + "' (slots " + previous + " and " + slot
                    + "); a token label must be unique");
        }
    }

    private static String run(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new KeyException("cannot run " + command.getFirst() + " to find the token's slot ("
                    + e.getMessage() + "); install it (softhsm2 / opensc), or run ./mosaic test, which does", e);
        }
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new KeyException(String.join(" ", command) + " did not finish within 30 s");
            }
            if (process.exitValue() != 0) {
                throw new KeyException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new KeyException("cannot read the output of " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
