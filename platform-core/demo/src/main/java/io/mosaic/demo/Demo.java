package io.mosaic.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.runtime.MosaicPlatform;
import io.mosaic.runtime.TenantRuntime;
import io.mosaic.sdk.Query;
import io.mosaic.server.spi.DemoUsers;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** Seeds the demo tenant with a few non-bankable assets and valuations the first time it starts. */
public final class Demo {
    private static final Logger LOG = Logger.getLogger(Demo.class.getName());
    public static final String TENANT = "demo";
    public static final String USER = "anna";
    public static final String API_USER = "anna-api";
    /** The tenant whose clients need all three factors, and its API user whose certificate and device the server holds. */
    public static final String CERTIFICATE_TENANT = "alpine";
    public static final String CERTIFICATE_API_USER = "otto-api";
    /** The demo bank's tenant administrator for curl: administers the tenant over TLS with a token. */
    public static final String ADMIN_API_USER = "bruno-admin";
    /** The demo bank's tenant administrator who signs in to the portal and its console, with a device of her own. */
    public static final String ADMIN_USER = "bea";
    /** Who loads the demo's data: a tenant administrator of the demo bank in its subject directory. */
    public static final String SUBJECT = "demo-loader";
    /** The parties of the Muster family's structure: the demo advisors' clients. */
    public static final java.util.List<String> MUSTER = java.util.List.of("family-muster", "hans", "greta", "muster-holding",
            "alpen-trust");

    private Demo() {
    }

