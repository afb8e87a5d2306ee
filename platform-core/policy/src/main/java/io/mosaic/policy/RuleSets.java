package io.mosaic.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads rule sets from {@code policy.yaml} text: validates everything, reports every problem at once (as a
 * {@link PolicyException} listing {@code <file>:<line>: <problem> (hint: …)}), and compiles each CEL condition once.
 */
public final class RuleSets {
    private RuleSets() {
    }

    /**
     * Parses a rule set.
     *
     * @param sourceName where the text comes from, used in messages (e.g. {@code plugins/assets/policy.yaml})
     * @param yamlText   the content of {@code policy.yaml}
     * @throws PolicyException listing every problem found
     */
    public static RuleSet parse(String sourceName, String yamlText) {
        return new RuleSetReader(sourceName).read(yamlText);
    }

    /** Reads and parses a {@code policy.yaml} file; messages name it by its path. */
    public static RuleSet load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyException("rule set " + file + " cannot be read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }
}
