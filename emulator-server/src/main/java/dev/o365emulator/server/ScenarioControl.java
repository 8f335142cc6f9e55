package dev.o365emulator.server;

import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The active scenario: which one, switching to another while running, its rules' state and how
 * often each fired.
 *
 * <pre>{@code
 * ScenarioControl scenario = emulator.scenario();
 * scenario.use("sendas-denied");                 // a built-in, by name
 * scenario.use(Path.of("flaky-imap.yaml"));       // a file
 * // … the client under test runs …
 * scenario.hits();                               // {deny-sendas=2}
 * scenario.resetState();                         // counters and state back to Started
 * }</pre>
 *
 * <p>Switching takes effect for the next stage each session reports; open connections stay open.
 * The emulator starts with {@link Scenario#office365()} unless its builder chose another.
 */
public interface ScenarioControl {

    /** The active scenario. */
    Scenario active();

    /**
     * Makes a scenario the active one: its rules with fresh counters and state, its {@code tenant:}
     * sections over the builder's tenant, and the listeners it refuses or firewalls (each endpoint
     * keeps its port).
     */
    void use(Scenario scenario);

    /**
     * {@link #use(Scenario)} with a built-in scenario's name ({@link #builtIns()}) or a scenario
     * file's path.
     *
     * @return the scenario now active
     * @throws dev.o365emulator.scenarios.ScenarioException for an unknown name or an invalid file
     */
    Scenario use(String nameOrPath);

    /** {@link #use(Scenario)} with a scenario file (YAML or JSON). */
    default Scenario use(Path file) {
        Scenario scenario = ScenarioLoader.load(file);
        use(scenario);
        return scenario;
    }

    /**
     * Forgets the active scenario's counters, states and {@link #hits()}, restarts its random
     * draws from the seed, and returns the tenant to the scenario's settings.
     */
    void resetState();

    /** The server-wide state of the active scenario's rules: {@code Started} until a rule moves it. */
    String serverState();

    /**
     * How often each rule of the active scenario fired, every connection together, since it became
     * active or was last reset; rules that never fired are absent.
     */
    Map<String, Long> hits();

    /** The built-in scenarios, by name, with what each emulates. */
    default List<ScenarioLoader.BuiltIn> builtIns() {
        return ScenarioLoader.builtIns();
    }

    /** Starts telling {@code listener} about each scenario that becomes active (on the caller's thread). */
    void addListener(Consumer<Scenario> listener);

    /** Stops telling {@code listener}; nothing happens if it was not added. */
    void removeListener(Consumer<Scenario> listener);
}
