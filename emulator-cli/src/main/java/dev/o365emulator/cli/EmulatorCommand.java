package dev.o365emulator.cli;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.certs.CertificateCacheException;
import dev.o365emulator.scenarios.ScenarioException;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.EmulatorStartException;
import dev.o365emulator.server.PortPlan;
import dev.o365emulator.server.TlsProvider;
import dev.o365emulator.server.Tokens;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.o365emulator.certs.KeyAlgorithm;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The standalone emulator: {@code o365-emulator [--bind ADDR] [--ports PLAN] [--data-dir DIR] [--key ec|rsa]
 * [--name HOST] [--mail-dir DIR] [--store memory|maildir] [--mail-root DIR] [--fsync always|never]
 * [--scenario NAME|FILE] [--store-budget SIZE] [--in-flight-budget SIZE] [--journal-budget SIZE]
 * [--max-connections N] [--max-connections-per-ip N] [--tls-provider openssl|jdk] [--regenerate-certs] [--trace]
 * [--as-of DATE] [--lint]},
 * plus {@code o365-emulator scenarios}, {@code validate FILE}, {@code settings USER} and {@code token USER}.
 */
@Command(name = "o365-emulator", mixinStandardHelpOptions = true,
        subcommands = {ScenariosCommand.class, ValidateCommand.class, SettingsCommand.class, TokenCommand.class},
        description = "Runs an offline emulator of the Office 365 (Exchange Online) SMTP, IMAP and POP3 endpoints.")
public final class EmulatorCommand implements Callable<Integer> {

    /** Where {@code standard} falls back to when a port below 1024 cannot be bound. */
    static final PortPlan FALLBACK = PortPlan.offset(10_000);

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind = Emulator.DEFAULT_BIND_ADDRESS;

    @Option(names = "--ports", paramLabel = "PLAN", converter = OptionConverters.PortPlanConverter.class,
            description = "standard (25, 587, 465, 143, 993, 110, 995), offset=N or ephemeral (default: standard; "
                    + "falls back to offset=10000 when standard ports cannot be bound).")
    PortPlan ports;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the CA and certificates are kept (default: ~/.o365-emulator).")
    Path dataDir = CertificateBundle.defaultDataDirectory();

    @Option(names = "--key", paramLabel = "ec|rsa", converter = OptionConverters.KeyAlgorithmConverter.class,
            description = "Key type of the CA and server certificate: ec (ECDSA P-256, default) or rsa (RSA-2048).")
    KeyAlgorithm key = KeyAlgorithm.EC_P256;

    @Option(names = "--name", paramLabel = "HOST",
            description = "An extra host name or IP address for the server certificate (repeatable).")
    List<String> names = new ArrayList<>();

    @Option(names = "--mail-dir", paramLabel = "DIR",
            description = "Pre-load .eml files laid out as DIR/<address>/<folder>/*.eml (into a new Maildir store"
                    + " only: one that holds mail already keeps what it has).")
    Path mailDir;

    /** Where mail is kept. */
    enum Store {
        MEMORY, MAILDIR
    }

    @Option(names = "--store", paramLabel = "memory|maildir", converter = OptionConverters.StoreConverter.class,
            description = "Where mail is kept: maildir (on disk, kept across restarts and kills; the default) or"
                    + " memory (lost when the emulator stops).")
    Store store = Store.MAILDIR;

    @Option(names = "--mail-root", paramLabel = "DIR",
            description = "The Maildir store's directory (default: the data directory's mail/).")
    Path mailRoot;

    /** Whether the Maildir store forces changes to disk before acknowledging them. */
    enum Fsync {
        ALWAYS, NEVER
    }

    @Option(names = "--fsync", paramLabel = "always|never", converter = OptionConverters.FsyncConverter.class,
            description = "always (default): every message, flag change and expunge is on disk before it is"
                    + " acknowledged; never: faster, and a kill still loses nothing, but a machine crash may.")
    Fsync fsync = Fsync.ALWAYS;

    @Option(names = "--scenario", paramLabel = "NAME|FILE",
            description = "A built-in scenario (see 'o365-emulator scenarios') or a scenario file (YAML or JSON)"
                    + " to start with (default: office365, which like Office 365 does not serve port 465; generic serves it).")
    String scenario;

