package io.mosaic.plugin.assets;

/**
 * Events of the {@code asset} aggregate. Each is stored in the journal and published as a message of type
 * {@code assets.<simple name>} with the same record as body.
 */
public sealed interface AssetEvent permits AssetRegistered, ValuationRecorded, EvidenceAttached {

    String assetId();

    /** Published on the bus as well as stored (evidence documents are stored only). */
    default boolean published() {
        return true;
    }

    default String messageType() {
        return AssetsDomain.DOMAIN + "." + getClass().getSimpleName();
    }

    /** The record class of a stored event type, {@code assets.AssetRegistered} or just {@code AssetRegistered}. */
    static Class<? extends AssetEvent> classOf(String type) {
        String simpleName = type.substring(type.lastIndexOf('.') + 1);
        return switch (simpleName) {
            case "AssetRegistered" -> AssetRegistered.class;
            case "ValuationRecorded" -> ValuationRecorded.class;
            case "EvidenceAttached" -> EvidenceAttached.class;
            default -> throw new AssetsException("asset journal holds an event of unknown type '" + type + "'");
        };
    }
}
