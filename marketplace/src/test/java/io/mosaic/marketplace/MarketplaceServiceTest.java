package io.mosaic.marketplace;

import io.mosaic.eventstore.EmbeddedDatabase;
import io.mosaic.marketplace.catalog.Catalog;
import io.mosaic.marketplace.catalog.Installability;
import io.mosaic.marketplace.catalog.Submission;
import io.mosaic.marketplace.metering.ComplexityFact;
import io.mosaic.marketplace.metering.ComplexityMeter;
import io.mosaic.marketplace.metering.ComplexityWeights;
import io.mosaic.marketplace.metering.Dimension;
import io.mosaic.marketplace.metering.Money;
import io.mosaic.marketplace.metering.MonthlyStatement;
import io.mosaic.marketplace.packaging.InMemoryPublisherRegistry;
import io.mosaic.marketplace.packaging.PackageSigner;
import io.mosaic.marketplace.packaging.PackageVerifier;
import io.mosaic.marketplace.packaging.PublisherKeys;
import io.mosaic.runtime.host.ManifestReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

import static io.mosaic.marketplace.TestPackages.ACME;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole path a third party and a bank go through, and the bill at the end of the month. */
class MarketplaceServiceTest {
    @TempDir
    Path dir;

    @Test
    void publishReviewInstall_andTheMonthlyStatementChargesTheInstalledApp() {
        Instant march10 = Instant.parse("2026-03-10T12:00:00Z");
        Clock clock = Clock.fixed(march10, ZoneOffset.UTC);
        InMemoryPublisherRegistry registry = new InMemoryPublisherRegistry();
        try (EmbeddedDatabase database = EmbeddedDatabase.inMemory()) {
            Catalog catalog = new Catalog(database.journal(), new PackageVerifier(registry, new ManifestReader()::read,
                    Clock.systemUTC()), dir.resolve("store"), clock);
            MarketplaceService marketplace = new MarketplaceService(registry, catalog,
                    new ComplexityMeter(ComplexityWeights.standard()), tenant -> Money.of("1.00", "CHF"));
            PublisherKeys keys = TestPackages.keys(ACME);
            marketplace.registerPublisher(ACME, keys.certificate());
            Path jar = TestPackages.appJar(dir, "esg-screening", "1.0.0", ACME);
            new PackageSigner(keys).sign(jar);

            Submission submission = marketplace.submit(jar, PackageSigner.signatureOf(jar), Money.of("0.50", "CHF"));
            marketplace.approve("esg-screening", "1.0.0", "operator@mosaic", "ok");
            Installability installable = marketplace.installable("demo", "esg-screening", "1.0.0");
            marketplace.recordInstalled("demo", "esg-screening", "1.0.0");
            marketplace.recordComplexity(ComplexityFact.added("demo", "meier", march10, Dimension.LEGAL_ENTITY, "co"));
            marketplace.recordComplexity(ComplexityFact.added("demo", "meier", march10, Dimension.ACCOUNT, "acc"));

            MonthlyStatement march = marketplace.statement("demo", YearMonth.of(2026, 3));
            MonthlyStatement february = marketplace.statement("demo", YearMonth.of(2026, 2));

            assertThat(submission).isInstanceOf(Submission.Accepted.class);
            assertThat(installable).isInstanceOf(Installability.Installable.class);
            assertThat(marketplace.publishers()).singleElement().satisfies(p -> assertThat(p.name()).isEqualTo(ACME));
            // meier: 1 entity x 3 + 1 account x 1 = 4; platform 4 x 1.00, app 4 x 0.50
            assertThat(march.lines()).extracting(l -> l.item() + " " + l.amount())
                    .containsExactly("platform 4.00 CHF", "esg-screening 2.00 CHF");
            assertThat(february.lines()).isEmpty();
        }
    }
}