    @Option(names = "--store-budget", paramLabel = "SIZE", converter = OptionConverters.BudgetConverter.class,
            description = "The most mail the store may hold in memory, e.g. 512MB, 2GB or unlimited (default: half"
                    + " the heap; with --store maildir only each message's index, 256 bytes, counts). Past it mail is"
                    + " refused with 452 4.3.1, never lost.")
    Long storeBudget;

    @Option(names = "--in-flight-budget", paramLabel = "SIZE", converter = OptionConverters.BudgetConverter.class,
            description = "The most message content all SMTP sessions together may be receiving at once, e.g. 128MB"
                    + " or unlimited (default: an eighth of the heap or direct memory). Past it: 452 4.3.1.")
    Long inFlightBudget;

    @Option(names = "--max-connections", paramLabel = "N", converter = OptionConverters.PositiveIntConverter.class,
            description = "Most connections held open at once, all endpoints together; more get the protocol's"
                    + " refusal (default: 12000, less when the file descriptor limit is low).")
    Integer maxConnections;

    @Option(names = "--max-connections-per-ip", paramLabel = "N", converter = OptionConverters.PositiveIntConverter.class,
            description = "Most connections held open at once from one client IP address (default: 10000).")
    Integer maxConnectionsPerIp;

    @Option(names = "--tls-provider", paramLabel = "openssl|jdk", converter = OptionConverters.TlsProviderConverter.class,
            description = "TLS implementation: openssl (BoringSSL, the default where its native library loads)"
                    + " or jdk.")
    TlsProvider tlsProvider;

    @Option(names = "--regenerate-certs", description = "Replace the data directory's CA, server certificate and"
            + " OAuth signing key with new ones (clients must then trust the new ca.pem).")
    boolean regenerateCerts;

    @Option(names = "--trace", description = "Print the protocol lines of every connection as they happen "
            + "(a long FETCH's responses elided as in the journal).")
    boolean trace;

    /**
     * Starts, prints the table and stops at once: the launcher's class-data archive is recorded from
     * such a run (every class a start loads), and it is a quick check that a configuration starts.
     */
    @Option(names = "--exit-when-ready", hidden = true,
            description = "Stop as soon as every endpoint is listening and the table is printed.")
    boolean exitWhenReady;

    @Option(names = "--journal-budget", paramLabel = "SIZE", converter = OptionConverters.JournalBudgetConverter.class,
            description = "Heap the session journal may hold, all transcripts together, e.g. 64MB (default: 32MB);"
                    + " the oldest closed sessions are forgotten past it.")
    long journalBudget = Emulator.Builder.DEFAULT_JOURNAL_BUDGET;

    @Mixin
    BehaviourOptions behaviour = new BehaviourOptions();

    @Option(names = "--no-console", description = "Do not serve the web console and HTTP API (port 8025 by default).")
    boolean noConsole;

