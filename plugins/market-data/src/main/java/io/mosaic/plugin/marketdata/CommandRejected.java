package io.mosaic.plugin.marketdata;

import java.util.Objects;

/**
 * Message {@code market-data.CommandRejected}: nothing was recorded.
 *
 * @param reference pair ({@code USD/CHF}), instrument id or file name
 * @param reason    for an import, every problem found, each naming file, line and column
 */
public record CommandRejected(String commandType, String reference, String reason) {
    public CommandRejected {
        Objects.requireNonNull(commandType, "commandType");
        reference = reference == null ? "" : reference;
        Objects.requireNonNull(reason, "reason");
    }
}
