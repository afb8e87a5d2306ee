package io.mosaic.runtime.host;

import io.mosaic.sdk.AppPlugin;
import io.mosaic.sdk.DomainPlugin;
import io.mosaic.sdk.MosaicPlugin;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PluginHostTest {

    @TempDir
    Path dir;

    private final List<PluginHost> hosts = new ArrayList<>();

    private PluginHost host;

    @BeforeEach
    void openHost() {
        host = newHost("bank-a");
    }

    @AfterEach
    void closeHosts() {
        hosts.forEach(PluginHost::close);
    }

    @Test
    void domainPlugin_isLoadedAsABundle_sharingTheHostsSdk() {
        Path jar = TestPluginJar.domain().build(dir, "test-domain-1.0.jar");

        LoadedPlugin plugin = host.load(jar);

        assertThat(plugin.manifest().kind()).isEqualTo(PluginKind.DOMAIN);
        assertThat(plugin.instance()).isInstanceOf(DomainPlugin.class).isInstanceOf(MosaicPlugin.class);
        assertThat(plugin.instance().getClass().getName()).isEqualTo("io.mosaic.plugin.testdomain.TestDomainPlugin");
        assertThat(plugin.classLoader()).isSameAs(plugin.instance().getClass().getClassLoader())
                .isNotSameAs(getClass().getClassLoader());
        assertThat(plugin.classLoader().getClass().getName()).startsWith("org.apache.felix.framework");
        assertThat(askVersion(plugin)).contains("1.0.0");
        assertThat(plugin.resource("policy.yaml")).hasValueSatisfying(text -> assertThat(text).contains("rules: []"));
        assertThat(plugin.resource("absent.yaml")).isEmpty();
        assertThat(host.loaded()).containsExactly(plugin);
        assertThat(host.find("test-domain")).containsSame(plugin);
        assertThat(host.felixHost()).hasValueSatisfying(felix -> assertThat(felix.bundleCount()).isEqualTo(1));
    }

    @Test
    void app_isLoadedInPf4j_sharingTheHostsSdk() {
        Path jar = TestPluginJar.app().build(dir, "test-app-1.0.jar");

        LoadedPlugin plugin = host.load(jar);

        assertThat(plugin.manifest().kind()).isEqualTo(PluginKind.APP);
        assertThat(plugin.instance()).isInstanceOf(AppPlugin.class).isInstanceOf(MosaicPlugin.class);
        assertThat(plugin.classLoader()).isInstanceOf(Pf4jHost.SdkFromHostClassLoader.class)
                .isSameAs(plugin.instance().getClass().getClassLoader());
        assertThat(askVersion(plugin)).contains("1.0.0");
        assertThat(plugin.resource("policy.yaml")).hasValueSatisfying(text -> assertThat(text).contains("rules: []"));
        assertThat(host.find("test-app")).containsSame(plugin);
        assertThat(host.pf4jHost()).hasValueSatisfying(pf4j -> assertThat(pf4j.appCount()).isEqualTo(1));
        assertThat(host.felixHost()).as("no framework is started for a tenant with apps only").isEmpty();
    }

    @Test
    void appThatEmbedsACopyOfTheSdk_stillGetsTheHostsSdkClasses() {
        Path jar = TestPluginJar.app().withSdkCopy().build(dir, "test-app-1.0.jar");

        LoadedPlugin plugin = host.load(jar);

        assertThat(plugin.instance()).isInstanceOf(AppPlugin.class);
        assertThat(loadFrom(plugin.classLoader(), AppPlugin.class.getName())).isSameAs(AppPlugin.class);
    }

    @Test
    void theJarALoadedPluginCameFrom_mayBeDeleted() throws Exception {
        Path domainJar = TestPluginJar.domain().build(dir, "test-domain-1.0.jar");
        Path appJar = TestPluginJar.app().build(dir, "test-app-1.0.jar");
        LoadedPlugin domain = host.load(domainJar);
        LoadedPlugin app = host.load(appJar);

        Files.delete(domainJar);
        Files.delete(appJar);

        assertThat(domain.resource("policy.yaml")).isPresent();
        assertThat(app.resource("policy.yaml")).isPresent();
        assertThat(loadFrom(app.classLoader(), "io.mosaic.plugin.testapp.NotAnApp")).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(PluginKind.class)
    void unload_releasesThePlugin(PluginKind kind) {
        LoadedPlugin plugin = host.load(jar(kind, "1.0.0"));
        String id = plugin.manifest().plugin().id();

        host.unload(id);

        assertThat(plugin.isLoaded()).isFalse();
        assertThat(host.loaded()).isEmpty();
        assertThat(host.find(id)).isEmpty();
        assertThatThrownBy(plugin::instance).isInstanceOf(PluginHostException.class)
                .hasMessage("tenant bank-a: plugin " + plugin.manifest().plugin() + " is unloaded");
        assertThatThrownBy(plugin::classLoader).isInstanceOf(PluginHostException.class);
        assertThatThrownBy(() -> plugin.resource("policy.yaml")).isInstanceOf(PluginHostException.class);
        assertThat(plugin.manifest().plugin().id()).isEqualTo(id);
        if (kind == PluginKind.DOMAIN) {
            assertThat(host.felixHost().orElseThrow().bundleCount()).isZero();
        } else {
            assertThat(host.pf4jHost().orElseThrow().appCount()).isZero();
            assertThat(dir.resolve("bank-a/apps")).isEmptyDirectory();
        }
    }

    @ParameterizedTest
    @EnumSource(PluginKind.class)
    void unload_letsTheClassLoaderBeCollected(PluginKind kind) {
        WeakReference<ClassLoader> loader = loadAndUnload(kind, new ArrayList<>());

        awaitCollected(loader);
    }

    @ParameterizedTest
    @EnumSource(PluginKind.class)
    void unload_letsTheClassLoaderBeCollected_evenWhenSomeoneKeepsTheHandle(PluginKind kind) {
        List<LoadedPlugin> keptByMistake = new ArrayList<>();
        WeakReference<ClassLoader> loader = loadAndUnload(kind, keptByMistake);

        awaitCollected(loader);
        assertThat(keptByMistake).singleElement().satisfies(plugin -> assertThat(plugin.isLoaded()).isFalse());
    }

    @ParameterizedTest
    @EnumSource(PluginKind.class)
    void loadUnloadLoad_givesAFreshClassLoaderEachTime(PluginKind kind) {
        Path jar = jar(kind, "1.0.0");
        LoadedPlugin first = host.load(jar);
        Class<?> firstClass = first.instance().getClass();
        host.unload(first.manifest().plugin().id());

        LoadedPlugin second = host.load(jar);

        assertThat(second.instance().getClass()).isNotSameAs(firstClass);
        assertThat(second.instance().getClass().getName()).isEqualTo(firstClass.getName());
        assertThat(askVersion(second)).contains("1.0.0");
        assertThat(host.loaded()).containsExactly(second);
    }

    @ParameterizedTest
    @EnumSource(PluginKind.class)
    void upgrade_isUnloadThenLoad(PluginKind kind) {
        LoadedPlugin v1 = host.load(jar(kind, "1.0.0"));
        host.unload(v1.manifest().plugin().id());

        LoadedPlugin v2 = host.load(jar(kind, "2.0.0"));

        assertThat(askVersion(v2)).contains("2.0.0");
        assertThat(v2.manifest().plugin().version()).isEqualTo("2.0.0");
    }

    @ParameterizedTest
    @EnumSource(PluginKind.class)
    void secondVersionOfALoadedPlugin_isRefused(PluginKind kind) {
        LoadedPlugin v1 = host.load(jar(kind, "1.0.0"));
        Path v2 = jar(kind, "2.0.0");
        String id = v1.manifest().plugin().id();

        assertThatThrownBy(() -> host.load(v2)).isInstanceOf(PluginHostException.class)
                .hasMessage("tenant bank-a: plugin " + id + " is already loaded at version 1.0.0 (loading " + id
                        + "@2.0.0 from " + v2.getFileName() + "); unload it first");
        assertThat(host.loaded()).containsExactly(v1);
        assertThat(askVersion(v1)).contains("1.0.0");
    }

    @Test
    void twoTenants_loadTheSamePluginsIndependently() {
        PluginHost other = newHost("bank-b");
        for (PluginKind kind : PluginKind.values()) {
            Path jar = jar(kind, "1.0.0");

            LoadedPlugin mine = host.load(jar);
            LoadedPlugin theirs = other.load(jar);

            assertThat(theirs.instance().getClass()).isNotSameAs(mine.instance().getClass());
            assertThat(theirs.classLoader()).isNotSameAs(mine.classLoader());
            assertThat(MosaicPlugin.class.isInstance(mine.instance())).isTrue();
            assertThat(MosaicPlugin.class.isInstance(theirs.instance())).isTrue();

            host.unload(mine.manifest().plugin().id());
            assertThat(askVersion(theirs)).as("the other tenant's %s is untouched", kind).contains("1.0.0");
        }
        assertThat(other.loaded()).hasSize(2);
        assertThat(dir.resolve("bank-a/felix")).isDirectory();
        assertThat(dir.resolve("bank-b/felix")).isDirectory();
    }

    @Test
    void domainManifestInAJarThatIsNotABundle_isRefused() {
        Path jar = TestPluginJar.domain().withoutHeader("Bundle-SymbolicName").build(dir, "test-domain-1.0.jar");

        assertThatThrownBy(() -> host.load(jar)).isInstanceOf(PluginHostException.class)
                .hasMessage("tenant bank-a: test-domain-1.0.jar declares kind domain in mosaic-plugin.yaml but is not an OSGi"
                        + " bundle (no Bundle-SymbolicName in META-INF/MANIFEST.MF)");
        assertThat(host.loaded()).isEmpty();
    }

    @Test
    void appManifestInAJarWithoutPluginId_isRefused() {
        Path jar = TestPluginJar.app().withoutHeader("Plugin-Id").build(dir, "test-app-1.0.jar");

        assertThatThrownBy(() -> host.load(jar)).isInstanceOf(PluginHostException.class)
                .hasMessage("tenant bank-a: test-app-1.0.jar declares kind app in mosaic-plugin.yaml but is not a PF4J"
                        + " plugin (no Plugin-Id in META-INF/MANIFEST.MF)");
        assertThat(host.loaded()).isEmpty();
    }

    @Test
    void appWhosePluginIdDiffersFromTheManifest_isRefused() {
        Path jar = TestPluginJar.app().header("Plugin-Id", "other-app").build(dir, "test-app-1.0.jar");

        assertThatThrownBy(() -> host.load(jar)).isInstanceOf(PluginHostException.class)
                .hasMessageContaining("Plugin-Id 'other-app' in META-INF/MANIFEST.MF differs from id 'test-app'");
    }

    @Test
    void bundleThatDoesNotResolve_isRefused_andLeavesNothingBehind() {
        Path jar = TestPluginJar.domain().header("Import-Package", "io.mosaic.sdk;version=\"[2,3)\"")
                .build(dir, "test-domain-1.0.jar");

        assertThatThrownBy(() -> host.load(jar)).isInstanceOf(PluginHostException.class)
                .hasMessageStartingWith("tenant bank-a: bundle test-domain-1.0.jar (test-domain@1.0.0) cannot start:")
                .hasMessageContaining("io.mosaic.sdk");
        assertThat(host.felixHost().orElseThrow().bundleCount()).isZero();
        assertThat(host.load(jar(PluginKind.DOMAIN, "1.0.0")).instance()).isInstanceOf(DomainPlugin.class);
    }

    @Test
    void domainEntryClassThatIsNotADomainPlugin_isRefused_andLeavesNothingBehind() {
        Path jar = TestPluginJar.domain().yamlLine("entry-class:", "entry-class: io.mosaic.plugin.testdomain.NotAPlugin")
                .build(dir, "test-domain-1.0.jar");

        assertThatThrownBy(() -> host.load(jar)).isInstanceOf(PluginHostException.class)
                .hasMessageContaining("entry class io.mosaic.plugin.testdomain.NotAPlugin does not implement io.mosaic.sdk.DomainPlugin");
        assertThat(host.loaded()).isEmpty();
        assertThat(host.felixHost().orElseThrow().bundleCount()).isZero();
    }

    @Test
    void appEntryClassThatIsNotAnAppPlugin_isRefused_andLeavesNothingBehind() {
        Path jar = TestPluginJar.app().yamlLine("entry-class:", "entry-class: io.mosaic.plugin.testapp.NotAnApp")
                .build(dir, "test-app-1.0.jar");

        assertThatThrownBy(() -> host.load(jar)).isInstanceOf(PluginHostException.class)
                .hasMessageContaining("entry class io.mosaic.plugin.testapp.NotAnApp does not implement io.mosaic.sdk.AppPlugin");
        assertThat(host.loaded()).isEmpty();
        assertThat(host.pf4jHost().orElseThrow().appCount()).isZero();
        assertThat(host.load(jar(PluginKind.APP, "1.0.0")).instance()).isInstanceOf(AppPlugin.class);
    }

    @Test
    void missingEntryClass_isRefused() {
        Path jar = TestPluginJar.domain().yamlLine("entry-class:", "entry-class: io.mosaic.plugin.testdomain.Missing")
                .build(dir, "test-domain-1.0.jar");

        assertThatThrownBy(() -> host.load(jar)).isInstanceOf(PluginHostException.class)
                .hasMessageContaining("entry class io.mosaic.plugin.testdomain.Missing is not in the bundle");
    }

    @Test
    void malformedManifest_isRefusedBeforeAnyCodeIsLoaded() {
        Path jar = TestPluginJar.domain().yamlLine("kind:", "kind: plugin").build(dir, "test-domain-1.0.jar");

        assertThatThrownBy(() -> host.load(jar)).isInstanceOf(ManifestException.class)
                .hasMessage("test-domain-1.0.jar!/mosaic-plugin.yaml line 4: field 'kind': 'plugin' is not one of domain, app");
        assertThat(host.felixHost()).isEmpty();
        assertThat(host.pf4jHost()).isEmpty();
    }

    @Test
    void unloadOfAnUnknownPlugin_isRefused() {
        assertThatThrownBy(() -> host.unload("nothing-here")).isInstanceOf(PluginHostException.class)
                .hasMessage("tenant bank-a: no plugin 'nothing-here' is loaded");
    }

    @Test
    void concurrentLoadsOfTheSamePlugin_loadItOnce() throws Exception {
        Path jar = jar(PluginKind.DOMAIN, "1.0.0");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Optional<LoadedPlugin>> attempt = () -> {
                try {
                    return Optional.of(host.load(jar));
                } catch (PluginHostException alreadyLoaded) {
                    return Optional.empty();
                }
            };
            List<Future<Optional<LoadedPlugin>>> results = pool.invokeAll(List.of(attempt, attempt, attempt, attempt));
            long loaded = 0;
            for (Future<Optional<LoadedPlugin>> result : results) {
                loaded += result.get().isPresent() ? 1 : 0;
            }
            assertThat(loaded).isEqualTo(1);
            assertThat(host.felixHost().orElseThrow().bundleCount()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void close_unloadsEverything_andRefusesFurtherLoads() {
        LoadedPlugin domain = host.load(jar(PluginKind.DOMAIN, "1.0.0"));
        LoadedPlugin app = host.load(jar(PluginKind.APP, "1.0.0"));

        host.close();

        assertThat(domain.isLoaded()).isFalse();
        assertThat(app.isLoaded()).isFalse();
        assertThat(host.loaded()).isEmpty();
        assertThat(dir.resolve("bank-a/apps")).isEmptyDirectory();
        assertThatThrownBy(() -> host.load(jar(PluginKind.APP, "1.0.0"))).isInstanceOf(PluginHostException.class)
                .hasMessage("tenant bank-a: the plugin host is closed");
    }

    @Test
    void anotherHostOnTheSameDataDirectory_startsWithACleanFramework() {
        host.load(jar(PluginKind.DOMAIN, "1.0.0"));
        host.close();

        PluginHost reopened = newHost("bank-a");
        reopened.load(jar(PluginKind.APP, "1.0.0"));
        LoadedPlugin domain = reopened.load(jar(PluginKind.DOMAIN, "1.0.0"));

        assertThat(reopened.felixHost().orElseThrow().bundleCount()).as("bundles of the previous run are not reinstalled")
                .isEqualTo(1);
        assertThat(askVersion(domain)).contains("1.0.0");
    }

    // ---- helpers ----

    private PluginHost newHost(String tenant) {
        PluginHost created = new PluginHost(tenant, dir.resolve(tenant));
        hosts.add(created);
        return created;
    }

    private Path jar(PluginKind kind, String version) {
        String name = (kind == PluginKind.DOMAIN ? "test-domain-" : "test-app-") + version + ".jar";
        Path existing = dir.resolve(name);
        if (Files.exists(existing)) {
            return existing;
        }
        TestPluginJar builder = kind == PluginKind.DOMAIN ? TestPluginJar.domain() : TestPluginJar.app();
        return builder.version(version).build(dir, name);
    }

    /** Loads and unloads in its own frame, so that no local variable of the test keeps the plugin reachable. */
    private WeakReference<ClassLoader> loadAndUnload(PluginKind kind, List<LoadedPlugin> keep) {
        LoadedPlugin plugin = host.load(jar(kind, "1.0.0"));
        assertThat(askVersion(plugin)).contains("1.0.0");
        WeakReference<ClassLoader> loader = new WeakReference<>(plugin.classLoader());
        keep.add(plugin);
        host.unload(plugin.manifest().plugin().id());
        return loader;
    }

    static void awaitCollected(WeakReference<ClassLoader> loader) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            System.gc();
            return loader.get() == null;
        });
    }

    private static Optional<Object> askVersion(LoadedPlugin plugin) {
        return plugin.instance().query(new Query("version", Map.of(), "test"));
    }

    private static Class<?> loadFrom(ClassLoader loader, String name) {
        try {
            return loader.loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name + " is not visible from " + loader, e);
        }
    }
}