    @Option(names = "--console-token", paramLabel = "TOKEN", description = "The token the console requires when it"
            + " listens off loopback (Authorization: Bearer TOKEN); by default a random one is printed at start.")
    String consoleToken;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private volatile Emulator running;
    private volatile TracePrinter tracePrinter;
    private volatile PrintWriter out;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public static void main(String[] args) {
        if (!asksForJdkTls(args)) {
            TlsProvider.prepare();
        }
        EmulatorCommand plain = PlainStart.parse(args);
        if (plain == null) {
            System.exit(new CommandLine(new EmulatorCommand()).execute(args));
        }
        int exit;
        try {
            exit = plain.run(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        } catch (InterruptedException e) {
            exit = 1;
        } catch (RuntimeException | Error e) {
            // What picocli's execute does with an exception of the command: its trace, and status 1.
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    /**
     * Whether the command line names the JDK's TLS provider, read before picocli parses it: OpenSSL's
     * native library starts loading while picocli works, except when it would go unused.
     */
    static boolean asksForJdkTls(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equalsIgnoreCase("--tls-provider=jdk")
                    || arg.equals("--tls-provider") && i + 1 < args.length && args[i + 1].equalsIgnoreCase("jdk")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Integer call() throws InterruptedException {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Starts, prints the table and waits for {@link #stop()}; the exit status. */
    int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        this.out = out;
        Emulator emulator;
        try {
            emulator = start(err);
        } catch (ScenarioException e) {
            err.println("o365-emulator: " + e.getMessage());
            err.flush();
            return 2;
        } catch (EmulatorStartException e) {
            err.println("o365-emulator: " + e.getMessage());
            err.flush();
            return 1;
        } catch (CertificateCacheException e) {
            err.println("o365-emulator: " + e.getMessage() + ". " + remedy(e));
            err.flush();
            return 1;
        }
        running = emulator;
        for (String notice : emulator.trust().notices()) {
            err.println("o365-emulator: " + notice + ".");
        }
        err.flush();
        if (trace) {
            tracePrinter = new TracePrinter(out);
            emulator.sessions().addListener(tracePrinter);
        }
        behaviour.started(emulator);
        StartBanner.print(out, emulator);
        if (exitWhenReady) {
            stop();
            return 0;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "o365-emulator-shutdown"));
        stopped.await();
        return 0;
    }

    /** Stops the running emulator and lets {@link #call()} return: what Ctrl-C does. */
    void stop() {
        Emulator emulator = running;
        if (emulator != null) {
            emulator.close();
        }
        TracePrinter printer = tracePrinter;
        if (printer != null) {
            printer.close();
        }
        PrintWriter writer = out;
        if (writer != null) {
            behaviour.stopped(writer);
        }
        stopped.countDown();
    }

    /** The emulator {@link #call()} started, or null before it has. */
    Emulator running() {
        return running;
    }

    Emulator start(PrintWriter err) {
        PortPlan plan = ports != null ? ports : PortPlan.standard();
        Emulator.Builder builder = Emulator.builder().bindAddress(bind).dataDirectory(dataDir)
                .keyAlgorithm(key).serverNames(names).journalBudget(journalBudget)
                .regenerateCertificates(regenerateCerts);
        if (mailDir != null) {
            builder.preloadMail(mailDir);
        }
        if (store == Store.MAILDIR) {
            builder.maildir(mailRoot()).fsync(fsync == Fsync.ALWAYS);
        }
        if (maxConnections != null) {
            builder.maxConnections(maxConnections);
        }
        if (maxConnectionsPerIp != null) {
            builder.maxConnectionsPerAddress(maxConnectionsPerIp);
        }
        if (tlsProvider != null) {
            builder.tlsProvider(tlsProvider);
        }
        if (scenario != null) {
            builder.scenario(ScenarioLoader.resolve(scenario));
        }
        behaviour.configure(builder);
        if (storeBudget != null) {
            builder.storeBudget(storeBudget);
        }
        builder.console(!noConsole);
        if (consoleToken != null) {
            try {
                builder.consoleToken(consoleToken);
            } catch (IllegalArgumentException e) {
                // The message names the rule the token breaks, never the token.
                throw new CommandLine.ParameterException(spec.commandLine(), "--console-token: " + e.getMessage());
            }
        }
        if (inFlightBudget != null) {
            builder.inFlightBudget(inFlightBudget);
        }
        try {
            return builder.ports(plan).start();
        } catch (EmulatorStartException e) {
            if (ports != null || !e.isBindFailure()) {
                throw e;
            }
            err.println("o365-emulator: cannot bind standard port " + e.standardPort() + " (" + rootCause(e)
                    + "); using --ports " + FALLBACK.describe() + " instead.");
            err.flush();
            return builder.ports(FALLBACK).start();
        }
    }

    /** The Maildir store's directory: {@code --mail-root}, or {@code mail/} in the data directory. */
    Path mailRoot() {
        return mailRoot != null ? mailRoot : dataDir.resolve("mail");
    }

    /** What to do about a certificate cache that stopped the start, after its one-line diagnosis. */
    static String remedy(CertificateCacheException e) {
        boolean signingKey = e.file().getFileName() != null
                && e.file().getFileName().toString().equals(Tokens.SIGNING_KEY_FILE);
        return switch (e.problem()) {
            case DAMAGED -> signingKey
                    ? "Delete it to make a new signing key (tokens signed with the old one stop verifying), or start"
                            + " with --regenerate-certs."
                    : "Restore it, or start with --regenerate-certs to make a new CA and certificates (clients must"
                            + " then trust the new ca.pem).";
            case MISMATCHED -> "Use another --data-dir for the other key type, or start with --regenerate-certs to"
                    + " replace the CA (clients must then trust the new ca.pem).";
            case UNUSABLE -> "Fix its permissions or mount, or use another --data-dir.";
        };
    }

    private static String rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

}
