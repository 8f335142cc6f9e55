package dev.o365emulator.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the command line of a plain start (only the emulator's own options, each well-formed) without
 * picocli, and declines everything else so that picocli reads it: help, subcommands, argument files,
 * an unknown or repeated option, a bad value.
 *
 * <p>Why a second reader: picocli's classes are compiled for Java 5, which the JVM's class-data
 * archive cannot hold, so every start loaded and verified some 170 of them from the jar and built
 * the command model by reflection: 130–150 ms of a start that should take 300. Declining is always
 * safe (the start is then as before), and the values it sets are the ones picocli would set, option
 * for option ({@code PlainStartTest} compares the two over every option), through the same converters.
 */
final class PlainStart {

    private PlainStart() {
    }

    /**
     * The command a plain start runs, its options set from {@code args}; null when picocli must read
     * the command line, for its help, its subcommands or its error message.
     */
    static EmulatorCommand parse(String[] args) {
        EmulatorCommand command = new EmulatorCommand();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            // --name may be repeated; picocli refuses any other option given twice.
            if (!name.startsWith("--") || !seen.add(name) && !name.equals("--name")) {
                return null;
            }
            if (isFlag(name)) {
                if (equals >= 0) {
                    return null;
                }
                setFlag(command, name);
                continue;
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            // An empty value or one that looks like an option is picocli's to judge and explain.
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
                return null;
            }
            try {
                if (!setValue(command, name, value)) {
                    return null;
                }
            } catch (RuntimeException badValue) {
                return null;
            }
        }
        return command;
    }

    private static boolean isFlag(String name) {
        return switch (name) {
            case "--trace", "--regenerate-certs", "--exit-when-ready", "--lint", "--no-console" -> true;
            default -> false;
        };
    }

    private static void setFlag(EmulatorCommand command, String name) {
        switch (name) {
            case "--trace" -> command.trace = true;
            case "--regenerate-certs" -> command.regenerateCerts = true;
            case "--exit-when-ready" -> command.exitWhenReady = true;
            case "--lint" -> command.behaviour.lint = true;
            case "--no-console" -> command.noConsole = true;
            default -> throw new IllegalArgumentException(name);
        }
    }

    /**
     * Sets one valued option; false for a name it does not know. {@code --console-token} is left to
     * picocli: a token it refuses is reported through picocli's usage error.
     */
    private static boolean setValue(EmulatorCommand command, String name, String value) {
        switch (name) {
            case "--bind" -> command.bind = value;
            case "--ports" -> command.ports = new OptionConverters.PortPlanConverter().convert(value);
            case "--data-dir" -> command.dataDir = Path.of(value);
            case "--key" -> command.key = new OptionConverters.KeyAlgorithmConverter().convert(value);
            case "--name" -> command.names.add(value);
            case "--mail-dir" -> command.mailDir = Path.of(value);
            case "--store" -> command.store = new OptionConverters.StoreConverter().convert(value);
            case "--mail-root" -> command.mailRoot = Path.of(value);
            case "--fsync" -> command.fsync = new OptionConverters.FsyncConverter().convert(value);
            case "--scenario" -> command.scenario = value;
            case "--store-budget" -> command.storeBudget = new OptionConverters.BudgetConverter().convert(value);
            case "--in-flight-budget" -> command.inFlightBudget = new OptionConverters.BudgetConverter().convert(value);
            case "--max-connections" -> command.maxConnections =
                    new OptionConverters.PositiveIntConverter().convert(value);
            case "--max-connections-per-ip" -> command.maxConnectionsPerIp =
                    new OptionConverters.PositiveIntConverter().convert(value);
            case "--tls-provider" -> command.tlsProvider = new OptionConverters.TlsProviderConverter().convert(value);
            case "--journal-budget" -> command.journalBudget =
                    new OptionConverters.JournalBudgetConverter().convert(value);
            case "--as-of" -> command.behaviour.asOf = new BehaviourOptions.InstantConverter().convert(value);
            default -> {
                return false;
            }
        }
        return true;
    }
}
