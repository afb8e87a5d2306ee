package io.mosaic.plugin.assets;

import java.util.Objects;

/**
 * Message {@code assets.CommandRejected}: a command was not carried out. Published, not stored (nothing changed).
 *
 * @param commandType the rejected command's message type, e.g. {@code assets.RecordValuation}
 * @param assetId     the asset the command named (may be empty when the command could not be read)
 * @param reason      what is wrong, for people
 */
public record CommandRejected(String commandType, String assetId, String reason) {
    public CommandRejected {
        Objects.requireNonNull(commandType, "commandType");
        assetId = assetId == null ? "" : assetId;
        Objects.requireNonNull(reason, "reason");
    }
}
