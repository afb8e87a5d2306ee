package io.mosaic.plugin.structures;

import java.util.Objects;

/**
 * Message {@code structures.CommandRejected}: a command was not carried out. Published, not stored.
 *
 * @param commandType the rejected command's type, e.g. {@code structures.SetOwnership}
 * @param reference   the party or edge id the command named (may be empty)
 * @param reason      what is wrong, for people
 * @param entity      the party the command was about (an edge's held entity), so that the people who may see that
 *                    party see the refusal; empty when the command could not be read
 */
public record CommandRejected(String commandType, String reference, String reason, String entity) {
    public CommandRejected {
        Objects.requireNonNull(commandType, "commandType");
        reference = reference == null ? "" : reference;
        Objects.requireNonNull(reason, "reason");
        entity = entity == null ? "" : entity;
    }

    /** A refusal without the party (a command that could not be read). */
    public CommandRejected(String commandType, String reference, String reason) {
        this(commandType, reference, reason, "");
    }
}
