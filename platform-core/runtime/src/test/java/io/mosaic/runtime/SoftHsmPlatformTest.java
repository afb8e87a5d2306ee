package io.mosaic.runtime;

import io.mosaic.hsm.Pkcs11KeyService;
import io.mosaic.sdk.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/** The platform with its keys in SoftHSM2 by the one configuration switch of docs/keys.md (keys.backend = pkcs11). */
class SoftHsmPlatformTest {
    static final Path ROOT = Path.of("target", "softhsm").toAbsolutePath();
    static final String LABEL = "mosaic-platform-test";

    @TempDir
    Path data;

    @Test
    void platformRunsWithItsKeysInSoftHsm() throws Exception {
        Path pinFile = initToken();
        Map<String, String> keys = Map.of("backend", "pkcs11", "pkcs11.library", library(), "pkcs11.tokens", LABEL,
                "pkcs11.pin-file", pinFile.toString());
        try (MosaicPlatform platform = MosaicPlatform.embedded(data, keys, new char[0], Clock.systemUTC())) {
            assertThat(platform.keys()).isInstanceOf(Pkcs11KeyService.class);
            TenantRuntime demo = platform.createTenant("demo");
            demo.install(PluginJars.assets(), Set.of());
            demo.install(PluginJars.valuationAlerts(), Set.of("assets.valuations.read"));
            demo.submit("assets.RegisterAsset", ("{\"assetId\":\"hsm-asset\",\"name\":\"In the HSM\",\"assetClass\":\"ART\","
                    + "\"owner\":\"o\",\"currency\":\"CHF\",\"description\":\"d\"}").getBytes(StandardCharsets.UTF_8), "advisor", "hsm-asset");
            demo.submit("assets.RecordValuation", ("{\"assetId\":\"hsm-asset\",\"valuationId\":\"h1\",\"amount\":\"5.00\","
                    + "\"currency\":\"CHF\",\"valuationDate\":\"2025-01-01\",\"method\":\"MODEL\",\"appraiser\":\"\"}")
                    .getBytes(StandardCharsets.UTF_8), "advisor", "hsm-asset");
            await().atMost(Duration.ofSeconds(20)).until(() -> demo.query("valuation-alerts",
                    new Query("processed", Map.of("assetId", "hsm-asset"), "t"))
                    .map(b -> new String(b, StandardCharsets.UTF_8).contains("h1")).orElse(false));
            assertThat(((Pkcs11KeyService) platform.keys()).metrics().tokenCalls()).isPositive();
            assertThat(Files.exists(data.resolve("keys/keystore.p12"))).as("no software key store").isFalse();
            assertThat(demo.audit().recent("demo", 100)).extracting(AuditRecord::kind).contains("tenant-key-created");
        }
    }

    static String library() {
        for (String candidate : List.of("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")) {
            if (Files.exists(Path.of(candidate))) {
                return candidate;
            }
        }
        return fail("libsofthsm2.so not found: run ./mosaic test, which installs the softhsm2 package");
    }

    static Path initToken() throws IOException, InterruptedException {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !Path.of(conf).toAbsolutePath().equals(ROOT.resolve("softhsm2.conf"))) {
            fail("SOFTHSM2_CONF must be " + ROOT.resolve("softhsm2.conf") + " (set by the runtime pom), was " + conf);
        }
        Path tokens = ROOT.resolve("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> walk = Files.walk(tokens)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(ROOT.resolve("softhsm2.conf"), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        Path pin = ROOT.resolve("pin");
        Files.writeString(pin, "1234-platform");
        Process p = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", LABEL, "--so-pin",
                "5678-officer", "--pin", "1234-platform").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            fail("softhsm2-util --init-token failed: " + out);
        }
        return pin;
    }
}
