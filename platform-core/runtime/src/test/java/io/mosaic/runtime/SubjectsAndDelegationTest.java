package io.mosaic.runtime;

import io.mosaic.sdk.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Who sees what inside one bank: the rules live in the real plugins' rule sets; the subject directory binds each
 * person to owners (a client's own, an advisor's assigned clients, what was shared with a family member) and the
 * platform reads the owners a command touches from its body. Each test is an attack or its allowed twin.
 */
class SubjectsAndDelegationTest {
    static final String SCOPE = "assets.valuations.read";
    static final String ADMIN = "admin-a";
    @TempDir
    Path data;
    MosaicPlatform platform;
    TenantRuntime demo;
    SubjectDirectory subjects;

    @BeforeEach
    void start() {
        platform = MosaicPlatform.embedded(data, "test-password".toCharArray(), Clock.systemUTC());
        demo = platform.createTenant("demo");
        demo.install(PluginJars.assets(), Set.of());
        demo.install(PluginJars.valuationAlerts(), Set.of(SCOPE));
        subjects = demo.subjects();
        subjects.recordRoles(ADMIN, Set.of("tenant-admin"), "admin-test", "bank administrator");
        subjects.recordRoles("advisor-bea", Set.of("advisor"), "admin-test", "onboarding");
        subjects.assignClient("advisor-bea", "client-c1", "admin-test", "mandate signed");
        subjects.recordRoles("member-m", Set.of("family-member"), "admin-test", "");
        subjects.share("client-c1", "member-m", "admin-test", "shared by client-c1");
        subjects.recordRoles("client-c2", Set.of("client"), "admin-test", "");
        subjects.bindOwner("client-c2", "owner-c2", "admin-test", "the client's own holding");
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    /** An asset command; the request names the asset as its entity, the body names the owner. */
    void register(String asset, String owner, String subject) {
        demo.submit("assets.RegisterAsset", ("{\"assetId\":\"" + asset + "\",\"name\":\"P\",\"assetClass\":\"ART\","
                + "\"owner\":\"" + owner + "\",\"currency\":\"CHF\",\"description\":\"d\"}").getBytes(StandardCharsets.UTF_8),
                subject, asset);
    }

    void valuation(String asset, String id, String subject) {
        valuation(asset, asset, id, subject);
    }

    void valuation(String entity, String asset, String id, String subject) {
        demo.submit("assets.RecordValuation", ("{\"assetId\":\"" + asset + "\",\"valuationId\":\"" + id
                + "\",\"amount\":\"10.00\",\"currency\":\"CHF\",\"valuationDate\":\"2025-05-05\",\"method\":\"MODEL\","
                + "\"appraiser\":\"\"}").getBytes(StandardCharsets.UTF_8), subject, entity);
    }

    boolean registered(String asset) {
        return demo.query("assets", new Query("asset", Map.of("id", asset), ADMIN)).isPresent();
    }

    boolean valued(String asset, String valuationId) {
        return demo.query("assets", new Query("asset", Map.of("id", asset), ADMIN))
                .map(b -> new String(b, StandardCharsets.UTF_8).contains("\"" + valuationId + "\"")).orElse(false);
    }

    String assets(String subject, Map<String, String> parameters) {
        return new String(demo.query("assets", new Query("assets", parameters, subject)).orElseThrow(), StandardCharsets.UTF_8);
    }

    List<String> alerted(String asset) {
        byte[] json = demo.query("valuation-alerts", new Query("processed", Map.of("assetId", asset), ADMIN)).orElseThrow();
        String text = new String(json, StandardCharsets.UTF_8).replaceAll("[\\[\\]\"]", "");
        return text.isBlank() ? List.of() : List.of(text.split(","));
    }

    boolean audited(String kind, String rule, String subject) {
        return demo.audit().recent("demo", 500).stream().anyMatch(r -> r.kind().equals(kind)
                && r.rule().equals(rule) && r.subject().equals(subject));
    }

    @Test
    void advisorCommandForAnAssignedClient_isDelivered_forAnUnassignedClient_refusedAtTheGatewayAndAudited() {
        register("a-assigned", "client-c1", "advisor-bea");
        assertThatThrownBy(() -> register("a-unassigned", "client-c2", "advisor-bea"))
                .isInstanceOf(CommandDenied.class).hasMessageContaining("only for the clients assigned");
        await().atMost(Duration.ofSeconds(10)).until(() -> registered("a-assigned"));
        assertThat(registered("a-unassigned")).isFalse();
        assertThat(audited("command-denied", "assets:advisors-for-assigned-clients-only", "advisor-bea")).isTrue();
    }

    @Test
    void advisorNamingAnAssignedClientsAsset_butChangingAnotherClientsAssetInTheBody_isRefused() {
        register("a-mine", "client-c1", ADMIN);
        register("a-victim", "owner-c2", ADMIN);
        await().atMost(Duration.ofSeconds(10)).until(() -> registered("a-mine") && registered("a-victim"));

        // header says the assigned client's asset, body changes the victim's: the body wins, and is not the header's
        assertThatThrownBy(() -> valuation("a-mine", "a-victim", "v-forged", "advisor-bea"))
                .isInstanceOf(PlatformException.class).hasMessageContaining("names entity 'a-mine'")
                .hasMessageContaining("acts on 'a-victim'");
        // naming the victim's asset in both: its owner (read from the assets domain) is not assigned to her
        assertThatThrownBy(() -> valuation("a-victim", "v-direct", "advisor-bea")).isInstanceOf(CommandDenied.class);
        valuation("a-mine", "v-ok", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> valued("a-mine", "v-ok"));
        assertThat(valued("a-victim", "v-forged")).isFalse();
        assertThat(valued("a-victim", "v-direct")).isFalse();
    }

    @Test
    void registeringAnAssetForSomebodyElse_isRefused_evenWithTheAssignedClientAsEntity() {
        // the owner comes from the body: naming an assigned client in the request does not help
        assertThatThrownBy(() -> demo.submit("assets.RegisterAsset", ("{\"assetId\":\"a-x\",\"name\":\"P\",\"assetClass\":"
                + "\"ART\",\"owner\":\"owner-c2\",\"currency\":\"CHF\",\"description\":\"d\"}").getBytes(StandardCharsets.UTF_8),
                "advisor-bea", "client-c1")).isInstanceOf(PlatformException.class);
        assertThatThrownBy(() -> register("a-x", "owner-c2", "advisor-bea")).isInstanceOf(CommandDenied.class);
    }

    @Test
    void familyMembersCommand_isRefused_evenForSharedData() {
        assertThatThrownBy(() -> register("a-member", "client-c1", "member-m")).isInstanceOf(CommandDenied.class)
                .hasMessageContaining("read-only");
        assertThat(subjects.find("member-m").orElseThrow().shared()).containsExactly("client-c1");
    }

    @Test
    void unknownPersonAndPersonWithoutRole_getNothing() {
        register("a-1", "client-c1", ADMIN);
        await().atMost(Duration.ofSeconds(10)).until(() -> registered("a-1"));
        subjects.recordRoles("nobody", Set.of(), "admin-test", "left the bank");
        for (String who : List.of("stranger", "nobody")) {
            assertThatThrownBy(() -> assets(who, Map.of())).isInstanceOf(QueryDenied.class);
            assertThatThrownBy(() -> assets(who, Map.of("owner", "client-c1"))).isInstanceOf(QueryDenied.class);
            assertThatThrownBy(() -> register("a-" + who, "client-c1", who)).isInstanceOf(CommandDenied.class);
        }
    }

    @Test
    void advisorWithoutOwner_seesNothing_withAnAssignedOwner_onlyThatOwnersAssets() {
        register("a-c1", "client-c1", ADMIN);
        register("a-c2", "owner-c2", ADMIN);
        await().atMost(Duration.ofSeconds(10)).until(() -> registered("a-c1") && registered("a-c2"));

        assertThatThrownBy(() -> assets("advisor-bea", Map.of())).isInstanceOf(QueryDenied.class)
                .hasMessageContaining("only by naming one as the owner");
        assertThat(assets("advisor-bea", Map.of("owner", "client-c1"))).contains("a-c1").doesNotContain("a-c2");
        assertThatThrownBy(() -> assets("advisor-bea", Map.of("owner", "owner-c2"))).isInstanceOf(QueryDenied.class);
        // an asset of another owner is not found under the assigned owner
        assertThat(demo.query("assets", new Query("asset", Map.of("owner", "client-c1", "id", "a-c2"), "advisor-bea")))
                .isEmpty();
        assertThat(assets(ADMIN, Map.of())).contains("a-c1", "a-c2");
        assertThat(audited("query-denied", "assets:advisors-see-their-clients", "advisor-bea")).isTrue();
    }

    @Test
    void clientReadsAnotherOwner_isDenied_itsOwnStructureIsAnswered() {
        register("a-own", "owner-c2", ADMIN);
        register("a-other", "client-c1", ADMIN);
        await().atMost(Duration.ofSeconds(10)).until(() -> registered("a-own") && registered("a-other"));
        assertThat(assets("client-c2", Map.of("owner", "owner-c2"))).contains("a-own").doesNotContain("a-other");
        assertThatThrownBy(() -> assets("client-c2", Map.of("owner", "client-c1"))).isInstanceOf(QueryDenied.class);
        assertThatThrownBy(() -> assets("client-c2", Map.of())).isInstanceOf(QueryDenied.class);
        subjects.unbindOwner("client-c2", "owner-c2", "admin-test", "moved to another bank");
        assertThatThrownBy(() -> assets("client-c2", Map.of("owner", "owner-c2"))).isInstanceOf(QueryDenied.class);
    }

    @Test
    void familyMember_seesOnlyWhatWasShared() {
        assertThat(assets("member-m", Map.of("owner", "client-c1"))).isEqualTo("[]");
        assertThatThrownBy(() -> assets("member-m", Map.of("owner", "owner-c2"))).isInstanceOf(QueryDenied.class);
        assertThatThrownBy(() -> assets("member-m", Map.of())).isInstanceOf(QueryDenied.class);
    }

    @Test
    void ownerUnderAnotherParameterName_isRefused_soTheGateAndTheDomainReadTheSameOwner() {
        for (String alias : List.of("ownerId", "holder", "entity")) {
            assertThatThrownBy(() -> assets("advisor-bea", Map.of("owner", "client-c1", alias, "owner-c2")))
                    .isInstanceOf(PlatformException.class).hasMessageContaining("'" + alias + "' is not read");
        }
        assertThatThrownBy(() -> demo.query("assets", new Query("owners-of", Map.of("id", "a"), ADMIN)))
                .isInstanceOf(PlatformException.class);
    }

    @Test
    void liveStream_showsOnlyOwnOwners() {
        List<LiveEvent> advisor = new CopyOnWriteArrayList<>();
        List<LiveEvent> stranger = new CopyOnWriteArrayList<>();
        List<LiveEvent> admin = new CopyOnWriteArrayList<>();
        demo.onLive("advisor-bea", advisor::add);
        demo.onLive("stranger", stranger::add);
        demo.onLive(ADMIN, admin::add);
        register("a-visible", "client-c1", ADMIN);
        register("a-hidden", "owner-c2", ADMIN);
        await().atMost(Duration.ofSeconds(10)).until(() -> registered("a-visible") && registered("a-hidden"));
        valuation("a-visible", "v1", ADMIN);
        valuation("a-hidden", "v1", ADMIN);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.stream()
                .filter(e -> e.type().equals("assets.ValuationRecorded")).count() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> advisor.stream()
                .filter(e -> e.type().equals("assets.ValuationRecorded")).count() == 1);
        assertThat(advisor).extracting(LiveEvent::entity).contains("a-visible").doesNotContain("a-hidden");
        assertThat(advisor).extracting(LiveEvent::type).contains("assets.AssetRegistered", "assets.ValuationRecorded");
        assertThat(stranger).isEmpty();
    }

