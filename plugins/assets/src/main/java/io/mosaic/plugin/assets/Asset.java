package io.mosaic.plugin.assets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code asset} aggregate's decisions: pure functions of a command, the current state and the time. */
public final class Asset {
    /** What the journal accepts as an aggregate id (see {@code io.mosaic.sdk.AggregateRef}). */
    static final Pattern ASSET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    /** Largest evidence document, decoded: it is one event of the asset's stream. */
    public static final int MAX_EVIDENCE_BYTES = 4 * 1024 * 1024;
    private static final Pattern DOCUMENT_NAME = Pattern.compile("[^/\\\\\\p{Cntrl}]{1,200}");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z]+/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

    private Asset() {
    }

    public static Decision decide(AssetCommand command, AssetState state, Instant now) {
        return decide(command, state, Optional.empty(), now);
    }

    /**
     * @param linked the registered asset that a {@link RegisterAsset} names as {@code linkedAssetId}, when there is
     *               one (the caller loads it; this function stays pure)
     */
    public static Decision decide(AssetCommand command, AssetState state, Optional<AssetState.Registered> linked,
                                  Instant now) {
        if (!ASSET_ID.matcher(command.assetId()).matches()) {
            return Decision.reject("asset id '" + command.assetId()
                    + "' must be 1-128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit");
        }
        return switch (command) {
            case RegisterAsset register -> register(register, state, linked, now);
            case RecordValuation record -> recordValuation(record, state, now);
            case AttachEvidence attach -> attachEvidence(attach, state, now);
        };
    }

    private static Decision register(RegisterAsset command, AssetState state, Optional<AssetState.Registered> linked,
                                     Instant now) {
        if (state instanceof AssetState.Registered) {
            return Decision.reject("asset " + command.assetId() + " is already registered");
        }
        if (command.name().isEmpty()) {
            return Decision.reject("asset " + command.assetId() + ": name is empty");
        }
        if (command.assetClass() == null) {
            return Decision.reject("asset " + command.assetId() + ": assetClass is missing");
        }
        if (command.owner().isEmpty()) {
            return Decision.reject("asset " + command.assetId() + ": owner is empty");
        }
        if (!Money.isCurrencyCode(command.currency())) {
            return Decision.reject("asset " + command.assetId() + ": currency '" + command.currency()
                    + "' is not an ISO 4217 code (e.g. CHF)");
        }
        if (command.linkedAssetId() != null) {
            String link = "asset " + command.assetId() + ": linkedAssetId '" + command.linkedAssetId() + "'";
            if (!command.assetClass().liability()) {
                return Decision.reject(link + ": only a liability (LOAN, MORTGAGE) is linked to another asset, not "
                        + command.assetClass());
            }
            if (command.linkedAssetId().equals(command.assetId())) {
                return Decision.reject(link + " is the asset itself");
            }
            if (linked.isEmpty() || !linked.get().assetId().equals(command.linkedAssetId())) {
                return Decision.reject(link + " is not a registered asset");
            }
            if (linked.get().assetClass().liability()) {
                return Decision.reject(link + " is itself a liability (" + linked.get().assetClass() + ")");
            }
        }
        return Decision.accept(List.of(new AssetRegistered(command.assetId(), command.name(), command.assetClass(),
                command.owner(), command.currency(), command.description(), now, command.linkedAssetId())));
    }

    private static Decision recordValuation(RecordValuation command, AssetState state, Instant now) {
        String what = "asset " + command.assetId() + ", valuation " + command.valuationId();
        if (!(state instanceof AssetState.Registered asset)) {
            return Decision.reject("asset " + command.assetId() + " is not registered");
        }
        if (command.valuationId().isEmpty()) {
            return Decision.reject("asset " + command.assetId() + ": valuationId is empty");
        }
        var existing = asset.valuation(command.valuationId());
        if (existing.isPresent()) {
            return existing.get().sameContentAs(command)
                    ? Decision.accept(List.of())
                    : Decision.reject(what + " is already recorded with different content");
        }
        if (command.amount() == null) {
            return Decision.reject(what + ": amount is missing");
        }
        if (command.amount().signum() < 0) {
            return Decision.reject(what + ": amount " + command.amount().toPlainString() + " is negative");
        }
        if (!command.currency().equals(asset.currency())) {
            return Decision.reject(what + ": currency '" + command.currency() + "' differs from the asset's currency "
                    + asset.currency());
        }
        if (command.valuationDate() == null) {
            return Decision.reject(what + ": valuationDate is missing");
        }
        if (command.method() == null) {
            return Decision.reject(what + ": method is missing");
        }
        var previous = asset.current().map(v -> v.value().amount()).orElse(null);
        return Decision.accept(List.of(new ValuationRecorded(command.assetId(), command.valuationId(),
                command.amount(), command.currency(), command.valuationDate(), command.method(), command.appraiser(),
                previous, now)));
    }

    private static Decision attachEvidence(AttachEvidence command, AssetState state, Instant now) {
        String what = "asset " + command.assetId() + ", evidence '" + command.documentName() + "'";
        if (!(state instanceof AssetState.Registered asset)) {
            return Decision.reject("asset " + command.assetId() + " is not registered");
        }
        if (!DOCUMENT_NAME.matcher(command.documentName()).matches()) {
            return Decision.reject(what + ": documentName must be 1-200 characters without '/', '\\' or control characters");
        }
        if (asset.valuation(command.valuationId()).isEmpty()) {
            return Decision.reject(what + ": valuation '" + command.valuationId() + "' is not recorded for this asset");
        }
        if (!MEDIA_TYPE.matcher(command.mediaType()).matches()) {
            return Decision.reject(what + ": mediaType '" + command.mediaType() + "' is not a media type (e.g. application/pdf)");
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(command.contentBase64().getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException notBase64) {
            return Decision.reject(what + ": contentBase64 is not base64: " + notBase64.getMessage());
        }
        if (content.length == 0) {
            return Decision.reject(what + ": the document is empty");
        }
        if (content.length > MAX_EVIDENCE_BYTES) {
            return Decision.reject(what + ": the document has " + content.length + " bytes, more than the "
                    + MAX_EVIDENCE_BYTES + " allowed");
        }
        String sha256 = sha256(content);
        Optional<Evidence> existing = asset.evidence(command.documentName());
        if (existing.isPresent()) {
            return existing.get().sha256().equals(sha256) && existing.get().valuationId().equals(command.valuationId())
                    ? Decision.accept(List.of())
                    : Decision.reject(what + " is already attached with other content");
        }
        return Decision.accept(List.of(new EvidenceAttached(command.assetId(), command.valuationId(),
                command.documentName(), command.mediaType(), Base64.getEncoder().encodeToString(content), sha256,
                content.length, now)));
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new AssetsException("SHA-256 is not available in this JVM");
        }
    }
}
