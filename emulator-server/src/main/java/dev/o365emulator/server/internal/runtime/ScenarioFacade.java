package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.ScenarioControl;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ScenarioControl} over the runtime's fault plan and tenant. */
final class ScenarioFacade implements ScenarioControl {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioFacade.class);

    private final EmulatorRuntime runtime;
    private final List<Consumer<Scenario>> listeners = new CopyOnWriteArrayList<>();

    ScenarioFacade(EmulatorRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Scenario active() {
        return runtime.faults().scenario();
    }

    @Override
    public void use(Scenario scenario) {
        runtime.useScenario(Objects.requireNonNull(scenario));
        for (Consumer<Scenario> listener : listeners) {
            try {
                listener.accept(scenario);
            } catch (RuntimeException e) {
                LOG.warn("A scenario listener failed; the scenario is active all the same", e);
            }
        }
    }

    @Override
    public Scenario use(String nameOrPath) {
        Scenario scenario = ScenarioLoader.resolve(nameOrPath);
        use(scenario);
        return scenario;
    }

    @Override
    public void resetState() {
        runtime.faults().reset();
        runtime.tenant().reset();
    }

    @Override
    public String serverState() {
        return runtime.faults().state();
    }

    @Override
    public Map<String, Long> hits() {
        return runtime.faults().hits();
    }

    @Override
    public void addListener(Consumer<Scenario> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    @Override
    public void removeListener(Consumer<Scenario> listener) {
        listeners.remove(listener);
    }
}
