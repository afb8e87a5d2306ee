package io.mosaic.plugin.structures;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.sdk.DomainPlugin;
import io.mosaic.sdk.PluginId;
import io.mosaic.sdk.PluginKind;
import io.mosaic.sdk.PluginManifest;
import io.mosaic.sdk.Query;
import io.mosaic.sdk.testkit.FakeEnvelope;
import io.mosaic.sdk.testkit.FakeEventStore;
import io.mosaic.sdk.testkit.FakePluginContext;
import io.mosaic.sdk.testkit.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The domain against an in-memory platform: commands in, journal and published messages out, queries. */
class StructuresDomainTest {
    private FakeEventStore store;
    private FakePluginContext context;
    private StructuresDomain domain;

    @BeforeEach
    void start() {
        store = new FakeEventStore("structures", FakePluginContext.CLOCK);
        context = new FakePluginContext(store, Map.of());
        domain = new StructuresDomain();
        domain.start(context);
    }

    private void send(String type, Object body) {
        domain.onMessage(FakeEnvelope.command("structures." + type, body));
    }

    private void demoStructure() {
        send("RegisterParty", new RegisterParty("anna", PartyKind.PERSON, "Anna Muster", "CH"));
        send("RegisterParty", new RegisterParty("holdco", PartyKind.COMPANY, "Muster Holding AG", "CH"));
        send("RegisterParty", new RegisterParty("opco", PartyKind.COMPANY, "Muster Operations AG", "LU"));
        send("SetOwnership", new SetOwnership("e1", "anna", "holdco", new BigDecimal("0.6"), new BigDecimal("0.5"),
                LocalDate.of(2024, 1, 1), null));
        send("SetOwnership", new SetOwnership("e2", "holdco", "opco", new BigDecimal("0.5"), new BigDecimal("0.5"),
                LocalDate.of(2024, 1, 1), null));
        send("SetOwnership", new SetOwnership("e3", "opco", "holdco", new BigDecimal("0.3"), BigDecimal.ZERO,
                LocalDate.of(2024, 6, 1), null));
    }

    private Object query(String name, Map<String, String> parameters) {
        return domain.query(new Query(name, parameters, "client-7")).orElseThrow();
    }

    @Test
    void commands_publishEvents_withTheEntityAsKey() {
        demoStructure();

        assertThat(context.published()).extracting(FakePluginContext.Published::type).containsExactly(
                "structures.PartyRegistered", "structures.PartyRegistered", "structures.PartyRegistered",
                "structures.OwnershipChanged", "structures.OwnershipChanged", "structures.OwnershipChanged");
        assertThat(context.published("structures.OwnershipChanged")).extracting(p -> p.entity().orElseThrow())
                .containsExactly("holdco", "opco", "holdco");
        JsonNode json = Json.read(context.published("structures.OwnershipChanged").getFirst().json(), JsonNode.class);
        assertThat(json.get("economicShare").asText()).isEqualTo("0.6");
        assertThat(json.get("validFrom").asText()).isEqualTo("2024-01-01");
        assertThat(json.get("validTo").isNull()).isTrue();
    }

    @Test
    void lookThroughQuery_followsTheCycle_fromItsValidityDate() {
        demoStructure();

        var before = (StructureViews.LookThroughView) query("look-through",
                Map.of("owner", "anna", "asOf", "2024-03-31"));
        assertThat(before.shares()).extracting(StructureViews.EffectiveShare::entityId).containsExactly("holdco", "opco");
        assertThat(before.shares().get(1).economicShare()).isEqualByComparingTo("0.3");

        var after = (StructureViews.LookThroughView) query("look-through", Map.of("owner", "anna", "asOf", "2024-06-01"));
        // x_holdco = 0.6 + 0.3·x_opco, x_opco = 0.5·x_holdco ⇒ x_holdco = 0.6/0.85, x_opco = 0.3/0.85
        assertThat(after.shares().get(0).economicShare()).isEqualByComparingTo("0.705882352941");
        assertThat(after.shares().get(1).economicShare()).isEqualByComparingTo("0.352941176471");
        assertThat(domain.query(new Query("look-through", Map.of("owner", "nobody"), "c"))).isEmpty();
    }

