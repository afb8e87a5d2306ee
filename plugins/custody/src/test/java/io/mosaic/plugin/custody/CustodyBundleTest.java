package io.mosaic.plugin.custody;

import io.mosaic.sdk.DomainPlugin;
import io.mosaic.sdk.MosaicPlugin;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.testkit.FakeEnvelope;
import io.mosaic.sdk.testkit.FakeEventStore;
import io.mosaic.sdk.testkit.FakePluginContext;
import io.mosaic.sdk.testkit.Json;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.mosaic.plugin.custody.StatementFiles.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built bundle (with Prowide embedded) in an embedded Felix 7 whose system bundle exports only the SDK: it
 * resolves, its entry class loads, and it imports MT940 and camt.053 files from inside the framework. Runs after
 * {@code package} (its own Surefire execution), on the jar named by the system property {@code custody.bundle}.
 */
class CustodyBundleTest {
    @TempDir
    Path dir;

    private Framework framework;

    @BeforeEach
    void startFelix() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, dir.resolve("felix").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "io.mosaic.sdk;version=\"0.1.0.SNAPSHOT\""));
        framework.init();
        framework.start();
    }

    @AfterEach
    void stopFelix() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void bundleResolves_withTheSdkAlone_andImportsStatementsInsideFelix() throws Exception {
        Path jar = Path.of(System.getProperty("custody.bundle", "target/mosaic-plugin-custody-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).exists();
        Bundle bundle;
        try (InputStream in = Files.newInputStream(jar)) {
            bundle = framework.getBundleContext().installBundle(jar.toUri().toString(), in);
        }
        bundle.start();

        assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(bundle.getHeaders().get(Constants.BUNDLE_CLASSPATH)).contains("pw-swift-core");
        Class<?> entry = bundle.loadClass("io.mosaic.plugin.custody.CustodyDomain");
        assertThat(entry.getClassLoader()).as("loaded by the bundle, not the test class path")
                .isNotSameAs(CustodyDomain.class.getClassLoader());
        MosaicPlugin plugin = (MosaicPlugin) entry.getConstructor().newInstance();
        assertThat(plugin).isInstanceOf(DomainPlugin.class);

        FakePluginContext context = new FakePluginContext(new FakeEventStore("custody", FakePluginContext.CLOCK), Map.of());
        plugin.start(context);
        plugin.onMessage(FakeEnvelope.withJson("custody.ImportStatement", Json.write(Map.of(
                "importId", "felix-1", "fileName", "mt940-two-messages.sta", "format", "MT940",
                "content", read("mt940-two-messages.sta"), "ownerId", "keller-family", "custodian", "Alpenbank"))));
        plugin.onMessage(FakeEnvelope.withJson("custody.ImportStatement", Json.write(Map.of(
                "importId", "felix-2", "fileName", "camt053-v08-sts-code.xml", "format", "CAMT053",
                "content", read("camt053-v08-sts-code.xml"), "ownerId", "keller-family", "custodian", "LKB"))));
        plugin.onMessage(FakeEnvelope.withJson("custody.ImportStatement", Json.write(Map.of(
                "importId", "felix-3", "fileName", "mt535-holdings.txt", "format", "MT535",
                "content", read("mt535-holdings.txt"), "ownerId", "keller-family", "custodian", "Alpenbank"))));

        assertThat(context.published("custody.StatementRejected")).isEmpty();
        assertThat(context.published("custody.StatementImported")).hasSize(4);
        Object holdings = plugin.query(new Query("holdings", Map.of("owner", "keller-family"), "t")).orElseThrow();
        assertThat((List<?>) holdings).hasSize(6);
        plugin.stop();
    }
}
