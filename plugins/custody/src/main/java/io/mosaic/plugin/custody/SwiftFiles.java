package io.mosaic.plugin.custody;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SWIFT MT file into its messages: FIN messages each starting with a basic header block {@code {1:},
 * optionally separated by {@code $} (RJE files); or, as many e-banking exports write it, the text block alone
 * ({@code :20:…} up to a line {@code -}), which is wrapped in neutral header blocks so that Prowide reads it.
 */
final class SwiftFiles {
    private SwiftFiles() {
    }

    static List<String> messages(String content, String messageType) {
        String text = content.replace("\r\n", "\n").replace('\r', '\n').strip();
        List<String> messages = new ArrayList<>();
        if (text.contains("{1:")) {
            int start = text.indexOf("{1:");
            while (start >= 0) {
                int next = text.indexOf("{1:", start + 3);
                String message = (next < 0 ? text.substring(start) : text.substring(start, next)).strip();
                if (message.endsWith("$")) {
                    message = message.substring(0, message.length() - 1).strip();
                }
                messages.add(message);
                start = next;
            }
            return messages;
        }
        StringBuilder block = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.strip().equals("-") || line.strip().equals("$")) {
                addBlock(messages, block, messageType);
            } else {
                block.append(line).append('\n');
            }
        }
        addBlock(messages, block, messageType);
        return messages;
    }

    private static void addBlock(List<String> messages, StringBuilder block, String messageType) {
        if (block.toString().isBlank()) {
            block.setLength(0);
            return;
        }
        messages.add("{1:F01MOSAICXXAXXX0000000000}{2:O" + messageType + "0000000101MOSAICXXAXXX00000000000001010000N}{4:\n"
                + block + "-}");
        block.setLength(0);
    }
}