    @Test
    void unassigning_takesEffectForTheNextMessage() {
        register("a-1", "client-c1", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> registered("a-1"));
        valuation("a-1", "v1", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> valued("a-1", "v1"));

        subjects.unassignClient("advisor-bea", "client-c1", "admin-test", "mandate ended");
        assertThatThrownBy(() -> valuation("a-1", "v2", "advisor-bea")).isInstanceOf(CommandDenied.class);
        assertThat(valued("a-1", "v2")).isFalse();
        assertThat(demo.audit().recent("demo", 500)).anyMatch(r -> r.kind().equals("client-unassigned")
                && r.actor().equals("admin-test") && r.reason().contains("mandate ended"));
    }

    @Test
    void appActingForAPerson_isRefusedWhenThePersonMayNot_evenThoughItHoldsTheGrant() {
        register("a-app", "client-c1", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> registered("a-app"));
        valuation("a-app", "ok", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> alerted("a-app").contains("ok"));

        // the valuation is recorded while the advisor still may; the app sees it only after the person lost the role
        demo.pause("valuation-alerts");
        valuation("a-app", "late", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> valued("a-app", "late"));
        subjects.recordRoles("advisor-bea", Set.of("family-member"), "admin-test", "left the bank");
        demo.resume("valuation-alerts");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> audited("delivery-denied", "valuation-alerts:acting-for-a-person-without-rights", "advisor-bea"));
        assertThat(demo.grantsOf("valuation-alerts")).contains(SCOPE);
        assertThat(alerted("a-app")).doesNotContain("late");
    }

    @Test
    void appActingForAPersonWhoMay_isRefusedWithoutTheGrant() {
        register("a-grant", "client-c1", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> registered("a-grant"));
        valuation("a-grant", "before", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> alerted("a-grant").contains("before"));

        demo.revoke("valuation-alerts", SCOPE, "admin-test", "consent withdrawn");
        valuation("a-grant", "after", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> valued("a-grant", "after"));
        await().atMost(Duration.ofSeconds(10)).until(() -> audited("delivery-denied", "builtin:default-deny", "advisor-bea"));
        assertThat(alerted("a-grant")).doesNotContain("after");
    }

    @Test
    void subjectsSurviveARestart_andEveryChangeIsAudited() {
        subjects.recordRoles("advisor-bea", Set.of("advisor"), "identity", "token");
        assertThat(subjects.recordRoles("advisor-bea", Set.of("advisor", "client"), "identity", "token")).isTrue();
        SubjectDirectory reread = new SubjectDirectory("demo", platform.journal(), demo.audit(), Clock.systemUTC());
        assertThat(reread.find("advisor-bea")).hasValueSatisfying(s -> {
            assertThat(s.roles()).containsExactlyInAnyOrder("advisor", "client");
            assertThat(s.clients()).containsExactly("client-c1");
        });
        assertThat(reread.find("member-m").orElseThrow().shared()).containsExactly("client-c1");
        assertThat(reread.find("client-c2").orElseThrow().owners()).containsExactly("owner-c2");
        assertThat(demo.audit().recent("demo", 500)).extracting(AuditRecord::kind)
                .contains("subject-roles-set", "client-assigned", "data-shared", "owner-bound");
        assertThat(demo.audit().recent("demo", 500).stream().filter(r -> r.kind().equals("subject-roles-set")
                && r.subject().equals("advisor-bea")).count()).as("unchanged roles are not recorded again").isEqualTo(2);
        assertThat(demo.audit().verify("demo")).isEmpty();
    }

    @Test
    void anUnknownSubject_getsEmptyBindings_andAKnownOneIsCachedUntilItChanges() {
        assertThat(subjects.gateAttributes("advisor-test")).containsEntry("subject", Map.of("id", "advisor-test",
                "roles", List.of(), "owners", List.of(), "shared", List.of(), "clients", List.of()));
        Map<String, Object> first = subjects.gateAttributes("advisor-bea");
        assertThat(subjects.gateAttributes("advisor-bea")).isSameAs(first);
        assertThat(first).containsEntry("subject", Map.of("id", "advisor-bea", "roles", List.of("advisor"),
                "owners", List.of(), "shared", List.of(), "clients", List.of("client-c1")));
        subjects.assignClient("advisor-bea", "client-c2", "admin-test", "");
        assertThat(subjects.gateAttributes("advisor-bea")).isNotSameAs(first)
                .extractingByKey("subject").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("clients", List.of("client-c1", "client-c2"));
    }
}
