package dev.o365emulator.server.internal.console;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The console's OpenAPI document, read for tests: its operations, and a light check of a JSON value
 * against a schema — {@code $ref}, {@code type} (one or a list), {@code required}, {@code properties},
 * {@code items} and {@code enum}; enough to catch a missing or mistyped member.
 */
final class OpenApiContract {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    final JsonNode document = Json.MAPPER.readTree(HealthRoutes.openApi());

    /** Every documented operation as {@code METHOD /path/{template}}. */
    Set<String> operations() {
        Set<String> out = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (METHODS.contains(op.getKey())) {
                    out.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return out;
    }

    /** The documented path template a concrete request path falls under, if any. */
    java.util.Optional<String> template(String rawPath) {
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            String regex = java.util.regex.Pattern.quote(path.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (rawPath.matches(regex)) {
                return java.util.Optional.of(path.getKey());
            }
        }
        return java.util.Optional.empty();
    }

    /** The operation object of {@code METHOD /path}. */
    JsonNode operation(String method, String path) {
        JsonNode op = document.path("paths").path(path).path(method.toLowerCase(java.util.Locale.ROOT));
        if (op.isMissingNode()) {
            throw new AssertionError("not documented: " + method + " " + path);
        }
        return op;
    }

    /** The schema of a documented response, resolved; fails when the response or the media type is not documented. */
    JsonNode responseSchema(String method, String path, int status, String mediaType) {
        JsonNode response = operation(method, path).path("responses").path(String.valueOf(status));
        if (response.isMissingNode()) {
            throw new AssertionError(method + " " + path + " does not document a " + status + " response");
        }
        JsonNode content = response.path("content").path(mediaType);
        if (content.isMissingNode()) {
            throw new AssertionError(method + " " + path + " " + status + " does not document " + mediaType);
        }
        return content.path("schema");
    }

    /** Checks a value a documented operation answered; returns what does not match (empty when it does). */
    List<String> check(String method, String path, int status, String mediaType, JsonNode value) {
        return validate(value, responseSchema(method, path, status, mediaType), "$");
    }

    /** What in {@code value} does not match {@code schema}, one line each with its JSON path. */
    List<String> validate(JsonNode value, JsonNode schema, String at) {
        List<String> errors = new ArrayList<>();
        schema = resolve(schema);
        JsonNode type = schema.get("type");
        if (type != null && !typeMatches(value, type)) {
            errors.add(at + ": expected " + type + ", got " + value.getNodeType());
            return errors;
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null) {
            boolean found = false;
            for (JsonNode a : allowed) {
                found |= a.equals(value);
            }
            if (!found) {
                errors.add(at + ": " + value + " is not one of " + allowed);
            }
        }
        if (value.isObject()) {
            JsonNode required = schema.get("required");
            if (required != null) {
                for (JsonNode name : required) {
                    if (!value.has(name.asString())) {
                        errors.add(at + ": missing required member " + name.asString());
                    }
                }
            }
            JsonNode properties = schema.get("properties");
            if (properties != null) {
                for (Map.Entry<String, JsonNode> p : properties.properties()) {
                    JsonNode member = value.get(p.getKey());
                    if (member != null) {
                        errors.addAll(validate(member, p.getValue(), at + "." + p.getKey()));
                    }
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (Iterator<JsonNode> it = value.iterator(); it.hasNext(); i++) {
                errors.addAll(validate(it.next(), schema.get("items"), at + "[" + i + "]"));
            }
        }
        return errors;
    }

    /** Follows a local {@code $ref}. */
    JsonNode resolve(JsonNode schema) {
        for (int hops = 0; schema.has("$ref") && hops < 16; hops++) {
            String ref = schema.get("$ref").asString();
            if (!ref.startsWith("#/")) {
                throw new AssertionError("only local references: " + ref);
            }
            JsonNode target = document;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part);
            }
            if (target.isMissingNode()) {
                throw new AssertionError("dangling reference " + ref);
            }
            schema = target;
        }
        return schema;
    }

    private static boolean typeMatches(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(value, t)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asString()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new AssertionError("unknown type " + type);
        };
    }
}
