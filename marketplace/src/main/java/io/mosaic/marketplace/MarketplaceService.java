package io.mosaic.marketplace;

import io.mosaic.marketplace.catalog.AppVersion;
import io.mosaic.marketplace.catalog.Catalog;
import io.mosaic.marketplace.catalog.Installability;
import io.mosaic.marketplace.catalog.Installation;
import io.mosaic.marketplace.catalog.Submission;
import io.mosaic.marketplace.metering.AppCharge;
import io.mosaic.marketplace.metering.ComplexityFact;
import io.mosaic.marketplace.metering.ComplexityMeter;
import io.mosaic.marketplace.metering.Money;
import io.mosaic.marketplace.metering.MonthlyStatement;
import io.mosaic.marketplace.packaging.Publisher;
import io.mosaic.marketplace.packaging.PublisherRegistry;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The marketplace in plain methods, for the server's REST routes (docs/marketplace.md lists the routes and which
 * method each calls). Refusals are values ({@link Submission.Refused}, {@link Installability.NotInstallable});
 * commands that cannot apply throw {@link io.mosaic.marketplace.catalog.CatalogException} whose kind maps to the
 * HTTP status.
 */
public final class MarketplaceService {
    private final PublisherRegistry publishers;
    private final Catalog catalog;
    private final ComplexityMeter meter;
    private final Function<String, Money> platformPricePerUnit;

    /**
     * @param platformPricePerUnit the platform's price per unit of complexity for a tenant (from its plan)
     */
    public MarketplaceService(PublisherRegistry publishers, Catalog catalog, ComplexityMeter meter,
                              Function<String, Money> platformPricePerUnit) {
        this.publishers = Objects.requireNonNull(publishers, "publishers");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.meter = Objects.requireNonNull(meter, "meter");
        this.platformPricePerUnit = Objects.requireNonNull(platformPricePerUnit, "platformPricePerUnit");
    }

    // ---- operator: publishers

    public void registerPublisher(String name, X509Certificate certificate) {
        publishers.register(name, certificate);
    }

    public void revokePublisherKey(String name, X509Certificate certificate) {
        publishers.revoke(name, certificate);
    }

    public List<Publisher> publishers() {
        return publishers.all();
    }

    // ---- publishers: submission

    public Submission submit(Path jar, Path signature) {
        return catalog.submit(jar, signature);
    }

    public Submission submit(Path jar, Path signature, Money pricePerComplexityUnit) {
        return catalog.submit(jar, signature, pricePerComplexityUnit);
    }

    // ---- operator: review

    public List<AppVersion> reviewQueue() {
        return catalog.reviewQueue();
    }

    public AppVersion approve(String app, String version, String reviewer, String note) {
        return catalog.approve(app, version, reviewer, note);
    }

    public AppVersion reject(String app, String version, String reviewer, String reason) {
        return catalog.reject(app, version, reviewer, reason);
    }

    public AppVersion withdraw(String app, String version, String operator, String reason) {
        return catalog.withdraw(app, version, operator, reason);
    }

    public AppVersion offer(String app, String version, Set<String> tenants) {
        return catalog.offer(app, version, tenants);
    }

    // ---- everyone: catalog

    public List<String> apps() {
        return catalog.apps();
    }

    public List<AppVersion> versions(String app) {
        return catalog.versions(app);
    }

    public Optional<AppVersion> version(String app, String version) {
        return catalog.version(app, version);
    }

    // ---- tenant administrators

    public List<AppVersion> availableTo(String tenant) {
        return catalog.availableTo(tenant);
    }

    /** Before install: the verified package and its manifest (scopes and reasons for the consent screen). */
    public Installability installable(String tenant, String app, String version) {
        return catalog.installable(tenant, app, version);
    }

    public Installation recordInstalled(String tenant, String app, String version) {
        return catalog.recordInstalled(tenant, app, version);
    }

    public void recordUninstalled(String tenant, String app) {
        catalog.recordUninstalled(tenant, app);
    }

    public Map<String, String> installed(String tenant) {
        return catalog.installed(tenant);
    }

    // ---- metering

    /** Feeds the meter; false for a fact seen before. */
    public boolean recordComplexity(ComplexityFact fact) {
        return meter.record(fact);
    }

    /**
     * The tenant's statement for the month. Apps are charged for a month in which they were installed at any time,
     * at the price of the last version installed during that month; free apps have no line.
     */
    public MonthlyStatement statement(String tenant, YearMonth month) {
        Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Map<String, Installation> lastInMonth = new LinkedHashMap<>();
        for (Installation installation : catalog.installationHistory(tenant)) {
            boolean overlaps = installation.from().isBefore(end)
                    && installation.until().map(until -> until.isAfter(start)).orElse(true);
            if (overlaps) {
                lastInMonth.put(installation.app(), installation);
            }
        }
        List<AppCharge> charges = lastInMonth.values().stream()
                .flatMap(i -> catalog.version(i.app(), i.version()).flatMap(AppVersion::pricePerUnit)
                        .map(price -> new AppCharge(i.app(), i.version(), price)).stream())
                .toList();
        return meter.statement(tenant, month, platformPricePerUnit.apply(tenant), charges);
    }
}
