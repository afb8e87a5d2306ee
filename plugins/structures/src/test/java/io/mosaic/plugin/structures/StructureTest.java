package io.mosaic.plugin.structures;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Given events, when a command, then events or a rejection. */
class StructureTest {
    private static final LocalDate JAN = LocalDate.of(2024, 1, 1);

    private static PartyRegistered party(String id, PartyKind kind) {
        return new PartyRegistered(id, kind, "Name of " + id, "CH");
    }

    private static final List<StructureEvent> PARTIES = List.of(party("anna", PartyKind.PERSON),
            party("family", PartyKind.FAMILY), party("holdco", PartyKind.COMPANY), party("opco", PartyKind.COMPANY),
            party("trust", PartyKind.TRUST));

    private static SetOwnership set(String edge, String holder, String entity, String share, LocalDate from,
                                    LocalDate to) {
        return new SetOwnership(edge, holder, entity, new BigDecimal(share), new BigDecimal(share), from, to);
    }

    private static Structure given(List<StructureEvent> extra) {
        List<StructureEvent> all = new ArrayList<>(PARTIES);
        all.addAll(extra);
        return Structure.replay(all);
    }

    private static OwnershipChanged changed(SetOwnership c) {
        return new OwnershipChanged(c.edgeId(), c.holderId(), c.entityId(), c.economicShare(), c.votingShare(),
                c.validFrom(), c.validTo());
    }

    private static String rejection(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) decision).reason();
    }

    private static List<StructureEvent> accepted(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Accepted.class);
        return ((Decision.Accepted) decision).events();
    }

    @Test
    void registerParty_andRepeat_andConflict() {
        RegisterParty register = new RegisterParty("anna", PartyKind.PERSON, "Name of anna", "CH");
        assertThat(accepted(Structure.empty().decide(register))).containsExactly(party("anna", PartyKind.PERSON));
        assertThat(accepted(given(List.of()).decide(register))).isEmpty();
        assertThat(rejection(given(List.of()).decide(new RegisterParty("anna", PartyKind.PERSON, "Other", "CH"))))
                .contains("already registered with different content");
        assertThat(rejection(Structure.empty().decide(new RegisterParty("x", PartyKind.PERSON, "X", "XX"))))
                .contains("jurisdiction 'XX'");
        assertThat(rejection(Structure.empty().decide(new RegisterParty("x y", PartyKind.PERSON, "X", "CH"))))
                .contains("id 'x y'");
    }

    @Test
    void setOwnership_isAccepted_andRepeatIsANoOp() {
        SetOwnership command = set("e1", "anna", "holdco", "0.6", JAN, null);
        assertThat(accepted(given(List.of()).decide(command))).containsExactly(changed(command));
        assertThat(accepted(given(List.of(changed(command))).decide(command))).isEmpty();
    }

    @Test
    void setOwnership_withUnknownParty_badShareOrDates_isRejected() {
        Structure s = given(List.of());
        assertThat(rejection(s.decide(set("e1", "bob", "holdco", "0.5", JAN, null)))).contains("holder 'bob'");
        assertThat(rejection(s.decide(set("e1", "anna", "holdco", "0", JAN, null)))).contains("economicShare 0");
        assertThat(rejection(s.decide(set("e1", "anna", "holdco", "1.5", JAN, null)))).contains("not in (0, 1]");
        assertThat(rejection(s.decide(set("e1", "anna", "holdco", "0.5", JAN, JAN)))).contains("validTo");
        assertThat(rejection(s.decide(set("e1", "holdco", "anna", "0.5", JAN, null))))
                .contains("a PERSON (anna) cannot be held by a COMPANY");
        assertThat(accepted(s.decide(set("m1", "family", "anna", "1", JAN, null)))).hasSize(1);
    }

    @Test
    void overHolding_isRejectedOnlyWhereTheValidityOverlaps() {
        Structure s = given(List.of(changed(set("e1", "anna", "holdco", "0.7", JAN, LocalDate.of(2024, 7, 1)))));
        assertThat(rejection(s.decide(set("e2", "trust", "holdco", "0.4", LocalDate.of(2024, 6, 1), null))))
                .contains("on 2024-06-01 entity holdco is held 1.1 in total");
        // From 1 July anna's 70% is gone: 40% for the trust is fine.
        assertThat(accepted(s.decide(set("e2", "trust", "holdco", "0.4", LocalDate.of(2024, 7, 1), null))))
                .hasSize(1);
    }

    @Test
    void cycleOwningAllOfItself_isRejected_namingTheCycle() {
        Structure s = given(List.of(changed(set("e1", "holdco", "opco", "1", JAN, null)),
                changed(set("e2", "opco", "trust", "1", JAN, null))));
        assertThat(rejection(s.decide(set("e3", "trust", "holdco", "1", LocalDate.of(2024, 3, 1), null))))
                .contains("on 2024-03-01 the entities [holdco, opco, trust] own 100% of themselves")
                .contains("cycle holdco → opco → trust → holdco");
        // A cross-holding that leaves value outside the cycle is accepted.
        assertThat(accepted(s.decide(set("e3", "trust", "holdco", "0.3", LocalDate.of(2024, 3, 1), null))))
                .hasSize(1);
    }

    @Test
    void endOwnership_setsTheEnd_andAnEdgeCannotMove() {
        OwnershipChanged e1 = changed(set("e1", "anna", "holdco", "0.6", JAN, null));
        Structure s = given(List.of(e1));
        List<StructureEvent> ended = accepted(s.decide(new EndOwnership("e1", LocalDate.of(2025, 1, 1))));
        assertThat(ended).singleElement().isEqualTo(new OwnershipChanged("e1", "anna", "holdco",
                new BigDecimal("0.6"), new BigDecimal("0.6"), JAN, LocalDate.of(2025, 1, 1)));
        assertThat(rejection(s.decide(new EndOwnership("e9", LocalDate.of(2025, 1, 1))))).contains("does not exist");
        assertThat(rejection(s.decide(set("e1", "trust", "holdco", "0.6", JAN, null))))
                .contains("cannot be moved");
        Structure later = s.evolve(ended.getFirst());
        assertThat(later.graph(LocalDate.of(2024, 12, 31)).edges()).hasSize(1);
        assertThat(later.graph(LocalDate.of(2025, 1, 1)).edges()).isEmpty();
    }
}
