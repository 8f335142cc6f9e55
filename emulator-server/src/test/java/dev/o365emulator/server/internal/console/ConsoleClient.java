package dev.o365emulator.server.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * The JDK's HTTP client pointed at a running console. Every JSON answer it receives is checked
 * against the OpenAPI document's schema for its operation and status, so the route tests also keep
 * the document honest.
 */
final class ConsoleClient {

    private static final OpenApiContract OPENAPI = new OpenApiContract();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    ConsoleClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** One answer: status, headers and body. */
    record Response(int status, HttpHeaders headers, byte[] bytes) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return Json.MAPPER.readTree(bytes);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** Asserts this is the problem document of that type and status, and returns it. */
        JsonNode problem(int expectedStatus, String slug) {
            assertThat(status).as(body()).isEqualTo(expectedStatus);
            assertThat(header("content-type")).isEqualTo(Problem.MEDIA_TYPE);
            JsonNode p = json();
            assertThat(p.get("type").asString()).isEqualTo(Problem.TYPE_PREFIX + slug);
            assertThat(p.get("status").asInt()).isEqualTo(expectedStatus);
            assertThat(p.get("title").asString()).isNotBlank();
            assertThat(p.get("detail").asString()).isNotBlank();
            return p;
        }
    }

    Response get(String path) {
        return send("GET", path, null, null);
    }

    Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    Response post(String path, String contentType, String body) {
        return send("POST", path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    Response put(String path, String contentType, String body) {
        return send("PUT", path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    Response patch(String path, String contentType, String body) {
        return send("PATCH", path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a request and checks a JSON answer against the OpenAPI document. */
    Response send(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        Response response;
        try {
            HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response = new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        check(method, path, response);
        return response;
    }

    private static void check(String method, String path, Response response) {
        String raw = URI.create(path).getRawPath();
        String type = response.header("content-type");
        if (!raw.startsWith("/api/") || type == null) {
            return;
        }
        String media = type.contains(";") ? type.substring(0, type.indexOf(';')).trim() : type;
        if (!media.equals("application/json") && !media.equals(Problem.MEDIA_TYPE)) {
            return;
        }
        String template = OPENAPI.template(raw).orElse(null);
        if (template == null || OPENAPI.document.path("paths").path(template).path(method.toLowerCase(java.util.Locale.ROOT))
                .isMissingNode()) {
            return; // a 404 or 405 for an undocumented path: the problem schema is checked by the route tests
        }
        assertThat(OPENAPI.check(method, template, response.status(), media, response.json()))
                .as("%s %s %d against the OpenAPI document", method, path, response.status()).isEmpty();
    }
}
