package dev.o365emulator.server.internal.console;

import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.ScenarioException;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.ScenarioControl;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The active scenario: what it is and how often each rule fired; switching to a built-in or to an
 * uploaded YAML or JSON file (checked first: on any error the running scenario stays); validating a
 * file without switching; resetting the rules' state; the built-ins.
 *
 * <p>An uploaded scenario may {@code extends} only a built-in: a path would make the emulator read
 * a file of its own disk for whoever can reach the API.
 */
final class ScenarioRoutes {

    private static final Set<String> TEXT_TYPES = Set.of("", "application/yaml", "application/x-yaml", "text/yaml",
            "text/x-yaml", "application/json", "text/plain");

    private final ScenarioControl scenario;

    ScenarioRoutes(ScenarioControl scenario) {
        this.scenario = scenario;
    }

    void register(Router.Builder routes) {
        routes.get("/api/v1/scenario", request -> ApiResponse.ok(view(scenario.active())))
                .put("/api/v1/scenario", this::upload)
                .post("/api/v1/scenario/activate", this::activate)
                .post("/api/v1/scenario/validate", this::validate)
                .post("/api/v1/scenario/reset", request -> {
                    scenario.resetState();
                    return ApiResponse.ok(view(scenario.active()));
                })
                .get("/api/v1/scenario/builtins", request -> ApiResponse.ok(scenario.builtIns().stream()
                        .map(b -> new BuiltIn(b.name(), b.description())).toList()));
    }

    record BuiltIn(String name, String description) {
    }

    record RuleView(String id, long hits, JsonNode when, JsonNode then) {
    }

    record View(String name, String description, List<String> chain, long seed, String serverState,
            List<RuleView> rules) {
    }

    record Validated(boolean valid, String name, List<String> chain, int rules) {
    }

    private View view(Scenario active) {
        Map<String, Long> hits = scenario.hits();
        List<RuleView> rules = active.effectiveRules().stream()
                .map(r -> new RuleView(r.id(), hits.getOrDefault(r.id(), 0L), compact(r.when()), compact(r.then())))
                .toList();
        return new View(active.name(), active.description(), active.lineage(), active.effectiveSeed(),
                scenario.serverState(), rules);
    }

    /** A rule's {@code when} or {@code then} as the file writes it: without the keys left out. */
    private static JsonNode compact(Object part) {
        JsonNode tree = Json.MAPPER.valueToTree(part);
        if (tree instanceof ObjectNode object) {
            object.properties().removeIf(e -> e.getValue().isNull() || e.getValue().isArray() && e.getValue().isEmpty());
        }
        return tree;
    }

    private ApiResponse activate(ApiRequest request) {
        JsonNode body = Json.read(request.body());
        JsonNode name = body.path("name");
        if (!name.isString() || name.asString().isBlank()) {
            throw new ProblemException(Problem.badRequest("the body must be {\"name\": \"<built-in scenario>\"}"));
        }
        if (!ScenarioLoader.isBuiltIn(name.asString())) {
            throw new ProblemException(Problem.invalid("unknown-scenario", "Unknown scenario",
                    "no built-in scenario " + name.asString() + "; GET /api/v1/scenario/builtins lists them"));
        }
        return ApiResponse.ok(switchTo(ScenarioLoader.builtIn(name.asString())));
    }

    private ApiResponse upload(ApiRequest request) {
        return ApiResponse.ok(switchTo(parse(request)));
    }

    private ApiResponse validate(ApiRequest request) {
        Scenario parsed = parse(request);
        return ApiResponse.ok(new Validated(true, parsed.name(), parsed.lineage(), parsed.effectiveRules().size()));
    }

    private View switchTo(Scenario next) {
        try {
            scenario.use(next);
        } catch (RuntimeException e) {
            // A listener the scenario refuses or firewalls could not be put in place (its port taken).
            throw new ProblemException(Problem.conflict("cannot switch to " + next.name() + ": " + e.getMessage()));
        }
        return view(scenario.active());
    }

    /** Reads an uploaded scenario, or answers 415, 422 with line and column, or 400 for an empty body. */
    static Scenario parse(ApiRequest request) {
        if (!TEXT_TYPES.contains(request.mediaType())) {
            throw new ProblemException(Problem.unsupportedMediaType(
                    "send the scenario as application/yaml or application/json"));
        }
        String text = request.bodyText();
        if (text.isBlank()) {
            throw new ProblemException(Problem.badRequest("the body must be a scenario file, YAML or JSON"));
        }
        checkExtends(text);
        try {
            return ScenarioLoader.parse(text, "upload");
        } catch (ScenarioException e) {
            Problem problem = Problem.invalid("invalid-scenario", "Invalid scenario",
                    Views.safeDetail(e.getMessage(), "upload" + (e.line() > 0 ? ":" + e.line() + ":" + e.column() : "")
                            + ": an invalid value for a password or secret"));
            if (e.line() > 0) {
                problem = problem.with("line", e.line()).with("column", e.column());
            }
            if (e.ruleId() != null) {
                problem = problem.with("rule", e.ruleId());
            }
            throw new ProblemException(problem);
        }
    }

    private static void checkExtends(String text) {
        JsonNode tree;
        try {
            tree = Yaml.MAPPER.readTree(text);
        } catch (JacksonException unreadable) {
            return; // the loader reports it, with line and column
        }
        JsonNode parent = tree == null ? null : tree.get("extends");
        if (parent != null && parent.isString() && !ScenarioLoader.isBuiltIn(parent.asString())) {
            throw new ProblemException(Problem.invalid("invalid-scenario", "Invalid scenario",
                    "an uploaded scenario may extend only a built-in scenario (" + String.join(", ",
                            ScenarioLoader.builtInNames()) + "), not " + parent.asString()));
        }
    }

    /**
     * Built on the first upload rather than when the console's routes are registered: building a
     * YAML mapper costs a start about a tenth of a second, for a route most runs never call.
     */
    private static final class Yaml {
        static final YAMLMapper MAPPER = YAMLMapper.builder().build();
    }
}
