package io.mosaic.sdk;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * @param owners     per message type (consumed or published), which body fields name its entity and its owners
 * @param appScopes  per type it publishes, the scope a marketplace app must have been granted to receive it; an app
 *                   receives no type of this domain that is not listed
 * @param schemas    the path in the jar of the JSON Schema of its messages (derived from its records at build, see
 *                   {@link Omittable}); empty when it ships none
 */
public record PluginManifest(PluginId plugin, String publisher, PluginKind kind, String domain, String entryClass,
                             List<String> consumes, List<String> publishes, List<ScopeRequest> scopes,
                             Map<String, String> config, Map<String, OwnedBy> owners, Map<String, String> appScopes,
                             String schemas) {
    /** A manifest without a schemas file. */
    public PluginManifest(PluginId plugin, String publisher, PluginKind kind, String domain, String entryClass,
                          List<String> consumes, List<String> publishes, List<ScopeRequest> scopes,
                          Map<String, String> config, Map<String, OwnedBy> owners, Map<String, String> appScopes) {
        this(plugin, publisher, kind, domain, entryClass, consumes, publishes, scopes, config, owners, appScopes, "");
    }


    /** A manifest without scopes for apps. */
    public PluginManifest(PluginId plugin, String publisher, PluginKind kind, String domain, String entryClass,
                          List<String> consumes, List<String> publishes, List<ScopeRequest> scopes,
                          Map<String, String> config, Map<String, OwnedBy> owners) {
        this(plugin, publisher, kind, domain, entryClass, consumes, publishes, scopes, config, owners, Map.of());
    }

    /** A manifest without owner declarations. */
    public PluginManifest(PluginId plugin, String publisher, PluginKind kind, String domain, String entryClass,
                          List<String> consumes, List<String> publishes, List<ScopeRequest> scopes,
                          Map<String, String> config) {
        this(plugin, publisher, kind, domain, entryClass, consumes, publishes, scopes, config, Map.of(), Map.of());
    }

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
        owners = Map.copyOf(owners);
        appScopes = Map.copyOf(appScopes);
        schemas = schemas == null ? "" : schemas.strip();
        if (!schemas.isEmpty() && (schemas.startsWith("/") || schemas.contains("..") || schemas.contains("\\")
                || !schemas.endsWith(".json"))) {
            throw new IllegalArgumentException("schemas: '" + schemas + "' is not a path of a .json file inside the jar"
                    + " (relative, no '..')");
        }
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
        for (String type : owners.keySet()) {
            requireMessageType("owners", type);
            if (!consumes.contains(type) && !publishes.contains(type)) {
                throw new IllegalArgumentException("owners: '" + type + "' is neither consumed nor published by the plugin");
            }
        }
        for (var e : appScopes.entrySet()) {
            if (!publishes.contains(e.getKey())) {
                throw new IllegalArgumentException("app-scopes: '" + e.getKey() + "' is not published by the plugin");
            }
            if (e.getValue() == null || e.getValue().isBlank()) {
                throw new IllegalArgumentException("app-scopes: '" + e.getKey() + "' names no scope");
            }
        }
    }

    /** The scope an app needs to receive {@code type} from this plugin; empty: no app receives it. */
    public Optional<String> appScope(String type) {
        return Optional.ofNullable(appScopes.get(type));
    }

    /** The owner declaration of a message type, if the manifest has one. */
    public Optional<OwnedBy> ownedBy(String type) {
        return Optional.ofNullable(owners.get(type));
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
