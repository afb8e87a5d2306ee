package io.mosaic.marketplace.catalog;

import io.mosaic.eventstore.EmbeddedDatabase;
import io.mosaic.marketplace.TestPackages;
import io.mosaic.marketplace.metering.Money;
import io.mosaic.marketplace.packaging.InMemoryPublisherRegistry;
import io.mosaic.marketplace.packaging.PackageRefusal.Reason;
import io.mosaic.marketplace.packaging.PackageSigner;
import io.mosaic.marketplace.packaging.PackageVerifier;
import io.mosaic.marketplace.packaging.PublisherKeys;
import io.mosaic.marketplace.packaging.PublisherRegistry;
import io.mosaic.runtime.host.ManifestReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

import static io.mosaic.marketplace.TestPackages.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogTest {
    private static final PublisherKeys ACME_KEYS = TestPackages.keys(ACME);
    private static final PublisherKeys OTHER_KEYS = TestPackages.keys("Other Fintech GmbH");

    @TempDir
    Path dir;

    private final EmbeddedDatabase database = EmbeddedDatabase.inMemory();
    private final PublisherRegistry registry = new InMemoryPublisherRegistry();
    private Catalog catalog;

    @AfterEach
    void close() {
        database.close();
    }

    private Catalog catalog() {
        if (catalog == null) {
            registry.register(ACME, ACME_KEYS.certificate());
            registry.register("Other Fintech GmbH", OTHER_KEYS.certificate());
            catalog = newCatalog();
        }
        return catalog;
    }

    private Catalog newCatalog() {
        return new Catalog(database.journal(), new PackageVerifier(registry, new ManifestReader()::read,
                Clock.systemUTC()), dir.resolve("store"), Clock.systemUTC());
    }

    private Path signed(String app, String version, String publisher, PublisherKeys keys) {
        Path jar = TestPackages.appJar(dir.resolve("upload-" + app + "-" + version + "-" + publisher.length()), app,
                version, publisher);
        new PackageSigner(keys).sign(jar);
        return jar;
    }

    private Submission submit(String app, String version) {
        Path jar = signed(app, version, ACME, ACME_KEYS);
        return catalog().submit(jar, PackageSigner.signatureOf(jar), Money.of("0.40", "CHF"));
    }

    private AppVersion approved(String app, String version) {
        assertThat(submit(app, version)).isInstanceOf(Submission.Accepted.class);
        return catalog().approve(app, version, "operator@mosaic", "reviewed: scopes match the description");
    }

    @Test
    void submittedVersion_waitsForReview_showingScopesReasonsAndMessageTypes() {
        Submission submission = submit("esg-screening", "1.0.0");

        assertThat(submission).isInstanceOfSatisfying(Submission.Accepted.class, accepted ->
                assertThat(accepted.alreadyKnown()).isFalse());
        assertThat(catalog().reviewQueue()).singleElement().satisfies(v -> {
            assertThat(v.ref()).isEqualTo("esg-screening@1.0.0");
            assertThat(v.state()).isEqualTo(VersionState.SUBMITTED);
            assertThat(v.publisher()).isEqualTo(ACME);
            assertThat(v.scopes()).extracting(s -> s.scope() + ": " + s.reason()).containsExactly(
                    "custody.positions.read: Screens your positions against ESG ratings",
                    "assets.valuations.read: Includes non-bankable assets in the screening");
            assertThat(v.consumes()).containsExactly("custody.PositionChanged", "assets.ValuationRecorded");
            assertThat(v.publishes()).containsExactly("esg-screening.ScreeningResult");
            assertThat(v.pricePerUnit()).contains(Money.of("0.40", "CHF"));
        });
    }

    @Test
    void unapprovedVersion_isNotInstallable() {
        submit("esg-screening", "1.0.0");

        Installability result = catalog().installable("demo", "esg-screening", "1.0.0");

        assertThat(result).isInstanceOfSatisfying(Installability.NotInstallable.class, no -> {
            assertThat(no.refusal().reason()).isEqualTo(Reason.CATALOG);
            assertThat(no.refusal().message()).contains("esg-screening@1.0.0 is submitted",
                    "only versions the operator approved are installable");
        });
    }

    @Test
    void approvedVersion_isInstallable_withItsVerifiedJarAndManifest() {
        approved("esg-screening", "1.0.0");

        Installability result = catalog().installable("demo", "esg-screening", "1.0.0");

        assertThat(result).isInstanceOfSatisfying(Installability.Installable.class, ok -> {
            assertThat(ok.jar()).exists().startsWith(dir.resolve("store"));
            assertThat(ok.signature()).exists();
            assertThat(ok.manifest().plugin().toString()).isEqualTo("esg-screening@1.0.0");
            assertThat(ok.version().reviewer()).contains("operator@mosaic");
        });
    }

    @Test
    void rejectedVersion_isNotInstallable_andCarriesTheReason() {
        submit("esg-screening", "1.0.0");

        AppVersion rejected = catalog().reject("esg-screening", "1.0.0", "operator@mosaic",
                "asks for custody.positions.read without using it");

        assertThat(rejected.state()).isEqualTo(VersionState.REJECTED);
        assertThat(catalog().installable("esg-screening", "1.0.0"))
                .isInstanceOfSatisfying(Installability.NotInstallable.class, no -> assertThat(no.refusal().message())
                        .contains("rejected (asks for custody.positions.read without using it)"));
        assertThatThrownBy(() -> catalog().approve("esg-screening", "1.0.0", "operator@mosaic", ""))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.kind())
                        .isEqualTo(CatalogException.Kind.CONFLICT))
                .hasMessageContaining("cannot approve esg-screening@1.0.0: it is rejected");
        assertThatThrownBy(() -> catalog().reject("esg-screening", "1.0.0", "operator@mosaic", " "))
                .isInstanceOf(CatalogException.class);
    }

    @Test
    void modifiedJar_isRefusedAtSubmission() throws Exception {
        Path jar = signed("esg-screening", "1.0.0", ACME, ACME_KEYS);
        byte[] bytes = Files.readAllBytes(jar);
        bytes[100] ^= 0x20;
        Files.write(jar, bytes);

        Submission submission = catalog().submit(jar, PackageSigner.signatureOf(jar));

        assertThat(submission).isInstanceOfSatisfying(Submission.Refused.class, refused ->
                assertThat(refused.refusal().reason()).isEqualTo(Reason.MODIFIED));
        assertThat(catalog().apps()).isEmpty();
    }

    @Test
    void packageOfAnUnknownPublisher_isRefusedAtSubmission() {
        PublisherKeys stranger = TestPackages.keys("Stranger Inc");
        Path jar = signed("esg-screening", "1.0.0", "Stranger Inc", stranger);

        Submission submission = catalog().submit(jar, PackageSigner.signatureOf(jar));

        assertThat(submission).isInstanceOfSatisfying(Submission.Refused.class, refused ->
                assertThat(refused.refusal().reason()).isEqualTo(Reason.UNKNOWN_PUBLISHER));
    }

    @Test
    void storedPackageChangedAfterApproval_isNotInstallable() throws Exception {
        approved("esg-screening", "1.0.0");
        Path stored = ((Installability.Installable) catalog().installable("esg-screening", "1.0.0")).jar();
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length - 30] ^= 0x01;
        Files.write(stored, bytes);

        assertThat(catalog().installable("demo", "esg-screening", "1.0.0"))
                .isInstanceOfSatisfying(Installability.NotInstallable.class, no -> {
                    assertThat(no.refusal().reason()).isEqualTo(Reason.MODIFIED);
                    assertThat(no.refusal().message()).contains("stored package of esg-screening@1.0.0 no longer verifies");
                });
    }

    @Test
    void anAppBelongsToItsFirstPublisher() {
        submit("esg-screening", "1.0.0");
        Path jar = signed("esg-screening", "1.1.0", "Other Fintech GmbH", OTHER_KEYS);

        Submission submission = catalog().submit(jar, PackageSigner.signatureOf(jar));

        assertThat(submission).isInstanceOfSatisfying(Submission.Refused.class, refused -> assertThat(
                refused.refusal().message()).contains("app 'esg-screening' belongs to publisher '" + ACME + "'"));
    }

    @Test
    void aVersionNeverChanges_butResubmittingTheSameJarIsIdempotent() {
        Path jar = signed("esg-screening", "1.0.0", ACME, ACME_KEYS);
        catalog().submit(jar, PackageSigner.signatureOf(jar));

        Submission again = catalog().submit(jar, PackageSigner.signatureOf(jar));
        Path changed = TestPackages.jar(dir.resolve("changed/esg-screening-1.0.0.jar"),
                TestPackages.manifest("esg-screening", "1.0.0", ACME, "app") + "config:\n  x: \"1\"\n", 0);
        new PackageSigner(ACME_KEYS).sign(changed);
        Submission different = catalog().submit(changed, PackageSigner.signatureOf(changed));

        assertThat(again).isInstanceOfSatisfying(Submission.Accepted.class, a -> assertThat(a.alreadyKnown()).isTrue());
        assertThat(different).isInstanceOfSatisfying(Submission.Refused.class, r -> assertThat(r.refusal().message())
                .contains("esg-screening@1.0.0 was already submitted with another jar"));
        assertThat(catalog().versions("esg-screening")).hasSize(1);
    }

    @Test
    void versionsOfAnApp_areListedInSubmissionOrder_withTheirStates() {
        approved("esg-screening", "1.0.0");
        submit("esg-screening", "1.1.0");
        approved("tax-lots", "0.9.0");

        assertThat(catalog().apps()).containsExactly("esg-screening", "tax-lots");
        assertThat(catalog().versions("esg-screening")).extracting(v -> v.version() + " " + v.state())
                .containsExactly("1.0.0 APPROVED", "1.1.0 SUBMITTED");
        assertThat(catalog().versions("nothing")).isEmpty();
    }

    @Test
    void twoTenants_canBeOfferedAndRunDifferentVersionsOfTheSameApp() {
        approved("esg-screening", "1.0.0");
        approved("esg-screening", "2.0.0");
        catalog().offer("esg-screening", "2.0.0", Set.of("alpine")); // early access for alpine only

        catalog().recordInstalled("demo", "esg-screening", "1.0.0");
        catalog().recordInstalled("alpine", "esg-screening", "2.0.0");

        assertThat(catalog().availableTo("demo")).extracting(AppVersion::ref).containsExactly("esg-screening@1.0.0");
        assertThat(catalog().availableTo("alpine")).extracting(AppVersion::ref)
                .containsExactly("esg-screening@1.0.0", "esg-screening@2.0.0");
        assertThat(catalog().installable("demo", "esg-screening", "2.0.0"))
                .isInstanceOfSatisfying(Installability.NotInstallable.class, no -> assertThat(no.refusal().message())
                        .contains("not offered to tenant 'demo'"));
        assertThatThrownBy(() -> catalog().recordInstalled("demo", "esg-screening", "2.0.0"))
                .isInstanceOf(CatalogException.class);
        assertThat(catalog().installed("demo")).containsExactly(java.util.Map.entry("esg-screening", "1.0.0"));
        assertThat(catalog().installed("alpine")).containsExactly(java.util.Map.entry("esg-screening", "2.0.0"));
    }

    @Test
    void upgradeAndUninstall_areRecordedPerTenant() {
        approved("esg-screening", "1.0.0");
        approved("esg-screening", "1.1.0");
        catalog().recordInstalled("demo", "esg-screening", "1.0.0");

        catalog().recordInstalled("demo", "esg-screening", "1.1.0");

        assertThat(catalog().installed("demo")).containsEntry("esg-screening", "1.1.0");
        assertThat(catalog().installationHistory("demo")).extracting(i -> i.version() + " " + i.active())
                .containsExactly("1.0.0 false", "1.1.0 true");
        catalog().recordUninstalled("demo", "esg-screening");
        assertThat(catalog().installed("demo")).isEmpty();
        assertThatThrownBy(() -> catalog().recordUninstalled("demo", "esg-screening"))
                .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.kind())
                        .isEqualTo(CatalogException.Kind.NOT_FOUND));
    }

    @Test
    void withdrawnVersion_isNoLongerInstallable() {
        approved("esg-screening", "1.0.0");

        catalog().withdraw("esg-screening", "1.0.0", "operator@mosaic", "leaks position data to its server");

        assertThat(catalog().installable("demo", "esg-screening", "1.0.0"))
                .isInstanceOf(Installability.NotInstallable.class);
        assertThat(catalog().availableTo("demo")).isEmpty();
    }

    @Test
    void theCatalogIsRebuiltFromTheJournal_andSeesWritesOfAnotherInstance() {
        approved("esg-screening", "1.0.0");
        submit("tax-lots", "0.9.0");
        catalog().recordInstalled("demo", "esg-screening", "1.0.0");

        Catalog other = newCatalog();
        other.reject("tax-lots", "0.9.0", "second-operator", "no privacy policy");

        assertThat(other.versions("esg-screening")).singleElement().satisfies(v -> {
            assertThat(v.state()).isEqualTo(VersionState.APPROVED);
            assertThat(v.decision()).contains("reviewed: scopes match the description");
            assertThat(v.scopes()).hasSize(2);
        });
        assertThat(other.installed("demo")).containsEntry("esg-screening", "1.0.0");
        assertThat(catalog().version("tax-lots", "0.9.0").orElseThrow().state()).isEqualTo(VersionState.REJECTED);
        assertThat(database.journal().read(Catalog.JOURNAL_TENANT, "app/esg-screening", 1))
                .extracting(e -> e.type())
                .containsExactly("marketplace.VersionSubmitted", "marketplace.VersionApproved");
    }
}
