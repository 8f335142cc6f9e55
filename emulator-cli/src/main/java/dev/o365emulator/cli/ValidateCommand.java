package dev.o365emulator.cli;

import dev.o365emulator.scenarios.Rule;
import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.ScenarioException;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Emulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code o365-emulator validate FILE}: checks a scenario file (and what it extends) without starting anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks a scenario file: unknown keys, wrong types and impossible combinations are reported"
                + " with file, line, column and rule id. Exit code 0 when valid, 1 when not.")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The scenario file (YAML or JSON).")
    Path file;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Scenario s = ScenarioLoader.load(file);
            // Builds the tenant the scenario starts with, so a section that makes an invalid tenant is found here.
            Emulator.builder().scenario(s).tenantSettings();
            out.println(file + ": valid scenario '" + s.name() + "' (" + String.join(" < ", s.lineage()) + "), "
                    + s.effectiveRules().size() + " rules, seed " + s.effectiveSeed());
            for (Rule r : s.effectiveRules()) {
                out.println("  " + r.id());
            }
            out.flush();
            return 0;
        } catch (ScenarioException e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(file + ": tenant section cannot be applied: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
