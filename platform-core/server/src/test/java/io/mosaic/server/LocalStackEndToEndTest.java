package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform on the real local stack ({@code --stack local}: a Pulsar broker and a Cassandra node as child
 * processes): the end-to-end path of {@link PlatformEndToEndTest}, and the journal-to-bus crash test, whose platform
 * runs as a process of its own against this stack so that it can be killed with SIGKILL.
 */
class LocalStackEndToEndTest {
    @TempDir
    static Path data;
    static MosaicServer server;
    static HttpClient http = HttpClient.newHttpClient();
    static String base;

    @BeforeAll
    static void start() {
        server = MosaicServer.start(new ServerOptions(data, PlatformEndToEndTest.ROOT.resolve("tenant-config/tenants"),
                List.of(PlatformEndToEndTest.ROOT.resolve("plugins")), 0, false, java.util.Map.of(), true, false));
        server.platform().tenants().values().forEach(TestServers::admins);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static int post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Mosaic-Subject", "admin-test")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static final int COMMANDS = 20;

    /**
     * Point 5 of the Cassandra issue. The platform (journal on Cassandra, bus on Pulsar) registers 20 assets; its
     * journal publisher is stopped after 5 messages and the process is killed with SIGKILL while the other 15 are
     * appended but not published. Started again, it publishes them: the broker holds each AssetRegistered once.
     */
    @Test
    void killedBetweenAppendAndPublish_restartPublishesTheRest_nothingLostNothingDoubled() throws Exception {
        String tenant = "crash-a";
        Path dir = data.resolve("crash-a-platform");
        try (JournalToBusCrash crash = new JournalToBusCrash(server.localStack().orElseThrow())) {
            try (JournalToBusCrash.Child first = crash.start(dir, tenant, COMMANDS, COMMANDS, "hold-after:5")) {
                first.expect("STARTED", Duration.ofMinutes(2));
                crash.retainAssetsTopic(tenant);
                first.go();
                first.expect("APPENDED " + COMMANDS, Duration.ofMinutes(2));
                await().atMost(Duration.ofSeconds(30)).until(() -> crash.registeredOnTopic(tenant).size() == 5);
                first.kill();
            }
            assertThat(crash.registeredOnTopic(tenant)).as("before the restart: only what went out before the hold")
                    .hasSize(5);

            try (JournalToBusCrash.Child second = crash.start(dir, tenant, 0, COMMANDS, "free")) {
                second.expect("STARTED", Duration.ofMinutes(2));
                second.go();
                String drained = second.expect("DRAINED", Duration.ofMinutes(2));
                int sent = Integer.parseInt(drained.substring(drained.lastIndexOf(' ') + 1));
                assertThat(sent).as("the restarted publisher sent at least the 15 held entries").isGreaterThanOrEqualTo(15);
            }
            Map<String, Integer> stored = crash.registeredOnTopic(tenant);
            assertThat(stored).as("every asset registered reached the broker").hasSize(COMMANDS);
            assertThat(stored.values()).as("and each exactly once").containsOnly(1);
        }
    }

    /**
     * The other side of the crash window: the publisher publishes all 20 messages but never stores its offset, and
     * the process is killed. Started again, it sends all 20 again under the same source and numbers; Pulsar's
     * deduplication drops them, so the broker still holds each AssetRegistered once.
     */
    @Test
    void killedAfterPublishBeforeTheOffsetIsStored_theBrokerDropsTheResend() throws Exception {
        String tenant = "crash-b";
        Path dir = data.resolve("crash-b-platform");
        try (JournalToBusCrash crash = new JournalToBusCrash(server.localStack().orElseThrow())) {
            try (JournalToBusCrash.Child first = crash.start(dir, tenant, COMMANDS, COMMANDS, "never-save")) {
                first.expect("STARTED", Duration.ofMinutes(2));
                crash.retainAssetsTopic(tenant);
                first.go();
                first.expect("APPENDED " + COMMANDS, Duration.ofMinutes(2));
                await().atMost(Duration.ofSeconds(60)).until(() -> crash.registeredOnTopic(tenant).size() == COMMANDS);
                first.kill();
            }
            try (JournalToBusCrash.Child second = crash.start(dir, tenant, 0, COMMANDS, "free")) {
                second.expect("STARTED", Duration.ofMinutes(2));
                second.go();
                String drained = second.expect("DRAINED", Duration.ofMinutes(2));
                int sent = Integer.parseInt(drained.substring(drained.lastIndexOf(' ') + 1));
                assertThat(sent).as("no offset was stored: the restarted publisher sent everything again")
                        .isEqualTo(COMMANDS);
            }
            Map<String, Integer> stored = crash.registeredOnTopic(tenant);
            assertThat(stored).hasSize(COMMANDS);
            assertThat(stored.values()).as("the broker dropped every resent message").containsOnly(1);
        }
    }

    @Test
    void valuationDropOnPulsar_reachesTheAppAndTheLiveStream() throws Exception {
        String asset = "pulsar-" + UUID.randomUUID();
        try (LiveStream live = new LiveStream(http, base + "/api/tenants/demo/events")) {
            await().atMost(Duration.ofSeconds(30)).until(live::isOpen);
            assertThat(post("/api/tenants/demo/commands/assets.RegisterAsset?entity=" + asset, "{\"assetId\":\"" + asset
                    + "\",\"name\":\"On Pulsar\",\"assetClass\":\"ART\",\"owner\":\"o\",\"currency\":\"CHF\",\"description\":\"d\"}")).isEqualTo(202);
            for (String[] v : List.of(new String[] {"p1", "200.00"}, new String[] {"p2", "100.00"})) {
                assertThat(post("/api/tenants/demo/commands/assets.RecordValuation?entity=" + asset, "{\"assetId\":\"" + asset
                        + "\",\"valuationId\":\"" + v[0] + "\",\"amount\":\"" + v[1] + "\",\"currency\":\"CHF\","
                        + "\"valuationDate\":\"2025-0" + (v[0].equals("p1") ? "1" : "2") + "-28\",\"method\":\"MODEL\",\"appraiser\":\"\"}"))
                        .isEqualTo(202);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> live.ofType("valuation-alerts.ValueDropAlert").stream()
                    .anyMatch(e -> asset.equals(e.path("entity").asText())));
            JsonNode alert = live.ofType("valuation-alerts.ValueDropAlert").stream()
                    .filter(e -> asset.equals(e.path("entity").asText())).findFirst().orElseThrow();
            assertThat(new BigDecimal(alert.path("payload").path("dropShare").asText())).isEqualByComparingTo("0.5");
        }
    }

    /**
     * A statement file of thousands of bookings is imported whole on Cassandra (one atomic append of ~6,000 rows:
     * events and the messages they publish; with the former 5,000 rows a partition it was refused), and a file too
     * large for one atomic append is refused whole with what to do, leaving the ledger as it was.
     */
    @Test
    void aStatementOfThousandsOfBookings_isImportedWhole_andOneTooLargeForOneAppend_isRejectedWhole() throws Exception {
        String owner = "ls-owner-" + UUID.randomUUID().toString().substring(0, 8);
        String account = iban(String.format("00762%012d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000_000L)));
        try (LiveStream live = new LiveStream(http, base + "/api/tenants/demo/events")) {
            await().atMost(Duration.ofSeconds(30)).until(live::isOpen);
            assertThat(importCsv(owner, "large-1", csv(account, "LARGE-1", 3_000))).isEqualTo(202);
            String statements = "/api/tenants/demo/queries/custody/statements?accountId=" + account;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> get(statements).contains("LARGE-1"));
            JsonNode imported = Json.MAPPER.readTree(get(statements));
            assertThat(imported).singleElement().satisfies(st -> assertThat(st.path("entries").asLong()).isEqualTo(3_000));
            await().atMost(Duration.ofSeconds(120)).until(() -> live.ofType("custody.CashFlowRecorded").stream()
                    .filter(e -> owner.equals(e.path("entity").asText())).count() == 3_000);

            assertThat(importCsv(owner, "huge-1", csv(account, "HUGE-1", 12_000))).isEqualTo(202);

            await().atMost(Duration.ofSeconds(120)).until(() -> live.ofType("custody.StatementRejected").stream()
                    .anyMatch(e -> "huge-1".equals(e.path("payload").path("importId").asText())));
            String error = live.ofType("custody.StatementRejected").stream()
                    .filter(e -> "huge-1".equals(e.path("payload").path("importId").asText())).findFirst().orElseThrow()
                    .path("payload").path("error").asText();
            assertThat(error).contains("too large to import in one piece", "Split the file", "nothing of this file was imported");
            assertThat(Json.MAPPER.readTree(get(statements))).as("the ledger is as it was").hasSize(1);
        }
    }

    static String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Mosaic-Subject",
                "admin-test").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    static int importCsv(String owner, String importId, String content) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/tenants/demo/commands/custody.ImportStatement?entity="
                        + owner)).header("X-Mosaic-Subject", "bank-feed-test")
                .POST(HttpRequest.BodyPublishers.ofString(Json.text(Json.obj().put("importId", importId)
                        .put("fileName", importId + ".csv").put("format", "CSV").put("content", content)
                        .put("ownerId", owner).put("custodian", "Alpenbank AG")))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** One CSV statement of {@code entries} bookings whose balances reconcile. */
    static String csv(String account, String statementId, int entries) {
        BigDecimal opening = new BigDecimal("250000.00");
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < entries; i++) {
            BigDecimal amount = BigDecimal.valueOf(1 + (i * 7919L) % 50_000, 2);
            sum = i % 3 != 1 ? sum.add(amount) : sum.subtract(amount);
        }
        String head = account + "," + statementId + ",2024-12-31,CHF," + opening.toPlainString() + ","
                + opening.add(sum).toPlainString() + ",";
        String[] kinds = {"TRANSFER", "INCOME", "FEE"};
        StringBuilder csv = new StringBuilder(entries * 110 + 200).append("account,statement_id,statement_date,currency,"
                + "opening_balance,closing_balance,booking_date,amount,type,reference,description\n");
        java.time.LocalDate first = java.time.LocalDate.of(2024, 1, 1);
        for (int i = 0; i < entries; i++) {
            BigDecimal amount = BigDecimal.valueOf(1 + (i * 7919L) % 50_000, 2);
            csv.append(head).append(first.plusDays(i % 365)).append(',')
                    .append(i % 3 != 1 ? amount.toPlainString() : amount.negate().toPlainString()).append(',')
                    .append(kinds[i % kinds.length]).append(',').append(statementId).append('-').append(i + 1)
                    .append(",Booking ").append(i + 1).append('\n');
        }
        return csv.toString();
    }

    /** A Swiss IBAN with valid check digits for a 17-digit BBAN (ISO 13616: mod 97). */
    static String iban(String bban) {
        java.math.BigInteger number = new java.math.BigInteger(bban + "1217" + "00"); // C = 12, H = 17
        int check = 98 - number.mod(java.math.BigInteger.valueOf(97)).intValue();
        return String.format("CH%02d%s", check, bban);
    }
}
