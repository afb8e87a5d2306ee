package io.mosaic.marketplace.catalog;

import java.util.List;

/**
 * The catalog's events, stored as JSON in the journal (type {@code marketplace.<RecordName>}, schema version 1).
 * Times come from the journal row. Empty strings stand for "none" (no price, no note).
 */
sealed interface CatalogEvent {

    String TYPE_PREFIX = "marketplace.";

    record Scope(String scope, String reason) {
    }

    record VersionSubmitted(String app, String version, String publisher, String sha256, String domain,
                            String entryClass, List<String> consumes, List<String> publishes, List<Scope> scopes,
                            String priceAmount, String priceCurrency) implements CatalogEvent {
    }

    record VersionApproved(String app, String version, String reviewer, String note) implements CatalogEvent {
    }

    record VersionRejected(String app, String version, String reviewer, String reason) implements CatalogEvent {
    }

    record VersionWithdrawn(String app, String version, String operator, String reason) implements CatalogEvent {
    }

    /** Offers the version to these tenants only; an empty list offers it to every tenant. */
    record VersionOffered(String app, String version, List<String> tenants) implements CatalogEvent {
    }

    record AppInstalled(String tenant, String app, String version) implements CatalogEvent {
    }

    record AppUninstalled(String tenant, String app) implements CatalogEvent {
    }

    static String typeOf(CatalogEvent event) {
        return TYPE_PREFIX + event.getClass().getSimpleName();
    }

    static Class<? extends CatalogEvent> classOf(String type) {
        return switch (type.substring(TYPE_PREFIX.length())) {
            case "VersionSubmitted" -> VersionSubmitted.class;
            case "VersionApproved" -> VersionApproved.class;
            case "VersionRejected" -> VersionRejected.class;
            case "VersionWithdrawn" -> VersionWithdrawn.class;
            case "VersionOffered" -> VersionOffered.class;
            case "AppInstalled" -> AppInstalled.class;
            case "AppUninstalled" -> AppUninstalled.class;
            default -> throw new CatalogException(CatalogException.Kind.INVALID, "unknown catalog event type " + type);
        };
    }
}
