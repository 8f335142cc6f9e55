package dev.o365emulator.server.internal.console;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * One operation of the console: a method and a path template, the handler, and the largest body it
 * reads (a function of the path variables, so an upload can be held to its mailbox's MaxReceiveSize).
 */
record Route(HttpMethod method, PathTemplate path, RouteHandler handler, ToLongFunction<Map<String, String>> bodyLimit) {

    /** The body limit of a route that reads JSON, YAML or nothing: 1 MiB. */
    static final long DEFAULT_BODY_LIMIT = 1024 * 1024;

    Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(bodyLimit, "bodyLimit");
    }

    /** A route with the default body limit. */
    static Route of(HttpMethod method, String path, RouteHandler handler) {
        return new Route(method, new PathTemplate(path), handler, variables -> DEFAULT_BODY_LIMIT);
    }

    /** {@code GET /api/v1/health} style, as the OpenAPI document names operations. */
    @Override
    public String toString() {
        return method.name() + " " + path.text();
    }
}
