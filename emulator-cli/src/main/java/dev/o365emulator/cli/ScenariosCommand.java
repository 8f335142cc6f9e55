package dev.o365emulator.cli;

import dev.o365emulator.scenarios.ScenarioLoader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code o365-emulator scenarios}: lists the built-in scenarios with their descriptions. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = "Lists the built-in scenarios, each with the Office 365 situation it reproduces.")
final class ScenariosCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (ScenarioLoader.BuiltIn b : ScenarioLoader.builtIns()) {
            out.println(b.name());
            out.println("    " + b.description().replaceAll("\\s+", " "));
        }
        out.println();
        out.println("Start one with: o365-emulator --scenario NAME (or a file: --scenario my-scenario.yaml).");
        out.flush();
        return 0;
    }
}
