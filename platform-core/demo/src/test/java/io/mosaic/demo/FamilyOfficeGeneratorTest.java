package io.mosaic.demo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator on its own: the same seed and scale give the same office, another seed another; the large demo's
 * office has its six banks and its size. Loaded into a running server and checked against consolidation:
 * io.mosaic.server.FamilyOfficeEndToEndTest (the server's tests, where a server runs).
 */
class FamilyOfficeGeneratorTest {
    @Test
    void sameSeedAndScale_giveTheSameOffice_anotherSeedAnother() {
        var office = FamilyOfficeGenerator.generate(7L, FamilyOfficeGenerator.Scale.SMALL);
        var again = FamilyOfficeGenerator.generate(7L, FamilyOfficeGenerator.Scale.SMALL);
        assertThat(again.steps()).isEqualTo(office.steps());
        assertThat(again.expectedNetWorth(FamilyOfficeGenerator.FAMILY, office.end()))
                .isEqualTo(office.expectedNetWorth(FamilyOfficeGenerator.FAMILY, office.end()));
        assertThat(FamilyOfficeGenerator.generate(8L, FamilyOfficeGenerator.Scale.SMALL).steps()).isNotEqualTo(office.steps());
        var demo = FamilyOfficeGenerator.generate(FamilyOfficeGenerator.DEMO_SEED, FamilyOfficeGenerator.Scale.DEMO).counts();
        assertThat(demo.banks()).isEqualTo(6);
        assertThat(demo.securitiesPositions()).isGreaterThanOrEqualTo(200);
        assertThat(demo.nonBankableAssets()).isGreaterThanOrEqualTo(12);
    }
}
