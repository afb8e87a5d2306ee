package io.mosaic.plugin.consolidation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * What consolidation keeps of the events it consumes, as its own event-sourced streams (type
 * {@code consolidation.<simple name>}). Every fact carries the date from which it holds ({@link #validFrom}) and
 * the time consolidation recorded it ({@link #recordedAt}): "as of a date" selects by the first, "as known at a
 * time" by the second.
 */
public sealed interface Fact {

    LocalDate validFrom();

    Instant recordedAt();

    /** What identifies the fact's subject: a later fact with the same key and valid date replaces it. */
    String key();

    /** Everything but the recording time, decimals normalised: equal content = a repeat, not a change. */
    String content();

    /** The business entity whose data key protects the fact (stream id). */
    String entity();

    /** The stream type the fact is stored in. */
    String stream();

    Set<String> LIABILITY_CLASSES = Set.of("LOAN", "MORTGAGE", "LIABILITY");

    static String text(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }

    static Class<? extends Fact> classOf(String type) {
        return switch (type.substring(type.lastIndexOf('.') + 1)) {
            case "PartyFact" -> PartyFact.class;
            case "EdgeFact" -> EdgeFact.class;
            case "HoldingFact" -> HoldingFact.class;
            case "FlowFact" -> FlowFact.class;
            case "AssetFact" -> AssetFact.class;
            case "ValuationFact" -> ValuationFact.class;
            case "RateFact" -> RateFact.class;
            case "PriceFact" -> PriceFact.class;
            default -> throw new ConsolidationException("consolidation journal holds a fact of unknown type '" + type + "'");
        };
    }

    /** A party and its kind; valid from the day it was recorded (attributes, they do not carry value). */
    record PartyFact(String partyId, String kind, String name, LocalDate validFrom, Instant recordedAt)
            implements Fact {
        public PartyFact {
            Objects.requireNonNull(partyId, "partyId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(validFrom, "validFrom");
            Objects.requireNonNull(recordedAt, "recordedAt");
        }

        public String key() {
            return partyId;
        }

        public String content() {
            return kind + "|" + name;
        }

        public String entity() {
            return partyId;
        }

        public String stream() {
            return "structure-facts";
        }
    }

    /** An ownership edge in its latest content; valid on d when validFrom ≤ d < validTo. */
    record EdgeFact(String edgeId, String holderId, String entityId, BigDecimal economicShare, LocalDate validFrom,
                    LocalDate validTo, Instant recordedAt) implements Fact {
        public EdgeFact {
            Objects.requireNonNull(edgeId, "edgeId");
            Objects.requireNonNull(holderId, "holderId");
            Objects.requireNonNull(entityId, "entityId");
            Objects.requireNonNull(economicShare, "economicShare");
            Objects.requireNonNull(validFrom, "validFrom");
            Objects.requireNonNull(recordedAt, "recordedAt");
        }

        public boolean validOn(LocalDate date) {
            return !date.isBefore(validFrom) && (validTo == null || date.isBefore(validTo));
        }

        public String key() {
            return edgeId;
        }

        public String content() {
            return holderId + "|" + entityId + "|" + Fact.text(economicShare) + "|" + validFrom + "|" + validTo;
        }

        public String entity() {
            return entityId;
        }

        public String stream() {
            return "structure-facts";
        }
    }

    /** A custody holding's state on {@code validFrom} (the statement date). */
    record HoldingFact(String holdingId, String ownerId, String custodian, String instrumentId, String name,
                       String assetClass, String region, BigDecimal quantity, String currency, BigDecimal marketValue,
                       LocalDate validFrom, Instant recordedAt) implements Fact {
        public HoldingFact {
            Objects.requireNonNull(holdingId, "holdingId");
            Objects.requireNonNull(ownerId, "ownerId");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(marketValue, "marketValue");
            Objects.requireNonNull(validFrom, "validFrom");
            Objects.requireNonNull(recordedAt, "recordedAt");
            custodian = custodian == null ? "" : custodian;
            instrumentId = instrumentId == null ? "" : instrumentId;
            name = name == null ? "" : name;
            assetClass = assetClass == null ? "OTHER" : assetClass;
            region = region == null ? "UNKNOWN" : region;
            quantity = quantity == null ? BigDecimal.ZERO : quantity;
        }

        public String key() {
            return holdingId;
        }

        public String content() {
            return String.join("|", ownerId, custodian, instrumentId, name, assetClass, region, Fact.text(quantity),
                    currency, Fact.text(marketValue), validFrom.toString());
        }

        public String entity() {
            return ownerId;
        }

        public String stream() {
            return "owner-facts";
        }
    }

    /** A cash flow of an owner's account on {@code validFrom}; external = across the portfolio's boundary. */
    record FlowFact(String flowId, String ownerId, BigDecimal amount, String currency, boolean external,
                    LocalDate validFrom, Instant recordedAt) implements Fact {
        public FlowFact {
            Objects.requireNonNull(flowId, "flowId");
            Objects.requireNonNull(ownerId, "ownerId");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(validFrom, "validFrom");
            Objects.requireNonNull(recordedAt, "recordedAt");
        }

        public String key() {
            return flowId;
        }

        public String content() {
            return String.join("|", ownerId, Fact.text(amount), currency, String.valueOf(external), validFrom.toString());
        }

        public String entity() {
            return ownerId;
        }

        public String stream() {
            return "owner-facts";
        }
    }

    /**
     * A non-bankable asset or liability and its owner. {@code validFrom} is its registration date, kept for the
     * record; its value on a date comes from its valuations, also those dated before the registration.
     */
    record AssetFact(String assetId, String ownerId, String name, String assetClass, String currency,
                     LocalDate validFrom, Instant recordedAt) implements Fact {
        public AssetFact {
            Objects.requireNonNull(assetId, "assetId");
            Objects.requireNonNull(ownerId, "ownerId");
            Objects.requireNonNull(assetClass, "assetClass");
            Objects.requireNonNull(validFrom, "validFrom");
            Objects.requireNonNull(recordedAt, "recordedAt");
            name = name == null ? "" : name;
        }

        public boolean liability() {
            return LIABILITY_CLASSES.contains(assetClass);
        }

        public String key() {
            return assetId;
        }

        public String content() {
            return String.join("|", ownerId, name, assetClass, String.valueOf(currency));
        }

        public String entity() {
            return assetId;
        }

        public String stream() {
            return "asset-facts";
        }
    }

    /** A valuation of an asset on {@code validFrom} (for a liability: the outstanding balance, positive). */
    record ValuationFact(String assetId, String valuationId, BigDecimal amount, String currency, LocalDate validFrom,
                         Instant recordedAt) implements Fact {
        public ValuationFact {
            Objects.requireNonNull(assetId, "assetId");
            Objects.requireNonNull(valuationId, "valuationId");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(validFrom, "validFrom");
            Objects.requireNonNull(recordedAt, "recordedAt");
        }

        public String key() {
            return assetId;
        }

        public String content() {
            return String.join("|", valuationId, Fact.text(amount), currency, validFrom.toString());
        }

        public String entity() {
            return assetId;
        }

        public String stream() {
            return "asset-facts";
        }
    }

    /** 1 base = rate quote on {@code validFrom}. */
    record RateFact(String base, String quote, BigDecimal rate, LocalDate validFrom, Instant recordedAt)
            implements Fact {
        public RateFact {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(quote, "quote");
            Objects.requireNonNull(rate, "rate");
            if (rate.signum() <= 0) {
                throw new IllegalArgumentException("rate " + base + "/" + quote + " is not positive");
            }
            Objects.requireNonNull(validFrom, "validFrom");
            Objects.requireNonNull(recordedAt, "recordedAt");
        }

        public String key() {
            return base + "-" + quote;
        }

        public String content() {
            return Fact.text(rate) + "|" + validFrom;
        }

        public String entity() {
            return key();
        }

        public String stream() {
            return "rate-facts";
        }
    }

    /** One unit of the instrument is worth {@code price} {@code currency} on {@code validFrom}. */
    record PriceFact(String instrumentId, BigDecimal price, String currency, LocalDate validFrom, Instant recordedAt)
            implements Fact {
        public PriceFact {
            Objects.requireNonNull(instrumentId, "instrumentId");
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(validFrom, "validFrom");
            Objects.requireNonNull(recordedAt, "recordedAt");
        }

        public String key() {
            return instrumentId;
        }

        public String content() {
            return Fact.text(price) + "|" + currency + "|" + validFrom;
        }

        public String entity() {
            return instrumentId;
        }

        public String stream() {
            return "price-facts";
        }
    }
}
