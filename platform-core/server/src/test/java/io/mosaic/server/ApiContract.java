package io.mosaic.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The API description against the routes a listener registers, and against an OpenAPI validator. */
final class ApiContract {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private ApiContract() {
    }

    /** The routes as OpenAPI writes them: a trailing wildcard {@code /*} is the parameter {@code {path}}. */
    static Set<String> registered(List<RouteCatalog.Route> routes) {
        Set<String> out = new TreeSet<>();
        for (RouteCatalog.Route r : routes) {
            String path = r.path().endsWith("/*") ? r.path().substring(0, r.path().length() - 2) + "/{path}" : r.path();
            out.add(r.method() + " " + path);
        }
        return out;
    }

    /**
     * The operations the description says {@code listener} serves: without the demo's own unless {@code demo}, and
     * without those only a server with identity has (sign-in, the portal, the platform CA) unless {@code identity}.
     */
    static Set<String> documented(JsonNode doc, String listener, boolean demo, boolean identity) {
        Set<String> out = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            JsonNode o = op.getValue();
            List<String> listeners = new ArrayList<>();
            o.path("x-mosaic-listeners").forEach(l -> listeners.add(l.asText()));
            if (listeners.contains(listener) && (demo || !o.path("x-mosaic-demo-only").asBoolean(false))
                    && (identity || !o.path("x-mosaic-identity-only").asBoolean(false))) {
                out.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        return out;
    }

    /** What a maintained OpenAPI 3.1 parser finds wrong with a description (empty: valid). */
    static List<String> problems(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(text, null, options);
        List<String> problems = new ArrayList<>(result.getMessages() == null ? List.of() : result.getMessages());
        if (result.getOpenAPI() == null) {
            problems.add("not parsed as OpenAPI");
        } else if (!result.getOpenAPI().getOpenapi().startsWith("3.1")) {
            problems.add("openapi " + result.getOpenAPI().getOpenapi() + ", not 3.1");
        }
        return problems;
    }
}
