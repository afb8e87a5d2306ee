package io.mosaic.plugin.assets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** State of one {@code asset} aggregate, rebuilt from its events. Immutable; {@link #evolve} returns the next state. */
public sealed interface AssetState permits AssetState.Unregistered, AssetState.Registered {

    AssetState evolve(AssetEvent event);

    static AssetState initial() {
        return new Unregistered();
    }

    static AssetState replay(List<? extends AssetEvent> events) {
        AssetState state = initial();
        for (AssetEvent event : events) {
            state = state.evolve(event);
        }
        return state;
    }

    /** No asset with this id was registered. */
    record Unregistered() implements AssetState {
        @Override
        public AssetState evolve(AssetEvent event) {
            return switch (event) {
                case AssetRegistered registered -> new Registered(registered.assetId(), registered.name(),
                        registered.assetClass(), registered.owner(), registered.currency(), registered.description(),
                        registered.registeredAt(), List.of(), registered.linkedAssetId(), List.of());
                case ValuationRecorded recorded -> throw new AssetsException(
                        "asset " + recorded.assetId() + ": valuation " + recorded.valuationId() + " before registration");
                case EvidenceAttached attached -> throw new AssetsException(
                        "asset " + attached.assetId() + ": evidence " + attached.documentName() + " before registration");
            };
        }
    }

    /**
     * A registered asset.
     *
     * @param valuations    all valuations in recording order
     * @param linkedAssetId the asset a liability is secured on, or null
     * @param evidence      evidence documents (without content) in attaching order
     */
    record Registered(String assetId, String name, AssetClass assetClass, String owner, String currency,
                      String description, Instant registeredAt, List<Valuation> valuations, String linkedAssetId,
                      List<Evidence> evidence) implements AssetState {
        public Registered {
            Objects.requireNonNull(assetId, "assetId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(assetClass, "assetClass");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(registeredAt, "registeredAt");
            valuations = List.copyOf(valuations);
            evidence = List.copyOf(evidence);
        }

        public Optional<String> linked() {
            return Optional.ofNullable(linkedAssetId);
        }

        public Optional<Evidence> evidence(String documentName) {
            return evidence.stream().filter(e -> e.documentName().equals(documentName)).findFirst();
        }

        @Override
        public AssetState evolve(AssetEvent event) {
            return switch (event) {
                case AssetRegistered registered -> throw new AssetsException(
                        "asset " + registered.assetId() + " registered twice in its journal");
                case ValuationRecorded recorded -> {
                    List<Valuation> next = new ArrayList<>(valuations);
                    next.add(Valuation.from(recorded));
                    yield new Registered(assetId, name, assetClass, owner, currency, description, registeredAt, next,
                            linkedAssetId, evidence);
                }
                case EvidenceAttached attached -> {
                    List<Evidence> next = new ArrayList<>(evidence);
                    next.add(Evidence.from(attached));
                    yield new Registered(assetId, name, assetClass, owner, currency, description, registeredAt,
                            valuations, linkedAssetId, next);
                }
            };
        }

        /** The latest valuation by valuation date; among equal dates the one recorded last. */
        public Optional<Valuation> current() {
            Valuation best = null;
            for (Valuation valuation : valuations) {
                if (best == null || !valuation.valuationDate().isBefore(best.valuationDate())) {
                    best = valuation;
                }
            }
            return Optional.ofNullable(best);
        }

        /** All valuations ordered by valuation date, then by recording order. */
        public List<Valuation> history() {
            return valuations.stream().sorted(Comparator.comparing(Valuation::valuationDate)).toList();
        }

        public Optional<Valuation> valuation(String valuationId) {
            return valuations.stream().filter(v -> v.valuationId().equals(valuationId)).findFirst();
        }
    }
}
