package dev.o365emulator.server.internal.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem document: what every error of the console's API answers, as
 * {@code application/problem+json}.
 *
 * <p>{@code type} is a URN of the form {@code urn:o365-emulator:problem:<slug>} (the slugs are listed
 * in {@code docs/console.md}): stable identifiers a client can switch on, not links, since the
 * emulator runs offline. {@code instance} is the request's path. Members beyond the five standard
 * ones ({@code line}, {@code column}, {@code limit}…) are the problem's extensions.
 *
 * @param slug the last part of {@code type}, e.g. {@code not-found}
 * @param status the HTTP status, repeated in the document as RFC 9457 asks
 * @param title the same short text for every problem of this type
 * @param detail what went wrong this time, for a person; never holds a password or token
 * @param extensions further members, in order
 */
public record Problem(String slug, int status, String title, String detail, Map<String, Object> extensions) {

    /** The media type of a problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** What every {@code type} starts with. */
    public static final String TYPE_PREFIX = "urn:o365-emulator:problem:";

    public Problem {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        extensions = extensions == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** The problem's {@code type} member. */
    public String type() {
        return TYPE_PREFIX + slug;
    }

    /** This problem with one more extension member. */
    public Problem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(slug, status, title, detail, more);
    }

    /** The document's members in RFC 9457's order, then the extensions. */
    public Map<String, Object> toJson(String instance) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type());
        json.put("title", title);
        json.put("status", status);
        json.put("detail", detail);
        json.put("instance", instance);
        json.putAll(extensions);
        return json;
    }

    /** 400: the request cannot be read (a bad parameter, malformed JSON, a bad percent-escape). */
    public static Problem badRequest(String detail) {
        return new Problem("bad-request", 400, "Bad request", detail, null);
    }

    /** 401: off loopback, the console's bearer token is missing or wrong. */
    public static Problem unauthorized(String detail) {
        return new Problem("unauthorized", 401, "Unauthorized", detail, null);
    }

    /** 404: no such resource (an unknown route, mailbox, message, session…). */
    public static Problem notFound(String detail) {
        return new Problem("not-found", 404, "Not found", detail, null);
    }

    /** 405: the path exists but not with this method. */
    public static Problem methodNotAllowed(String detail) {
        return new Problem("method-not-allowed", 405, "Method not allowed", detail, null);
    }

    /** 409: the request is well-formed but the emulator's state does not allow it now. */
    public static Problem conflict(String detail) {
        return new Problem("conflict", 409, "Conflict", detail, null);
    }

    /** 413: the body is larger than this route accepts. */
    public static Problem payloadTooLarge(String detail, long limit) {
        return new Problem("payload-too-large", 413, "Payload too large", detail, null).with("limit", limit);
    }

    /** 415: the body's media type is not one this route reads. */
    public static Problem unsupportedMediaType(String detail) {
        return new Problem("unsupported-media-type", 415, "Unsupported media type", detail, null);
    }

    /** 422: the body was read but its content is invalid (a scenario, a tenant section, a value out of range). */
    public static Problem invalid(String slug, String title, String detail) {
        return new Problem(slug, 422, title, detail, null);
    }

    /** 431: the request line or headers are larger than the console reads. */
    public static Problem headersTooLarge(String detail) {
        return new Problem("headers-too-large", 431, "Request header fields too large", detail, null);
    }

    /** 503: the console has no room for this request now (subscribers, uploads or work queued). */
    public static Problem unavailable(String slug, String title, String detail) {
        return new Problem(slug, 503, title, detail, null);
    }

    /** 500: a failure inside the emulator; the detail says what, never a stack trace. */
    public static Problem internal(String detail) {
        return new Problem("internal-error", 500, "Internal error", detail, null);
    }
}
