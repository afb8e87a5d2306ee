package io.mosaic.server;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every route a listener serves, as its routing code registers it: the same code that fills the web server's routing
 * is run once against this catalog, which only writes down method and path. The API description and the check that
 * every route is authenticated or public are made from it, so neither can miss a route.
 */
final class RouteCatalog implements HttpRules {
    /** A route: its HTTP method ({@code GET}, ..., {@code ANY}) and its path pattern as registered. */
    record Route(String method, String path) implements Comparable<Route> {
        @Override
        public int compareTo(Route o) {
            int c = path.compareTo(o.path);
            return c != 0 ? c : method.compareTo(o.method);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final String prefix;
    private final List<Route> routes;

    private RouteCatalog(String prefix, List<Route> routes) {
        this.prefix = prefix;
        this.routes = routes;
    }

    /** The routes that {@code registration} registers, sorted by path and method. */
    static List<Route> of(Consumer<HttpRules> registration) {
        List<Route> routes = new ArrayList<>();
        registration.accept(new RouteCatalog("", routes));
        Collections.sort(routes);
        return List.copyOf(routes);
    }

    private RouteCatalog add(String method, String path) {
        String full = (prefix + (path.isEmpty() || path.startsWith("/") ? path : "/" + path));
        routes.add(new Route(method, full.isEmpty() ? "/" : full));
        return this;
    }

    @Override
    public HttpRules register(HttpService... services) {
        for (HttpService s : services) {
            s.routing(this);
        }
        return this;
    }

    @Override
    public HttpRules register(String path, HttpService... services) {
        for (HttpService s : services) {
            s.routing(new RouteCatalog(prefix + path, routes));
        }
        return this;
    }

    @Override
    public HttpRules route(HttpRoute route) {
        throw new UnsupportedOperationException("the server registers its routes with a method and a path pattern");
    }

    @Override
    public HttpRules route(Method method, String pathPattern, Handler handler) {
        return add(method.text(), pathPattern);
    }

    @Override
    public HttpRules get(String pathPattern, Handler... handlers) {
        return add("GET", pathPattern);
    }

    @Override
    public HttpRules post(String pathPattern, Handler... handlers) {
        return add("POST", pathPattern);
    }

    @Override
    public HttpRules put(String pathPattern, Handler... handlers) {
        return add("PUT", pathPattern);
    }

    @Override
    public HttpRules delete(String pathPattern, Handler... handlers) {
        return add("DELETE", pathPattern);
    }

    @Override
    public HttpRules patch(String pathPattern, Handler... handlers) {
        return add("PATCH", pathPattern);
    }

    @Override
    public HttpRules head(String pathPattern, Handler... handlers) {
        return add("HEAD", pathPattern);
    }

    @Override
    public HttpRules options(String pathPattern, Handler... handlers) {
        return add("OPTIONS", pathPattern);
    }

    @Override
    public HttpRules any(String pathPattern, Handler... handlers) {
        return add("ANY", pathPattern);
    }

    @Override
    public HttpRules get(Handler... handlers) {
        return add("GET", "");
    }

    @Override
    public HttpRules post(Handler... handlers) {
        return add("POST", "");
    }

    @Override
    public HttpRules put(Handler... handlers) {
        return add("PUT", "");
    }

    @Override
    public HttpRules delete(Handler... handlers) {
        return add("DELETE", "");
    }

    @Override
    public HttpRules any(Handler... handlers) {
        return add("ANY", "");
    }
}
