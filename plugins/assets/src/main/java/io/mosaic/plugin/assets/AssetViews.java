package io.mosaic.plugin.assets;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Answers of the {@code asset} and {@code assets} queries: plain records, serialised to JSON by the platform. */
public final class AssetViews {
    private AssetViews() {
    }

    /** A value of an asset: amount, currency, and the date and method of the valuation it comes from. */
    public record CurrentValue(BigDecimal amount, String currency, LocalDate valuationDate, ValuationMethod method) {
        public CurrentValue {
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(valuationDate, "valuationDate");
            Objects.requireNonNull(method, "method");
        }

        static CurrentValue of(Valuation valuation) {
            return new CurrentValue(valuation.value().amount(), valuation.value().currency(),
                    valuation.valuationDate(), valuation.method());
        }
    }

    /** One entry of an asset's valuation history. */
    public record ValuationEntry(String valuationId, BigDecimal amount, String currency, LocalDate valuationDate,
                                 ValuationMethod method, String appraiser, Instant recordedAt) {
        static ValuationEntry of(Valuation valuation) {
            return new ValuationEntry(valuation.valuationId(), valuation.value().amount(), valuation.value().currency(),
                    valuation.valuationDate(), valuation.method(), valuation.appraiser(), valuation.recordedAt());
        }
    }

    /** An evidence document of an asset, without its content (see the {@code evidence} query). */
    public record EvidenceEntry(String valuationId, String documentName, String mediaType, long size, String sha256,
                                Instant attachedAt) {
        static EvidenceEntry of(Evidence evidence) {
            return new EvidenceEntry(evidence.valuationId(), evidence.documentName(), evidence.mediaType(),
                    evidence.size(), evidence.sha256(), evidence.attachedAt());
        }
    }

    /** Answer of {@code evidence?assetId=…&documentName=…}: the document with its content. */
    public record EvidenceDocument(String assetId, String valuationId, String documentName, String mediaType,
                                   long size, String sha256, String contentBase64, Instant attachedAt) {
        static EvidenceDocument of(EvidenceAttached attached) {
            return new EvidenceDocument(attached.assetId(), attached.valuationId(), attached.documentName(),
                    attached.mediaType(), attached.size(), attached.sha256(), attached.contentBase64(),
                    attached.attachedAt());
        }
    }

    /**
     * Answer of {@code asset?id=…}.
     *
     * @param currentValue  JSON {@code null} while the asset has no valuation; {@link #current()} in Java
     * @param valuations    the full history, ordered by valuation date, then by recording order
     * @param liability     true for LOAN and MORTGAGE: the value is owed (consolidated as negative)
     * @param linkedAssetId the asset a liability is secured on; JSON {@code null} when none
     * @param evidence      evidence documents without content, in attaching order
     */
    public record AssetDetails(String id, String name, AssetClass assetClass, String owner, String currency,
                               String description, CurrentValue currentValue, List<ValuationEntry> valuations,
                               boolean liability, String linkedAssetId, List<EvidenceEntry> evidence) {
        public AssetDetails {
            valuations = List.copyOf(valuations);
            evidence = List.copyOf(evidence);
        }

        public Optional<CurrentValue> current() {
            return Optional.ofNullable(currentValue);
        }

        static AssetDetails of(AssetState.Registered asset) {
            return new AssetDetails(asset.assetId(), asset.name(), asset.assetClass(), asset.owner(), asset.currency(),
                    asset.description(), asset.current().map(CurrentValue::of).orElse(null),
                    asset.history().stream().map(ValuationEntry::of).toList(), asset.assetClass().liability(),
                    asset.linkedAssetId(), asset.evidence().stream().map(EvidenceEntry::of).toList());
        }
    }

    /**
     * One element of the answer of {@code assets}.
     *
     * @param currentValue JSON {@code null} while the asset has no valuation; {@link #current()} in Java
     */
    public record AssetSummary(String id, String name, AssetClass assetClass, String owner, CurrentValue currentValue,
                               boolean liability, String linkedAssetId) {
        public Optional<CurrentValue> current() {
            return Optional.ofNullable(currentValue);
        }

        static AssetSummary of(AssetState.Registered asset) {
            return new AssetSummary(asset.assetId(), asset.name(), asset.assetClass(), asset.owner(),
                    asset.current().map(CurrentValue::of).orElse(null), asset.assetClass().liability(),
                    asset.linkedAssetId());
        }
    }
}
