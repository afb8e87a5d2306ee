package io.mosaic.plugin.structures;

import java.util.Objects;

/**
 * Message {@code structures.CommandRejected}: a command was not carried out. Published, not stored.
 *
 * @param commandType the rejected command's type, e.g. {@code structures.SetOwnership}
 * @param reference   the party or edge id the command named (may be empty)
 * @param reason      what is wrong, for people
 */
public record CommandRejected(String commandType, String reference, String reason) {
    public CommandRejected {
        Objects.requireNonNull(commandType, "commandType");
        reference = reference == null ? "" : reference;
        Objects.requireNonNull(reason, "reason");
    }
}
