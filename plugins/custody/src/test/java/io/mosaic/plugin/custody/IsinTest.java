package io.mosaic.plugin.custody;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IsinTest {

    @Test
    void knownIsins_areValid_andAWrongCheckDigitIsNot() {
        assertThat(Isin.isValid("US0378331005")).isTrue();
        assertThat(Isin.isValid("CH0038863350")).isTrue();
        assertThat(Isin.isValid("IE00B4L5Y983")).isTrue();
        assertThat(Isin.isValid("US0378331006")).isFalse();
        assertThat(Isin.isValid("us0378331005")).isFalse();
        assertThat(Isin.isValid("US037833100")).isFalse();
    }

    @Test
    void regions_followTheCountryPrefix() {
        assertThat(Isin.region("CH0038863350")).isEqualTo("CH");
        assertThat(Isin.region("US0378331005")).isEqualTo("US");
        assertThat(Isin.region("IE00B4L5Y983")).isEqualTo("EU");
        assertThat(Isin.region("XS2176783319")).isEqualTo("GLOBAL");
        assertThat(Isin.region("BRPETRACNPR6")).isEqualTo("EM");
    }

    @Property(tries = 300)
    void everyOtherCheckDigit_isRejected(@ForAll @StringLength(9) @CharRange(from = '0', to = '9') String body,
                                         @ForAll @IntRange(min = 1, max = 9) int shift) {
        String isin = Isin.withCheckDigit("CH" + body);
        assertThat(Isin.isValid(isin)).isTrue();
        int wrong = (isin.charAt(11) - '0' + shift) % 10;
        assertThat(Isin.isValid(isin.substring(0, 11) + wrong)).isFalse();
    }
}
