package dev.o365emulator.server.internal.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document against the router: every served API route documented, every documented one served. */
class OpenApiDocumentTest {

    private final OpenApiContract openApi = new OpenApiContract();

    /** The routes the console serves; the backend is never called while the routes are only listed. */
    private static List<Route> servedRoutes() {
        ConsoleBackend unused = new ConsoleBackend(unused(dev.o365emulator.server.Mail.class),
                unused(dev.o365emulator.server.Sessions.class), unused(dev.o365emulator.server.ScenarioControl.class),
                unused(dev.o365emulator.server.TenantControl.class), unused(dev.o365emulator.server.Trust.class),
                unused(dev.o365emulator.server.Tokens.class), List::of, Optional::empty,
                InetAddress.getLoopbackAddress(), dev.o365emulator.server.PortPlan.ephemeral());
        return ConsoleServer.routes(unused, new EventHub()).routes();
    }

    private static <T> T unused(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            throw new AssertionError("listing the routes called " + m);
        }));
    }

    private static Set<String> servedApiOperations() {
        return servedRoutes().stream().filter(r -> r.path().text().startsWith("/api/")).map(Route::toString)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void isOpenApi31() {
        assertThat(openApi.document.get("openapi").asString()).isEqualTo("3.1.0");
    }

    @Test
    void everyServedApiRouteIsDocumented() {
        assertThat(openApi.operations()).containsAll(servedApiOperations());
    }

    @Test
    void everyDocumentedOperationIsServed() {
        assertThat(servedApiOperations()).containsAll(openApi.operations());
    }

    @Test
    void everyPathVariableIsADeclaredPathParameter() {
        Pattern variable = Pattern.compile("\\{([^}]+)}");
        for (Map.Entry<String, JsonNode> path : openApi.document.get("paths").properties()) {
            Set<String> declared = new TreeSet<>();
            path.getValue().path("parameters").forEach(p -> {
                if (p.get("in").asString().equals("path")) {
                    declared.add(p.get("name").asString());
                }
            });
            Set<String> used = new TreeSet<>();
            for (Matcher m = variable.matcher(path.getKey()); m.find(); ) {
                used.add(m.group(1));
            }
            assertThat(declared).as(path.getKey()).isEqualTo(used);
        }
    }

    @Test
    void everyOperationHasAnIdAndEveryErrorIsAProblemDocument() {
        List<String> wrong = new ArrayList<>();
        for (String op : openApi.operations()) {
            String[] mp = op.split(" ", 2);
            JsonNode operation = openApi.operation(mp[0], mp[1]);
            if (!operation.has("operationId")) {
                wrong.add(op + " has no operationId");
            }
            for (Map.Entry<String, JsonNode> response : operation.get("responses").properties()) {
                if (Integer.parseInt(response.getKey()) >= 400 && !openApi.responseSchema(mp[0], mp[1],
                        Integer.parseInt(response.getKey()), Problem.MEDIA_TYPE).path("$ref").asString()
                        .equals("#/components/schemas/Problem")) {
                    wrong.add(op + " " + response.getKey() + " is not a problem document");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyExampleMatchesItsSchema() {
        List<String> errors = new ArrayList<>();
        int examples = 0;
        for (String op : openApi.operations()) {
            String[] mp = op.split(" ", 2);
            for (Map.Entry<String, JsonNode> response : openApi.operation(mp[0], mp[1]).get("responses").properties()) {
                for (Map.Entry<String, JsonNode> media : response.getValue().path("content").properties()) {
                    JsonNode example = media.getValue().get("example");
                    if (example != null) {
                        examples++;
                        openApi.validate(example, media.getValue().get("schema"), op + " " + response.getKey())
                                .forEach(errors::add);
                    }
                }
            }
        }
        assertThat(examples).isGreaterThan(5);
        assertThat(errors).isEmpty();
    }

    @Test
    void theCheckFindsAMissingMemberAndAWrongType() {
        JsonNode health = Json.MAPPER.readTree("{\"status\":\"ok\",\"version\":3,\"started\":\"x\"}");
        assertThat(openApi.check("GET", "/api/v1/health", 200, "application/json", health))
                .containsExactlyInAnyOrder("$: missing required member scenario", "$.version: expected \"string\", got NUMBER");
    }

    @Test
    void aProblemDocumentMatchesTheProblemSchema() {
        JsonNode problem = Json.MAPPER.valueToTree(Problem.payloadTooLarge("too big", 16).toJson("/x"));
        assertThat(openApi.validate(problem, Json.MAPPER.readTree("{\"$ref\":\"#/components/schemas/Problem\"}"), "$"))
                .isEmpty();
    }
}
