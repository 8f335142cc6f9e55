package dev.o365emulator.server.internal.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console's files, bundled in the jar under {@code console/}: served with their content
 * type, an ETag and {@code Cache-Control: no-cache} (the browser revalidates, so a new emulator
 * version is never served stale), and a Content-Security-Policy that lets a page load only from the
 * console itself.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code GET /}</td><td>{@code console/index.html}</td></tr>
 *   <tr><td>{@code GET /{file}}, {@code GET /pages/{file}}</td><td>the module, style sheet or image of that name</td></tr>
 * </table>
 */
final class StaticFiles {

    /** The policy of the console's pages: everything from the console itself, nothing inline, no plugins. */
    static final String PAGE_POLICY = "default-src 'self'; img-src 'self' data:; frame-src 'self'; object-src 'none';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final String ROOT = "console/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    /** A file read once: its bytes, type and ETag. */
    private record Asset(byte[] bytes, String type, String etag) {
    }

    /** Files are few and fixed; an absent name is remembered as absent too, so the cache stays bounded by the jar. */
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    void register(Router.Builder routes) {
        routes.get("/", request -> serve(request, "index.html"));
        routes.get("/{file}", request -> serve(request, request.variable("file")));
        routes.get("/pages/{file}", request -> serve(request, "pages/" + request.variable("file")));
    }

    private ApiResponse serve(ApiRequest request, String name) {
        Asset asset = lookup(name).orElseThrow(() -> new ProblemException(Problem.notFound("no such file: "
                + request.path())));
        String match = request.headers().get("If-None-Match");
        ApiResponse response = match != null && match.equals(asset.etag())
                ? new ApiResponse(304, null, new java.util.LinkedHashMap<>(), null, null)
                : ApiResponse.bytes(200, asset.type(), asset.bytes());
        response = response.header("ETag", asset.etag()).header("Cache-Control", "no-cache");
        if (asset.type().startsWith("text/html")) {
            response = response.header("Content-Security-Policy", PAGE_POLICY);
        }
        return response;
    }

    private Optional<Asset> lookup(String name) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        if (!NAME.matcher(file).matches() || dot < 0 || file.contains("..")) {
            return Optional.empty();
        }
        String type = TYPES.get(file.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            return Optional.empty();
        }
        if (cache.size() > 256) {
            cache.clear(); // never reached with the bundled files; a bound all the same
        }
        return cache.computeIfAbsent(name, n -> read(n, type));
    }

    private static Optional<Asset> read(String name, String type) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Asset(bytes, type, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
