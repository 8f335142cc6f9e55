package dev.o365emulator.server.internal.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final Router router = new Router.Builder()
            .get("/api/v1/sessions", r -> ApiResponse.noContent())
            .delete("/api/v1/sessions", r -> ApiResponse.noContent())
            .get("/api/v1/sessions/{id}", r -> ApiResponse.noContent())
            .add(new Route(HttpMethod.POST, new PathTemplate("/api/v1/uploads/{size}"), r -> ApiResponse.noContent(),
                    v -> Long.parseLong(v.get("size"))))
            .build();

    @Test
    void findsTheRouteWithItsVariables() {
        Router.Match m = router.match(HttpMethod.GET, "/api/v1/sessions/12");
        assertThat(m).isInstanceOfSatisfying(Router.Found.class, f -> {
            assertThat(f.route().toString()).isEqualTo("GET /api/v1/sessions/{id}");
            assertThat(f.variables()).isEqualTo(Map.of("id", "12"));
        });
    }

    @Test
    void headFindsTheGetRoute() {
        assertThat(router.match(HttpMethod.HEAD, "/api/v1/sessions")).isInstanceOf(Router.Found.class);
    }

    @Test
    void aKnownPathWithAnotherMethodIsAWrongMethodListingTheAllowedOnes() {
        assertThat(router.match(HttpMethod.PUT, "/api/v1/sessions")).isInstanceOfSatisfying(Router.WrongMethod.class,
                w -> assertThat(w.allowed()).containsExactly("GET", "DELETE"));
    }

    @Test
    void anUnknownPathIsNotFound() {
        assertThat(router.match(HttpMethod.GET, "/api/v1/nothing")).isInstanceOf(Router.NotFound.class);
    }

    @Test
    void theBodyLimitIsTheRoutesOrTheDefault() {
        assertThat(router.bodyLimit(HttpMethod.POST, "/api/v1/uploads/42")).isEqualTo(42);
        assertThat(router.bodyLimit(HttpMethod.POST, "/api/v1/sessions")).isEqualTo(Route.DEFAULT_BODY_LIMIT);
        assertThat(router.bodyLimit(HttpMethod.POST, "/api/v1/uploads/%zz")).isEqualTo(Route.DEFAULT_BODY_LIMIT);
    }

    @Test
    void refusesTwoRoutesForOneOperation() {
        assertThatThrownBy(() -> new Router.Builder().get("/a", r -> null).get("/a", r -> null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GET /a");
    }
}
