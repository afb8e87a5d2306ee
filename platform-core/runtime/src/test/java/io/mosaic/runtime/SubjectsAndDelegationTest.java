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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subjects and delegation (issue 7, point 2): the rules live in the real plugins' rule sets; the subject directory
 * feeds them {@code subject.roles / clients / shared}.
 */
class SubjectsAndDelegationTest {
    static final String SCOPE = "assets.valuations.read";
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
        subjects.recordRoles("advisor-bea", Set.of("advisor"), "admin-test", "onboarding");
        subjects.assignClient("advisor-bea", "client-c1", "admin-test", "mandate signed");
        subjects.recordRoles("member-m", Set.of("family-member"), "admin-test", "");
        subjects.share("client-c1", "member-m", "admin-test", "shared by client-c1");
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    /** An asset command; the entity of the envelope names the owner the subject acts for. */
    void register(String asset, String owner, String subject) {
        demo.submit("assets.RegisterAsset", ("{\"assetId\":\"" + asset + "\",\"name\":\"P\",\"assetClass\":\"ART\","
                + "\"owner\":\"" + owner + "\",\"currency\":\"CHF\",\"description\":\"d\"}").getBytes(StandardCharsets.UTF_8),
                subject, owner);
    }

    void valuation(String asset, String owner, String id, String subject) {
        demo.submit("assets.RecordValuation", ("{\"assetId\":\"" + asset + "\",\"valuationId\":\"" + id
                + "\",\"amount\":\"10.00\",\"currency\":\"CHF\",\"valuationDate\":\"2025-05-05\",\"method\":\"MODEL\","
                + "\"appraiser\":\"\"}").getBytes(StandardCharsets.UTF_8), subject, owner);
    }

    boolean registered(String asset) {
        return demo.query("assets", new Query("asset", Map.of("id", asset), "t")).isPresent();
    }

    boolean valued(String asset, String valuationId) {
        return demo.query("assets", new Query("asset", Map.of("id", asset), "t"))
                .map(b -> new String(b, StandardCharsets.UTF_8).contains("\"" + valuationId + "\"")).orElse(false);
    }

    List<String> alerted(String asset) {
        byte[] json = demo.query("valuation-alerts", new Query("processed", Map.of("assetId", asset), "t")).orElseThrow();
        String text = new String(json, StandardCharsets.UTF_8).replaceAll("[\\[\\]\"]", "");
        return text.isBlank() ? List.of() : List.of(text.split(","));
    }

    boolean denied(String rule, String subject) {
        return demo.audit().recent("demo", 500).stream().anyMatch(r -> r.kind().equals("delivery-denied")
                && r.rule().equals(rule) && r.subject().equals(subject));
    }

    @Test
    void advisorCommandForAnAssignedClient_isDelivered_forAnUnassignedClient_refusedAndAudited() {
        register("a-assigned", "client-c1", "advisor-bea");
        register("a-unassigned", "client-c2", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> registered("a-assigned"));
        await().atMost(Duration.ofSeconds(10)).until(() -> denied("assets:advisors-for-assigned-clients-only", "advisor-bea"));
        assertThat(registered("a-unassigned")).isFalse();
        assertThat(demo.audit().recent("demo", 500)).anyMatch(r -> r.kind().equals("delivery-denied")
                && r.messageType().equals("assets.RegisterAsset") && r.reason().contains("only for the clients assigned"));
    }

    @Test
    void familyMembersCommand_isRefused_evenForSharedData() {
        register("a-member", "client-c1", "member-m");
        register("a-marker", "client-c1", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> registered("a-marker"));
        await().atMost(Duration.ofSeconds(10)).until(() -> denied("assets:family-members-read-only", "member-m"));
        assertThat(registered("a-member")).isFalse();
        assertThat(subjects.find("member-m").orElseThrow().shared()).containsExactly("client-c1");
    }

