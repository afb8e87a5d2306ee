package io.mosaic.runtime.host;

import java.util.List;

/**
 * A plugin's {@code mosaic-plugin.yaml} is missing or malformed. Each problem names the jar, the manifest file, the
 * line when known, the field and what is wrong with it, e.g.
 * {@code valuation-alerts-1.0.jar!/mosaic-plugin.yaml line 4: field 'kind': 'plugin' is not one of domain, app}.
 */
public final class ManifestException extends PluginHostException {
    private final List<String> problems;

    ManifestException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    ManifestException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** Every problem found, each a complete sentence naming file and field; the message joins them. */
    public List<String> problems() {
        return problems;
    }
}
