package io.mosaic.runtime;

import io.mosaic.policy.RuleSet;
import io.mosaic.policy.RuleSets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The platform's rules for reads of a marketplace app ({@code <app>.Query}): who may read what an app keeps about the
 * bank's clients is the bank's rule, not the publisher's. Decided before the app's own rule set, which can only narrow
 * it. The rules are those of the first-party domains (a person bound to the owner it names; a tenant administrator
 * all), kept as {@code app-reads.yaml} beside this class.
 */
final class AppReads {
    private static final String TEMPLATE = template();

    private AppReads() {
    }

    /** The rule set for reads of the app whose domain is {@code domain}. */
    static RuleSet ruleSet(String domain) {
        return RuleSets.parse("platform/app-reads.yaml (" + domain + ")", TEMPLATE.replace("{{domain}}", domain));
    }

    private static String template() {
        try (InputStream in = AppReads.class.getResourceAsStream("app-reads.yaml")) {
            if (in == null) {
                throw new IllegalStateException("the runtime jar lacks io/mosaic/runtime/app-reads.yaml");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
