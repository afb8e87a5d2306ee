package io.mosaic.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.runtime.MosaicPlatform;
import io.mosaic.runtime.TenantRuntime;
import io.mosaic.sdk.Query;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** Seeds the demo tenant with a few non-bankable assets and valuations the first time it starts. */
final class Demo {
    private static final Logger LOG = Logger.getLogger(Demo.class.getName());
    static final String TENANT = "demo";
    static final String USER = "anna";
    private static final String SUBJECT = "advisor-anna";

    private Demo() {
    }

    /** The demo user's password: MOSAIC_DEMO_PASSWORD, else one generated once and kept in the data folder. */
    static String password(java.nio.file.Path dataDir) {
        String env = System.getenv("MOSAIC_DEMO_PASSWORD");
        if (env != null && !env.isBlank()) {
            return env;
        }
        java.nio.file.Path file = dataDir.resolve("demo-password");
        try {
            if (!java.nio.file.Files.exists(file)) {
                byte[] random = new byte[9];
                new java.security.SecureRandom().nextBytes(random);
                java.nio.file.Files.createDirectories(dataDir);
                java.nio.file.Files.writeString(file, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random));
            }
            return java.nio.file.Files.readString(file).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot keep the demo password in " + file, e);
        }
    }

    /** The demo tenant's advisor, created in its realm at every start (the realm lives in Keycloak's memory). */
    static void createUser(Identity identity, java.nio.file.Path dataDir) {
        identity.createUser(TENANT, USER, password(dataDir), java.util.Set.of(io.mosaic.identity.Role.ADVISOR));
    }

    static void seed(MosaicPlatform platform) {
        Optional<TenantRuntime> demo = platform.tenant(TENANT);
        if (demo.isEmpty()) {
            return;
        }
        TenantRuntime t = demo.get();
        Optional<byte[]> existing = t.query("assets", new Query("assets", Map.of(), SUBJECT));
        if (existing.isPresent() && !Json.array(existing.get()).isEmpty()) {
            return;
        }
        register(t, "demo-villa", "Chalet Engadin, St. Moritz", "REAL_ESTATE", "CHF");
        register(t, "demo-painting", "Alberto Giacometti, drawing (1956)", "ART", "CHF");
        register(t, "demo-car", "Ferrari 250 GT Lusso (1963)", "CLASSIC_CAR", "EUR");
        value(t, "demo-villa", "v-2024", "3400000.00", "CHF", "2024-12-31", "APPRAISAL", "Engadin Immobilien AG");
        value(t, "demo-painting", "v-2024", "850000.00", "CHF", "2024-06-30", "APPRAISAL", "Kunsthaus Expertise");
        value(t, "demo-car", "v-2024", "1750000.00", "EUR", "2024-09-30", "MARKET", "Classic Car Index");
        LOG.info("demo tenant seeded with three assets");
    }

    private static void register(TenantRuntime t, String id, String name, String assetClass, String currency) {
        ObjectNode body = Json.obj().put("assetId", id).put("name", name).put("assetClass", assetClass)
                .put("owner", "family-muster").put("currency", currency).put("description", "demo asset");
        t.submit("assets.RegisterAsset", Json.write(body), SUBJECT, id);
    }

    private static void value(TenantRuntime t, String id, String valuationId, String amount, String currency,
                              String date, String method, String appraiser) {
        ObjectNode body = Json.obj().put("assetId", id).put("valuationId", valuationId).put("amount", amount)
                .put("currency", currency).put("valuationDate", date).put("method", method).put("appraiser", appraiser);
        t.submit("assets.RecordValuation", Json.write(body), SUBJECT, id);
    }
}
