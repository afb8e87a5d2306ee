package io.mosaic.runtime.host;

import io.mosaic.sdk.PluginManifest;
import io.mosaic.sdk.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FelixHostTest {

    @TempDir
    Path dir;

    private final ManifestReader reader = new ManifestReader();
    private FelixHost felix;

    @BeforeEach
    void start() {
        felix = new FelixHost("bank-a", dir.resolve("felix"), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        felix.close();
    }

    @Test
    void exportsTheSdkAtTheVersionBndImportsIt() {
        assertThat(FelixHost.osgiVersion("0.1.0-SNAPSHOT")).isEqualTo("0.1.0.SNAPSHOT");
        assertThat(FelixHost.osgiVersion("1.2")).isEqualTo("1.2.0");
        assertThat(FelixHost.osgiVersion("2.0.1-rc.1")).isEqualTo("2.0.1.rc_1");
        assertThat(FelixHost.systemPackagesExtra()).isEqualTo("io.mosaic.sdk;version=\"" + FelixHost.osgiVersion(FelixHost.sdkMavenVersion()) + "\"");
        // bnd (maven-bundle-plugin 6.2.0) writes [0.1,1) for an SDK at 0.1.x, or no range while the SDK declares no package version
        assertThat(FelixHost.sdkMavenVersion()).startsWith("0.1.");
    }

    @Test
    void update_startsTheNewVersionBeforeItRemovesTheOld_andReleasesTheOldClassLoader() {
        Path v1 = TestPluginJar.domain().version("1.0.0").build(dir, "test-domain-1.0.jar");
        Path v2 = TestPluginJar.domain().version("2.0.0").build(dir, "test-domain-2.0.jar");
        FelixHost.BundlePlugin old = felix.install(v1, reader.read(v1));
        WeakReference<ClassLoader> oldLoader = new WeakReference<>(old.classLoader());

        FelixHost.BundlePlugin updated = felix.update(old, v2, reader.read(v2));

        assertThat(version(updated)).contains("2.0.0");
        assertThat(old.isLoaded()).isFalse();
        assertThat(felix.bundleCount()).isEqualTo(1);
        old = null;
        PluginHostTest.awaitCollected(oldLoader);
    }

    @Test
    void failedUpdate_keepsTheOldVersionRunning() {
        Path v1 = TestPluginJar.domain().version("1.0.0").build(dir, "test-domain-1.0.jar");
        Path broken = TestPluginJar.domain().version("2.0.0")
                .yamlLine("entry-class:", "entry-class: io.mosaic.plugin.testdomain.NotAPlugin").build(dir, "test-domain-2.0.jar");
        FelixHost.BundlePlugin old = felix.install(v1, reader.read(v1));
        PluginManifest brokenManifest = reader.read(broken);

        assertThatThrownBy(() -> felix.update(old, broken, brokenManifest)).isInstanceOf(PluginHostException.class);

        assertThat(old.isLoaded()).isTrue();
        assertThat(version(old)).contains("1.0.0");
        assertThat(felix.bundleCount()).isEqualTo(1);
    }

    private static Optional<Object> version(FelixHost.BundlePlugin plugin) {
        return plugin.instance().query(new Query("version", Map.of(), "test"));
    }
}
