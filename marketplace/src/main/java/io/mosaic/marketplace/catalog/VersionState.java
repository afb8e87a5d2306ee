package io.mosaic.marketplace.catalog;

/**
 * Where a submitted version stands. {@code SUBMITTED -> APPROVED | REJECTED}; {@code APPROVED -> WITHDRAWN}.
 * Only {@code APPROVED} versions are installable.
 */
public enum VersionState {
    SUBMITTED, APPROVED, REJECTED, WITHDRAWN
}
