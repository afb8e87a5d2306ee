package io.mosaic.tenant;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantDescriptorPropertiesTest {

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(30)
                .map(rest -> "t" + rest);
    }

    @Provide
    Arbitrary<String> colors() {
        return Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(6).map(hex -> "#" + hex);
    }

    private static String yaml(String id, String color, int days, String currency) {
        return """
                id: %s
                legalName: Test Bank AG
                branding:
                  name: Test
                  primaryColor: "%s"
                  accentColor: "#000000"
                locale: fr-CH
                currency: %s
                domains: [assets]
                apps: []
                loginFactors: [certificate, password, phototan]
                dataResidency: [zrh-1]
                keyPolicy:
                  rotationDays: %d
                plan: standard
                """.formatted(id, color, currency, days);
    }

    @Property(tries = 50)
    void validDescriptors_loadWithTheirValues(@ForAll("ids") String id, @ForAll("colors") String color,
                                              @ForAll @IntRange(min = 1, max = 3650) int days) throws IOException {
        Path file = Files.createTempFile("tenant", ".yaml");
        try {
            Files.writeString(file, yaml(id, color, days, "CHF"));
            TenantDescriptor descriptor = TenantDescriptors.load(file);
            assertThat(descriptor.id()).isEqualTo(id);
            assertThat(descriptor.branding().primaryColor()).isEqualTo(color);
            assertThat(descriptor.keyPolicy().rotationDays()).isEqualTo(days);
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 50)
    void unknownCurrencyCodes_areRejected_onTheirLine(@ForAll("codes") String code) throws IOException {
        Path file = Files.createTempFile("tenant", ".yaml");
        try {
            Files.writeString(file, yaml("test", "#123456", 90, code));
            assertThatThrownBy(() -> TenantDescriptors.load(file))
                    .isInstanceOfSatisfying(TenantConfigException.class, e -> assertThat(e.problems()).singleElement()
                            .satisfies(p -> {
                                assertThat(p.field()).isEqualTo("currency");
                                assertThat(p.line()).isEqualTo(8);
                            }));
        } finally {
            Files.delete(file);
        }
    }

    @Provide
    Arbitrary<String> codes() {
        return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ").ofLength(3)
                .filter(code -> !TenantDescriptor.isCurrency(code));
    }
}
