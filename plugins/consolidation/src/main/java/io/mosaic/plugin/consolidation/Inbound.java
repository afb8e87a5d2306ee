package io.mosaic.plugin.consolidation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The events consolidation consumes, read as the contract (docs/wealth-contract.md) defines them. Own copies:
 * a plugin compiles against the SDK alone. Enumerations of other domains are read as text, so that a value added
 * there (a new asset class) does not make an event unreadable here.
 */
public final class Inbound {
    private Inbound() {
    }

    /** {@code structures.PartyRegistered}. */
    public record PartyRegistered(String partyId, String kind, String name, String jurisdiction) {
    }

    /** {@code structures.OwnershipChanged}; {@code validTo} exclusive, null = open. */
    public record OwnershipChanged(String edgeId, String holderId, String entityId, BigDecimal economicShare,
                                   BigDecimal votingShare, LocalDate validFrom, LocalDate validTo) {
    }

    /** {@code custody.HoldingValued}: the state of one holding on {@code asOf}. */
    public record HoldingValued(String holdingId, String accountId, String ownerId, String custodian,
                                String instrumentId, String instrumentName, String assetClass, String region,
                                BigDecimal quantity, String currency, BigDecimal marketValue, LocalDate asOf) {
    }

    /** {@code custody.CashFlowRecorded}: amount signed, + into the portfolio. */
    public record CashFlowRecorded(String flowId, String accountId, String ownerId, BigDecimal amount, String currency,
                                   LocalDate date, boolean external) {
    }

    /** {@code assets.AssetRegistered}. */
    public record AssetRegistered(String assetId, String name, String assetClass, String owner, String currency,
                                  String description, Instant registeredAt, String linkedAssetId) {
    }

    /** {@code assets.ValuationRecorded}. */
    public record ValuationRecorded(String assetId, String valuationId, BigDecimal amount, String currency,
                                    LocalDate valuationDate, String method, String appraiser,
                                    BigDecimal previousAmount, Instant recordedAt) {
    }

    /** {@code market-data.FxRateRecorded}: 1 base = rate quote. */
    public record FxRateRecorded(String base, String quote, BigDecimal rate, LocalDate date, String source) {
    }

    /** {@code market-data.PriceRecorded}. */
    public record PriceRecorded(String instrumentId, BigDecimal price, String currency, LocalDate date, String source) {
    }
}