    @Test
    void graphQuery_answersNodesAndTheEdgesValidOnTheDate() {
        demoStructure();
        var graph = (OwnershipGraph) query("graph", Map.of("asOf", "2024-03-31"));
        assertThat(graph.nodes()).extracting(OwnershipGraph.Node::id).containsExactly("anna", "holdco", "opco");
        assertThat(graph.edges()).extracting(OwnershipGraph.Edge::id).containsExactly("e1", "e2");
        JsonNode json = Json.read(Json.write(graph), JsonNode.class);
        assertThat(json.get("edges").get(0).get("holderId").asText()).isEqualTo("anna");
        assertThat(json.get("nodes").get(0).get("kind").asText()).isEqualTo("PERSON");
    }

    @Test
    void partyQuery_listsHoldersAndHoldings() {
        demoStructure();
        var holdco = (StructureViews.PartyView) query("party", Map.of("id", "holdco"));
        assertThat(holdco.heldBy()).extracting(OwnershipGraph.Edge::id).containsExactly("e1", "e3");
        assertThat(holdco.holds()).extracting(OwnershipGraph.Edge::id).containsExactly("e2");
    }

    @Test
    void selfOwningCycle_isRejected_andNothingIsStored() {
        demoStructure();
        send("SetOwnership", new SetOwnership("e4", "opco", "holdco", new BigDecimal("0.4"), BigDecimal.ZERO,
                LocalDate.of(2024, 1, 1), null));
        var rejected = context.published("structures.CommandRejected");
        assertThat(rejected).singleElement().satisfies(p -> assertThat(p.as(CommandRejected.class).reason())
                .contains("edge e4: on 2024-06-01 entity holdco is held 1.3 in total"));
        // published under the party the command was about, not under the edge: the people bound to holdco see it
        assertThat(rejected.getFirst().entity()).hasValue("holdco");
        assertThat(rejected.getFirst().as(CommandRejected.class).entity()).isEqualTo("holdco");
        assertThat(((OwnershipGraph) query("graph", Map.of("asOf", "2024-07-01"))).edges()).hasSize(3);
    }

    @Test
    void stateIsRebuiltFromTheJournal_afterARestart() {
        demoStructure();
        domain.stop();
        StructuresDomain restarted = new StructuresDomain();
        restarted.start(new FakePluginContext(store, Map.of()));

        var graph = (OwnershipGraph) restarted.query(new Query("graph", Map.of("asOf", "2024-07-01"), "c")).orElseThrow();
        assertThat(graph.edges()).extracting(OwnershipGraph.Edge::id).containsExactly("e1", "e2", "e3");
        restarted.onMessage(FakeEnvelope.command("structures.EndOwnership", new EndOwnership("e3",
                LocalDate.of(2025, 1, 1))));
        assertThat(store.conflicts()).isZero();
    }

    @Test
    void manifest_isAValidDomainManifest() throws Exception {
        JsonNode yaml = FakePluginContext.manifest();
        PluginManifest manifest = new PluginManifest(new PluginId(yaml.get("id").asText(), yaml.get("version").asText()),
                yaml.get("publisher").asText(), PluginKind.valueOf(yaml.get("kind").asText().toUpperCase()),
                yaml.get("domain").asText(), yaml.get("entry-class").asText(), texts(yaml.get("consumes")),
                texts(yaml.get("publishes")), List.of(), Map.of());
        assertThat(manifest.consumes()).containsExactlyInAnyOrder("structures.RegisterParty",
                "structures.SetOwnership", "structures.EndOwnership");
        assertThat(Class.forName(manifest.entryClass()).getConstructor().newInstance()).isInstanceOf(DomainPlugin.class);
        assertThat(getClass().getResource("/policy.yaml")).isNotNull();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
