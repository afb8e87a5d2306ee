package io.mosaic.plugin.esgscreening;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the bank's lists and screening one instrument. */
class ScreeningListTest {
    private final ScreeningList list = ScreeningList.parse(
            Optional.of("XS0000000017=controversial-weapons, XS0000000025=thermal-coal"),
            Optional.of("XS0000000041=AA,XS0000000017=B"));

    @Test
    void excluded_winsOverARating() {
        assertThat(list.screen("XS0000000017"))
                .isEqualTo(new ScreeningList.Screened(Verdict.EXCLUDED, "controversial-weapons", "B"));
    }

    @Test
    void rated_unrated_andCash() {
        assertThat(list.screen("XS0000000041").verdict()).isEqualTo(Verdict.RATED);
        assertThat(list.screen("XS0000000041").rating()).isEqualTo("AA");
        assertThat(list.screen("US0378331005")).isEqualTo(new ScreeningList.Screened(Verdict.UNRATED, "", ""));
        assertThat(list.screen("CASH-CHF").verdict()).isEqualTo(Verdict.NOT_SCREENED);
    }

    @Test
    void missingKeys_areEmptyLists_andEverySecurityIsUnrated() {
        ScreeningList empty = ScreeningList.parse(Optional.empty(), Optional.of(" , "));
        assertThat(empty.exclusions()).isEmpty();
        assertThat(empty.screen("XS0000000017").verdict()).isEqualTo(Verdict.UNRATED);
    }

    @Test
    void anIsinListedTwiceWithDifferentCategories_isRefused() {
        assertThatThrownBy(() -> ScreeningList.parse(Optional.of("XS0000000017=tobacco, XS0000000017=thermal-coal"),
                Optional.empty()))
                .isInstanceOf(EsgScreeningException.class)
                .hasMessage("config exclusions, entry 2: XS0000000017 is listed twice, as 'tobacco' and as 'thermal-coal'");
    }
}
