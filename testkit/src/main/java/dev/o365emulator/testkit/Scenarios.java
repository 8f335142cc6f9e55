package dev.o365emulator.testkit;

import dev.o365emulator.scenarios.ScenarioLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Finds the scenario a test names: a built-in, a class-path resource, or a file. */
final class Scenarios {

    private Scenarios() {}

    static dev.o365emulator.scenarios.Scenario resolve(String name, Class<?> testClass) {
        if (ScenarioLoader.isBuiltIn(name)) {
            return ScenarioLoader.builtIn(name);
        }
        String resource = name.startsWith("/") ? name.substring(1) : name;
        ClassLoader loader = testClass == null ? Scenarios.class.getClassLoader() : testClass.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in != null) {
                return ScenarioLoader.parse(new String(in.readNBytes(ScenarioLoader.MAX_TEXT_LENGTH + 1),
                        StandardCharsets.UTF_8), "classpath:" + resource);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + name, e);
        }
        return ScenarioLoader.resolve(name);
    }
}