    /** The demo user's password: MOSAIC_DEMO_PASSWORD, else one generated once and kept in the data folder. */
    public static String password(java.nio.file.Path dataDir) {
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

    /**
     * The demo tenant's users, created in its realm at the first start (Keycloak keeps them; users whose device this
     * server holds are made anew at each start, as the device ends with the process): {@link #USER},
     * the advisor who signs in to the portal and enrols her own device (the device emulator page), and
     * {@link #API_USER}, an advisor whose photoTAN device this server holds, so that the dev token route can log it in
     * for curl, {@link #ADMIN_API_USER}, a tenant administrator held the same way, and {@link #ADMIN_USER}, the bank's
     * tenant administrator who signs in to the portal's console and enrols her own device like {@link #USER}.
     */
    static void createUsers(DemoUsers identity, java.nio.file.Path dataDir, MosaicPlatform platform) {
        var advisor = java.util.Set.of(io.mosaic.identity.Role.ADVISOR);
        identity.ensureUser(TENANT, USER, password(dataDir), advisor); // she keeps the device she enrolled herself
        var admin = java.util.Set.of(io.mosaic.identity.Role.TENANT_ADMIN);
        identity.ensureUser(TENANT, ADMIN_USER, password(dataDir), admin); // the bank's console, in a browser
        if (identity.requiresPhotoTan(TENANT)) {
            identity.createUserWithHeldDevice(TENANT, API_USER, password(dataDir), advisor);
            identity.createUserWithHeldDevice(TENANT, ADMIN_API_USER, password(dataDir), admin);
        } else {
            identity.ensureUser(TENANT, API_USER, password(dataDir), advisor);
            identity.ensureUser(TENANT, ADMIN_API_USER, password(dataDir), admin);
        }
        // the advisors advise the Muster family: they see and act for its structure, and nobody else's
        for (String user : java.util.List.of(USER, API_USER)) {
            identity.userId(TENANT, user).ifPresent(id -> assignMuster(platform, id));
        }
        if (identity.hasTenant(CERTIFICATE_TENANT)) {
            // all three factors: certificate (held by the server, PEM at the dev route), password, photoTAN
            identity.createUserWithHeldDevice(CERTIFICATE_TENANT, CERTIFICATE_API_USER, password(dataDir), advisor);
        }
    }

    private static void assignMuster(MosaicPlatform platform, String advisor) {
        platform.tenant(TENANT).ifPresent(t -> {
            var known = t.subjects().find(advisor).map(io.mosaic.runtime.SubjectDirectory.Subject::clients)
                    .orElse(java.util.Set.of());
            for (String client : MUSTER) {
                if (!known.contains(client)) {
                    t.subjects().assignClient(advisor, client, SUBJECT, "demo: advisor of the Muster family");
                }
            }
        });
    }

    static void seed(MosaicPlatform platform) {
        Optional<TenantRuntime> demo = platform.tenant(TENANT);
        if (demo.isEmpty()) {
            return;
        }
        TenantRuntime t = demo.get();
        t.subjects().recordRoles(SUBJECT, java.util.Set.of("tenant-admin"), "demo", "loads the demo bank's data");
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
        if (t.installed().stream().anyMatch(p -> p.manifest().domain().equals("consolidation"))) {
            seedFamilyOffice(t);
        }
    }

    /**
     * The Muster family office: a family of two, a holding company partly held by a Liechtenstein trust, an account
     * at a private bank with a statement, a EUR rate — enough for the consolidated view, the structure graph and the
     * custody queries. The structure is small; docs/wealth.md explains the model.
     */
    private static void seedFamilyOffice(TenantRuntime t) {
        party(t, "family-muster", "FAMILY", "Familie Muster", "CH");
        party(t, "hans", "PERSON", "Hans Muster", "CH");
        party(t, "greta", "PERSON", "Greta Muster", "CH");
        party(t, "muster-holding", "COMPANY", "Muster Holding AG", "CH");
        party(t, "alpen-trust", "TRUST", "Alpen Familientrust", "LI");
        // an edge names two parties, registered on different lanes: wait until structures knows all of them
        awaitParties(t, java.util.List.of("family-muster", "hans", "greta", "muster-holding", "alpen-trust"));
        edge(t, "e-family-hans", "family-muster", "hans", "1", "1");
        edge(t, "e-family-greta", "family-muster", "greta", "1", "1");
        edge(t, "e-hans-holding", "hans", "muster-holding", "0.40", "0.50");
        edge(t, "e-greta-holding", "greta", "muster-holding", "0.30", "0.30");
        edge(t, "e-trust-holding", "alpen-trust", "muster-holding", "0.30", "0.20");
        ObjectNode fx = Json.obj().put("base", "EUR").put("quote", "CHF").put("rate", "0.9400").put("date", "2024-09-30")
                .put("source", "demo reference rate");
        t.submit("market-data.RecordFxRate", Json.write(fx), SUBJECT, null);
        String csv = "account,statement_id,statement_date,currency,opening_balance,closing_balance,booking_date,amount,type,description\n"
                + "CH9300762011623852957,2024-12,2024-12-31,CHF,250000.00,262300.00,2024-12-02,15000.00,TRANSFER,Deposit\n"
                + "CH9300762011623852957,2024-12,2024-12-31,CHF,250000.00,262300.00,2024-12-15,-2700.00,FEE,Custody fee\n";
        ObjectNode statement = Json.obj().put("importId", "demo-import-1").put("fileName", "muster-holding-2024-12.csv")
                .put("format", "CSV").put("content", csv).put("ownerId", "muster-holding").put("custodian", "Zürcher Privatbank");
        t.submit("custody.ImportStatement", Json.write(statement), SUBJECT, "muster-holding");
        LOG.info("demo tenant seeded with the Muster family office");
    }

    private static void awaitParties(TenantRuntime t, java.util.List<String> ids) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        for (String id : ids) {
            while (t.query("structures", new Query("party", Map.of("id", id), SUBJECT)).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new io.mosaic.runtime.PlatformException("demo: party " + id + " was not registered within 30 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(20).toNanos());
            }
        }
    }

    private static void party(TenantRuntime t, String id, String kind, String name, String jurisdiction) {
        t.submit("structures.RegisterParty", Json.write(Json.obj().put("partyId", id).put("kind", kind).put("name", name)
                .put("jurisdiction", jurisdiction)), SUBJECT, id);
    }

    private static void edge(TenantRuntime t, String id, String holder, String entity, String economic, String voting) {
        t.submit("structures.SetOwnership", Json.write(Json.obj().put("edgeId", id).put("holderId", holder)
                .put("entityId", entity).put("economicShare", economic).put("votingShare", voting)
                .put("validFrom", "2020-01-01").putNull("validTo")), SUBJECT, entity);
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
