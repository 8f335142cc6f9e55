package dev.o365emulator.server.internal.console;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a route sees it: method, path, the route's decoded path variables, the query, the
 * headers and the whole body (already bounded by the route's limit).
 *
 * @param path the raw path, without the query: the problem documents' {@code instance}
 */
record ApiRequest(HttpMethod method, String path, Map<String, String> variables, Map<String, List<String>> query,
        HttpHeaders headers, byte[] body) {

    /** A path variable of the route's template; the router guarantees it is present. */
    String variable(String name) {
        String value = variables.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no variable " + name);
        }
        return value;
    }

    /** A path variable as a positive number, or a 404: {@code /messages/abc} names no message. */
    long longVariable(String name, String what) {
        String value = variable(name);
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(Problem.notFound("no " + what + " " + value));
    }

    /** The first value of a query parameter, if given and not blank. */
    Optional<String> query(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty() || values.get(0).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(values.get(0).trim());
    }

    /**
     * A whole-number query parameter within bounds, or the default when absent.
     *
     * @throws ProblemException 400 when it is not a number or out of bounds
     */
    int intQuery(String name, int defaultValue, int min, int max) {
        Optional<String> value = query(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(Problem.badRequest(name + " must be a whole number from " + min + " to " + max));
    }

    /** The body as UTF-8 text. */
    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The media type of the body, lower case and without parameters; empty when not given. */
    String mediaType() {
        String type = headers.get("content-type");
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
