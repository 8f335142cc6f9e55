package dev.o365emulator.server.internal.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Properties;

/**
 * {@code /api/v1/health}, what a CI job waits on (200 once the emulator serves), with the version;
 * and {@code /api/v1/openapi.json}, the OpenAPI 3.1 document of every route.
 */
final class HealthRoutes {

    /** The OpenAPI document, a resource beside this class. */
    static final String OPENAPI = "openapi.json";

    private final ConsoleBackend backend;
    private final Instant started = Instant.now();

    HealthRoutes(ConsoleBackend backend) {
        this.backend = backend;
    }

    record Health(String status, String version, String started, String scenario) {
    }

    void register(Router.Builder routes) {
        routes.get("/api/v1/health", request -> ApiResponse.ok(new Health("ok", version(), started.toString(),
                        backend.scenario().active().name())))
                .get("/api/v1/openapi.json", request -> ApiResponse.bytes(200, "application/json", openApi()));
    }

    /** The emulator's version, from the build ({@code version.properties}), or {@code unknown}. */
    static String version() {
        try (InputStream in = HealthRoutes.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The OpenAPI document's bytes. */
    static byte[] openApi() {
        try (InputStream in = HealthRoutes.class.getResourceAsStream(OPENAPI)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