    @Test
    void unassigning_takesEffectForTheNextMessage() {
        register("a-1", "client-c1", "advisor-bea");
        valuation("a-1", "client-c1", "v1", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> valued("a-1", "v1"));

        subjects.unassignClient("advisor-bea", "client-c1", "admin-test", "mandate ended");
        valuation("a-1", "client-c1", "v2", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> denied("assets:advisors-for-assigned-clients-only", "advisor-bea"));
        assertThat(valued("a-1", "v2")).isFalse();
        assertThat(demo.audit().recent("demo", 500)).anyMatch(r -> r.kind().equals("client-unassigned")
                && r.actor().equals("admin-test") && r.reason().contains("mandate ended"));
    }

    @Test
    void appActingForAPerson_isRefusedWhenThePersonMayNot_evenThoughItHoldsTheGrant() {
        register("a-app", "client-c1", "advisor-bea");
        valuation("a-app", "client-c1", "ok", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> alerted("a-app").contains("ok"));

        // the valuation is recorded while the advisor still may; the app sees it only after the person lost the role
        demo.pause("valuation-alerts");
        valuation("a-app", "client-c1", "late", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> valued("a-app", "late"));
        subjects.recordRoles("advisor-bea", Set.of("family-member"), "admin-test", "left the bank");
        demo.resume("valuation-alerts");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> denied("valuation-alerts:acting-for-a-person-without-rights", "advisor-bea"));
        assertThat(demo.grantsOf("valuation-alerts")).contains(SCOPE);
        assertThat(alerted("a-app")).doesNotContain("late");
    }

    @Test
    void appActingForAPersonWhoMay_isRefusedWithoutTheGrant() {
        register("a-grant", "client-c1", "advisor-bea");
        valuation("a-grant", "client-c1", "before", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> alerted("a-grant").contains("before"));

        demo.revoke("valuation-alerts", SCOPE, "admin-test", "consent withdrawn");
        valuation("a-grant", "client-c1", "after", "advisor-bea");
        await().atMost(Duration.ofSeconds(10)).until(() -> valued("a-grant", "after"));
        await().atMost(Duration.ofSeconds(10)).until(() -> denied("builtin:default-deny", "advisor-bea"));
        assertThat(alerted("a-grant")).doesNotContain("after");
    }

    @Test
    void subjectsSurviveARestart_andEveryChangeIsAudited() {
        subjects.recordRoles("advisor-bea", Set.of("advisor"), "identity", "token");
        assertThat(subjects.recordRoles("advisor-bea", Set.of("advisor", "client"), "identity", "token")).isTrue();
        SubjectDirectory reread = new SubjectDirectory("demo", platformJournal(), demo.audit(), Clock.systemUTC());
        assertThat(reread.find("advisor-bea")).hasValueSatisfying(s -> {
            assertThat(s.roles()).containsExactlyInAnyOrder("advisor", "client");
            assertThat(s.clients()).hasValue(Set.of("client-c1"));
        });
        assertThat(reread.find("member-m").orElseThrow().shared()).containsExactly("client-c1");
        assertThat(demo.audit().recent("demo", 500)).extracting(AuditRecord::kind)
                .contains("subject-roles-set", "client-assigned", "data-shared");
        assertThat(demo.audit().recent("demo", 500).stream().filter(r -> r.kind().equals("subject-roles-set")
                && r.subject().equals("advisor-bea")).count()).as("unchanged roles are not recorded again").isEqualTo(2);
        assertThat(demo.audit().verify("demo")).isEmpty();
    }

    @Test
    void anUnknownSubject_getsNoAttributes_andAKnownOneIsCachedUntilItChanges() {
        assertThat(subjects.gateAttributes("advisor-test")).isEmpty();
        Map<String, Object> first = subjects.gateAttributes("advisor-bea");
        assertThat(subjects.gateAttributes("advisor-bea")).isSameAs(first);
        assertThat(first).containsEntry("subject", Map.of("id", "advisor-bea", "roles", List.of("advisor"),
                "shared", List.of(), "clients", List.of("client-c1")));
        subjects.assignClient("advisor-bea", "client-c2", "admin-test", "");
        assertThat(subjects.gateAttributes("advisor-bea")).isNotSameAs(first)
                .extractingByKey("subject").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("clients", List.of("client-c1", "client-c2"));
    }

    private io.mosaic.eventstore.Journal platformJournal() {
        return platform.journal();
    }
}
