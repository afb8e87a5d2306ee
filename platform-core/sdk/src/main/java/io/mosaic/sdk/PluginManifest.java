package io.mosaic.sdk;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The model of {@code mosaic-plugin.yaml}: who a plugin is, what it consumes and publishes, and what it asks for.
 *
 * @param plugin     id and version
 * @param publisher  who publishes it
 * @param kind       domain bundle or marketplace app
 * @param domain     the domain it owns (domain plugins) or its own namespace (apps); message types it
 *                   publishes start with this name
 * @param entryClass the class implementing {@link MosaicPlugin}, loaded from the plugin's own class loader
 * @param consumes   message types delivered to it
 * @param publishes  message types it may send
 * @param scopes     permissions it requests, each with a reason
 * @param config     default configuration, overridable per tenant
 */
public record PluginManifest(PluginId plugin, String publisher, PluginKind kind, String domain, String entryClass,
                             List<String> consumes, List<String> publishes, List<ScopeRequest> scopes,
                             Map<String, String> config) {

    /** {@code domain.TypeName}: a lower-case domain, a dot, an upper-camel-case name. */
    public static final Pattern MESSAGE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[A-Z][A-Za-z0-9]*");

    public PluginManifest {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(entryClass, "entryClass");
        consumes = List.copyOf(consumes);
        publishes = List.copyOf(publishes);
        scopes = List.copyOf(scopes);
        config = Map.copyOf(config);
        for (String type : consumes) {
            requireMessageType("consumes", type);
        }
        for (String type : publishes) {
            requireMessageType("publishes", type);
            if (!type.startsWith(domain + ".")) {
                throw new IllegalArgumentException("publishes: '" + type + "' is outside the plugin's domain '" + domain
                        + "' (a plugin publishes only types of its own domain)");
            }
        }
    }

    private static void requireMessageType(String field, String type) {
        if (type == null || !MESSAGE_TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException(field + ": '" + type + "' is not a message type (expected domain.TypeName, e.g. assets.ValuationRecorded)");
        }
    }

    public boolean declaresPublish(String type) {
        return publishes.contains(type);
    }

    public boolean declaresConsume(String type) {
        return consumes.contains(type);
    }
}
