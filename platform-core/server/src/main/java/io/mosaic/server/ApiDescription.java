package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.mosaic.runtime.MessageSchemas;
import io.mosaic.runtime.TenantRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The server's API description (OpenAPI 3.1, {@code openapi.yaml} beside this class): every route of both listeners,
 * checked by the tests against the routes the server registers. {@code GET /openapi} serves it as JSON
 * ({@code ?format=yaml} as YAML). A tenant's own description ({@code GET /api/tenants/{tenant}/openapi}) adds, for
 * each command type of the tenant's installed domains, its path and the JSON Schema its domain ships.
 */
final class ApiDescription {
    static final String RESOURCE = "openapi.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ApiDescription SHARED = new ApiDescription(load());

    private final ObjectNode document;

    private ApiDescription(ObjectNode document) {
        this.document = document;
    }

    static ApiDescription shared() {
        return SHARED;
    }

    private static ObjectNode load() {
        try (InputStream in = ApiDescription.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + ApiDescription.class.getName());
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The description of every route (a copy). */
    ObjectNode document() {
        return document.deepCopy();
    }

    /**
     * The tenant's description: the general one, plus a path per command type its installed domains accept, with the
     * type's schema under {@code components/schemas} (the domains' {@code $defs}, their references rewritten).
     */
    ObjectNode forTenant(TenantRuntime tenant) {
        ObjectNode doc = document();
        doc.with("info").put("title", "Mosaic API of tenant " + tenant.tenant());
        ObjectNode schemas = doc.with("components").with("schemas");
        ObjectNode paths = doc.with("paths");
        JsonNode generic = document.path("paths").path("/api/tenants/{tenant}/commands/{type}").path("post");
        for (Map.Entry<String, MessageSchemas> plugin : tenant.messageSchemas().entrySet()) {
            JsonNode defs = plugin.getValue().document().path("$defs");
            for (Iterator<Map.Entry<String, JsonNode>> it = defs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> def = it.next();
                JsonNode schema = rewriteRefs(def.getValue().deepCopy());
                schemas.set(def.getKey(), schema);
                if (!"command".equals(def.getValue().path("x-mosaic-kind").asText())) {
                    continue;
                }
                ObjectNode post = generic.isObject() ? ((ObjectNode) generic).deepCopy() : YAML.createObjectNode();
                post.put("operationId", "command_" + def.getKey().replaceAll("[^A-Za-z0-9]", "_"));
                post.put("summary", "Send " + def.getKey() + " (domain " + plugin.getKey() + ")");
                if (post.get("parameters") instanceof ArrayNode params) {
                    for (int i = params.size() - 1; i >= 0; i--) {
                        if ("type".equals(params.get(i).path("name").asText())) {
                            params.remove(i);
                        }
                    }
                }
                post.putObject("requestBody").put("required", true).putObject("content")
                        .putObject("application/json").putObject("schema")
                        .put("$ref", "#/components/schemas/" + def.getKey());
                paths.putObject("/api/tenants/{tenant}/commands/" + def.getKey()).set("post", post);
            }
        }
        return doc;
    }

    private static JsonNode rewriteRefs(JsonNode node) {
        if (node instanceof ObjectNode o) {
            JsonNode ref = o.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#/$defs/")) {
                o.put("$ref", "#/components/schemas/" + ref.asText().substring("#/$defs/".length()));
            }
            o.fields().forEachRemaining(e -> rewriteRefs(e.getValue()));
        } else if (node instanceof ArrayNode a) {
            a.forEach(ApiDescription::rewriteRefs);
        }
        return node;
    }

    /** {@code GET /openapi}: the description as JSON, or YAML with {@code ?format=yaml}. */
    static void serve(ServerRequest req, ServerResponse res, ObjectNode doc) {
        boolean yaml = req.query().first("format").asOptional().map("yaml"::equals).orElse(false);
        try {
            if (yaml) {
                res.header(HeaderNames.CONTENT_TYPE, "application/yaml; charset=utf-8").send(YAML.writeValueAsBytes(doc));
            } else {
                res.header(HeaderNames.CONTENT_TYPE, "application/json").send(Json.write(doc));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
