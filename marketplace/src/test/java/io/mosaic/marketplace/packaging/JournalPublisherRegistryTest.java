package io.mosaic.marketplace.packaging;

import io.mosaic.eventstore.EmbeddedDatabase;
import io.mosaic.marketplace.TestPackages;
import io.mosaic.marketplace.catalog.Catalog;
import io.mosaic.runtime.host.ManifestReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static io.mosaic.marketplace.TestPackages.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalPublisherRegistryTest {
    private static final PublisherKeys ACME_KEYS = TestPackages.keys(ACME);
    private static final PublisherKeys ACME_NEXT = TestPackages.keys(ACME);
    private static final PublisherKeys OTHER_KEYS = TestPackages.keys("Other Fintech GmbH");

    @TempDir
    Path dir;

    private EmbeddedDatabase database;

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    private JournalPublisherRegistry open() {
        if (database == null) {
            database = EmbeddedDatabase.open(dir.resolve("db"));
        }
        return new JournalPublisherRegistry(database.journal(), Clock.systemUTC());
    }

    @Test
    void registersPublishersAndTheirCertificates_idempotently_sortedByName() {
        JournalPublisherRegistry registry = open();
        registry.register("Other Fintech GmbH", OTHER_KEYS.certificate());
        registry.register(ACME, ACME_KEYS.certificate());
        registry.register(ACME, ACME_KEYS.certificate());
        registry.register(ACME, ACME_NEXT.certificate());

        assertThat(registry.all()).extracting(Publisher::name).containsExactly(ACME, "Other Fintech GmbH");
        assertThat(registry.find(ACME).orElseThrow().certificates())
                .containsExactly(ACME_KEYS.certificate(), ACME_NEXT.certificate());
        assertThat(registry.find("Nobody")).isEmpty();
        assertThat(database.journal().highestSequence(Catalog.JOURNAL_TENANT, "publisher/" + ACME)).isEqualTo(2);
    }

    @Test
    void revokingTheLastCertificate_forgetsThePublisher_andRevokingTheUnknownDoesNothing() {
        JournalPublisherRegistry registry = open();
        registry.register(ACME, ACME_KEYS.certificate());
        registry.register(ACME, ACME_NEXT.certificate());
        registry.revoke(ACME, ACME_KEYS.certificate());
        assertThat(registry.find(ACME).orElseThrow().certificates()).containsExactly(ACME_NEXT.certificate());
        registry.revoke(ACME, ACME_NEXT.certificate());
        registry.revoke(ACME, ACME_NEXT.certificate());
        registry.revoke("Nobody", OTHER_KEYS.certificate());
        assertThat(registry.find(ACME)).isEmpty();
        assertThat(registry.all()).isEmpty();
        assertThat(database.journal().highestSequence(Catalog.JOURNAL_TENANT, "publisher/" + ACME)).isEqualTo(4);
    }

    @Test
    void aBlankName_isRefused() {
        assertThatThrownBy(() -> open().register(" ", ACME_KEYS.certificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }

    @Test
    void publishersAndRevocations_surviveARestart_andPackagesVerifyAfterIt() {
        JournalPublisherRegistry registry = open();
        registry.register(ACME, ACME_KEYS.certificate());
        registry.register(ACME, ACME_NEXT.certificate());
        registry.register("Other Fintech GmbH", OTHER_KEYS.certificate());
        registry.revoke(ACME, ACME_NEXT.certificate());
        database.close();
        database = null;

        JournalPublisherRegistry reopened = open();
        assertThat(reopened.all()).extracting(Publisher::name).containsExactly(ACME, "Other Fintech GmbH");
        assertThat(reopened.find(ACME).orElseThrow().certificates()).containsExactly(ACME_KEYS.certificate());

        Path jar = TestPackages.appJar(dir.resolve("upload"), "esg", "1.0.0", ACME);
        new PackageSigner(ACME_KEYS).sign(jar);
        PackageVerifier verifier = new PackageVerifier(reopened, new ManifestReader()::read, Clock.systemUTC());
        assertThat(verifier.verify(jar, PackageSigner.signatureOf(jar))).isInstanceOf(Verification.Verified.class);
    }

    @Test
    void twoRegistriesOverOneJournal_agree() {
        JournalPublisherRegistry one = open();
        JournalPublisherRegistry two = open();
        one.register(ACME, ACME_KEYS.certificate());
        assertThat(two.find(ACME)).isPresent();
        two.register(ACME, ACME_NEXT.certificate()); // two has read one's write: no conflict
        one.revoke(ACME, ACME_KEYS.certificate());
        assertThat(two.find(ACME).orElseThrow().certificates()).containsExactly(ACME_NEXT.certificate());
    }
}
