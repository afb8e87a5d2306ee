package io.mosaic.plugin.assets;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** The {@code asset} aggregate's decisions: pure functions of a command, the current state and the time. */
public final class Asset {
    /** What the journal accepts as an aggregate id (see {@code io.mosaic.sdk.AggregateRef}). */
    static final Pattern ASSET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    private Asset() {
    }

    public static Decision decide(AssetCommand command, AssetState state, Instant now) {
        if (!ASSET_ID.matcher(command.assetId()).matches()) {
            return Decision.reject("asset id '" + command.assetId()
                    + "' must be 1-128 letters, digits, '_', '.', ':' or '-', starting with a letter or digit");
        }
        return switch (command) {
            case RegisterAsset register -> register(register, state, now);
            case RecordValuation record -> recordValuation(record, state, now);
        };
    }

    private static Decision register(RegisterAsset command, AssetState state, Instant now) {
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
        return Decision.accept(List.of(new AssetRegistered(command.assetId(), command.name(), command.assetClass(),
                command.owner(), command.currency(), command.description(), now)));
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
}
