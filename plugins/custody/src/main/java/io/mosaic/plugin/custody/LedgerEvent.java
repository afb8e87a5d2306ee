package io.mosaic.plugin.custody;

/**
 * Events of an owner's custody ledger (aggregate {@code custody-ledger/<ownerId>}). All but {@link AccountOpened}
 * are also published as {@code custody.<simple name>} with the same record as body, entity = the owner.
 */
public sealed interface LedgerEvent
        permits AccountOpened, StatementImported, HoldingValued, CashFlowRecorded, ReconciliationDifference {

    String ownerId();

    default String messageType() {
        return CustodyDomain.DOMAIN + "." + getClass().getSimpleName();
    }

    /** Published on the bus, not only stored. */
    default boolean published() {
        return !(this instanceof AccountOpened);
    }

    static Class<? extends LedgerEvent> classOf(String type) {
        String simpleName = type.substring(type.lastIndexOf('.') + 1);
        return switch (simpleName) {
            case "AccountOpened" -> AccountOpened.class;
            case "StatementImported" -> StatementImported.class;
            case "HoldingValued" -> HoldingValued.class;
            case "CashFlowRecorded" -> CashFlowRecorded.class;
            case "ReconciliationDifference" -> ReconciliationDifference.class;
            default -> throw new CustodyException("custody ledger holds an event of unknown type '" + type + "'");
        };
    }
}
