package io.mosaic.plugin.assets;

/**
 * A command of the assets domain. Commands are requests: their records accept any content that can be read, so
 * that an invalid one can be answered with a {@link CommandRejected} naming the reason (see {@link Asset#decide}).
 */
public sealed interface AssetCommand permits RegisterAsset, RecordValuation, AttachEvidence {

    String assetId();

    /** The message type, {@code assets.<simple name>}. */
    default String messageType() {
        return AssetsDomain.DOMAIN + "." + getClass().getSimpleName();
    }
}
