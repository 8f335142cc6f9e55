package dev.o365emulator.server.internal.console;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the route for a method and a raw path: the first route, in the order added, whose template
 * matches; a path that matches only with other methods is a 405, no match at all a 404.
 */
final class Router {

    /** The outcome of looking a request up. */
    sealed interface Match {
    }

    /** The route and its decoded variables. */
    record Found(Route route, Map<String, String> variables) implements Match {
    }

    /** The path exists with other methods. */
    record WrongMethod(Set<String> allowed) implements Match {
    }

    /** No route has this path. */
    record NotFound() implements Match {
    }

    private final List<Route> routes;

    Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
        Set<String> seen = new LinkedHashSet<>();
        for (Route r : routes) {
            if (!seen.add(r.toString())) {
                throw new IllegalArgumentException("two routes for " + r);
            }
        }
    }

    /** Every route, in order. */
    List<Route> routes() {
        return routes;
    }

    /**
     * Looks a request up; {@code HEAD} finds the {@code GET} route.
     *
     * @throws IllegalArgumentException for a malformed percent-escape in the path
     */
    Match match(HttpMethod method, String rawPath) {
        List<String> segments = PathTemplate.split(rawPath);
        HttpMethod wanted = method.equals(HttpMethod.HEAD) ? HttpMethod.GET : method;
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> variables = route.path().match(segments);
            if (variables == null) {
                continue;
            }
            if (route.method().equals(wanted)) {
                return new Found(route, variables);
            }
            allowed.add(route.method().name());
        }
        return allowed.isEmpty() ? new NotFound() : new WrongMethod(allowed);
    }

    /** The body limit for a request, before its body is read: the route's, or the default for no route. */
    long bodyLimit(HttpMethod method, String rawPath) {
        try {
            return match(method, rawPath) instanceof Found found
                    ? found.route().bodyLimit().applyAsLong(found.variables()) : Route.DEFAULT_BODY_LIMIT;
        } catch (IllegalArgumentException malformed) {
            return Route.DEFAULT_BODY_LIMIT;
        }
    }

    /** Builds a router from the routes of each resource family. */
    static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        Builder add(Route route) {
            routes.add(route);
            return this;
        }

        Builder get(String path, RouteHandler handler) {
            return add(Route.of(HttpMethod.GET, path, handler));
        }

        Builder post(String path, RouteHandler handler) {
            return add(Route.of(HttpMethod.POST, path, handler));
        }

        Builder put(String path, RouteHandler handler) {
            return add(Route.of(HttpMethod.PUT, path, handler));
        }

        Builder patch(String path, RouteHandler handler) {
            return add(Route.of(HttpMethod.PATCH, path, handler));
        }

        Builder delete(String path, RouteHandler handler) {
            return add(Route.of(HttpMethod.DELETE, path, handler));
        }

        Router build() {
            return new Router(routes);
        }
    }
}
