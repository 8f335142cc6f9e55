package dev.o365emulator.server;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.certs.KeyAlgorithm;
import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.net.ConnectionLimiter;
import dev.o365emulator.server.internal.console.ConsoleBackend;
import dev.o365emulator.server.internal.console.ConsoleServer;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.runtime.EmulatorConfig;
import dev.o365emulator.server.internal.runtime.EmulatorRuntime;
import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.internal.runtime.SessionOptions;
import dev.o365emulator.server.internal.session.SessionInitializer;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.maildir.MaildirOptions;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.TenantSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A running Office 365 emulator: the listeners of the chosen endpoints, and the API to what they
 * serve — {@link #trust()}, {@link #mail()}, {@link #sessions()}, {@link #scenario()},
 * {@link #tenant()} and {@link #tokens()}.
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.builder().ports(PortPlan.ephemeral()).start()) {
 *     int submission = emulator.port(Endpoint.SUBMISSION);
 *     Path ca = emulator.trust().caPem();
 *     // … point a client at 127.0.0.1:submission, trusting ca …
 *     List<MailMessage> inbox = emulator.mail().messages("alex@contoso.com", Mail.INBOX);
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops every listener and connection and waits for the emulator's threads to
 * end; it is idempotent.
 *
 * <p>Mail lives in memory unless {@link Builder#maildir} asks for a Maildir store on disk, bounded by two
 * budgets (see {@link Builder#storeBudget} and {@link Builder#inFlightBudget}): what the store holds in
 * memory, and what SMTP sessions are receiving. Past either, mail is refused with a transient error before
 * anything is acknowledged, never lost after a {@code 250}.
 *
 * <p>Longer than the other classes because it holds the public {@link Builder}: every option a user may set is
 * documented here, next to its default, in one place; the wiring itself lives in {@code internal.runtime}.
 */
public final class Emulator implements AutoCloseable {

    /** Default bind address: loopback only, never a public interface unless asked. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    static {
        Internals.install(new Internals.Access() {
            @Override
            public EmulatorRuntime runtime(Emulator emulator) {
                return emulator.runtime;
            }

            @Override
            public void sessions(Builder builder, Protocol protocol, SessionInitializer initializer) {
                builder.sessionOverrides.put(protocol, initializer);
            }

            @Override
            public void maildir(Builder builder, Path root, MaildirOptions options) {
                builder.mailRoot = root;
                builder.maildirOptions = options;
            }
        });
    }

    private final EmulatorRuntime runtime;
    private volatile ConsoleServer console;
    private volatile InetSocketAddress consoleAddress;
    private volatile String consoleToken;

    private Emulator(EmulatorRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * A builder with the defaults: loopback, ephemeral ports, the seven endpoints on by default (and
     * {@code hve} when the starting tenant has HVE accounts), shared certificates.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The port an endpoint listens on. */
    public int port(Endpoint endpoint) {
        return address(endpoint).getPort();
    }

    /**
     * The address an endpoint's port is on (whether it serves, drops connects or refuses them: see
     * {@link #listener}).
     *
     * @throws IllegalArgumentException if the endpoint was not started
     */
    public InetSocketAddress address(Endpoint endpoint) {
        return runtime.address(endpoint);
    }

    /** The endpoints this emulator started. */
    public Set<Endpoint> endpoints() {
        return runtime.endpoints();
    }

    /** What stands at each started endpoint's port now, in endpoint order. */
    public List<Listener> listeners() {
        return runtime.listenerStates();
    }

    /**
     * What stands at one endpoint's port now: a server, a listener that drops connects, or nothing.
     *
     * @throws IllegalArgumentException if the endpoint was not started
     */
    public Listener listener(Endpoint endpoint) {
        return runtime.listener(endpoint);
    }

    /**
     * The {@code [::1]} listeners beside the {@code 127.0.0.1} ones, at the same ports, by endpoint id
     * ({@code identity} for the identity endpoint): made with the default loopback bind where the machine
     * has an IPv6 loopback, for clients that resolve {@code localhost} to {@code ::1} first. Empty
     * otherwise; {@link #address} stays the IPv4 address either way.
     */
    public Map<String, InetSocketAddress> ipv6LoopbackAddresses() {
        return runtime.ipv6LoopbackAddresses();
    }

    /** The identity platform's HTTPS listener (login.microsoftonline.com's role), when it is served. */
    public Optional<InetSocketAddress> identityAddress() {
        return runtime.identityAddress();
    }

    /** The CA and truststore clients must trust. */
    public Trust trust() {
        return runtime.api().trust();
    }

    /** Every mailbox's folders and messages; messages put in and taken out. */
    public Mail mail() {
        return runtime.api().mail();
    }

    /** Every connection so far, with its transcript. */
    public Sessions sessions() {
        return runtime.api().sessions();
    }

    /** The active scenario, switched while running. */
    public ScenarioControl scenario() {
        return runtime.api().scenario();
    }

    /** The emulated tenant's settings — users, passwords, switches, grants, limits — changeable while running. */
    public TenantControl tenant() {
        return runtime.api().tenant();
    }

    /** The offline identity platform: its authority, and tokens issued directly. */
    public Tokens tokens() {
        return runtime.api().tokens();
    }

    /** Connections open now and refused so far, against the limits ({@link Builder#maxConnections}). */
    public ConnectionStats connections() {
        return runtime.connections();
    }

    /** Which TLS implementation the endpoints run ({@link Builder#tlsProvider}). */
    public TlsProvider tlsProvider() {
        return runtime.tlsProvider();
    }

    /** The I/O transport in use: {@code epoll} where the native library loads, {@code nio} otherwise. */
    public String transportName() {
        return runtime.transport().name().toLowerCase(Locale.ROOT);
    }

    /** The port plan the emulator was started with. */
    public PortPlan portPlan() {
        return runtime.config().ports();
    }

    /** The address the listeners are bound to. */
    public InetAddress bindAddress() {
        return runtime.config().bindAddress();
    }

    /** The data directory the certificates and signing key are kept in, when one was given. */
    public Optional<Path> dataDirectory() {
        return Optional.ofNullable(runtime.config().dataDirectory());
    }

    /**
     * Puts the emulator back to how it started, between tests: every mailbox emptied (pre-loaded
     * mail loaded again), the tenant at its baseline (the active scenario's), the scenario's
     * counters and state back at {@code Started}, registered tokens, the journal and what the
     * cross-connection findings remember of each client forgotten. The active scenario stays active;
     * open connections are left alone.
     */
    public void reset() {
        runtime.reset();
    }

    /** Whether the emulator is running: false once {@link #close()} was called. */
    public boolean isRunning() {
        return runtime.isRunning();
    }

    /** Stops listening, closes every connection and waits for the I/O threads to end. Idempotent. */
    @Override
    public void close() {
        runtime.close();
        ConsoleServer server = console;
        if (server != null) {
            server.close();
        }
    }

    /**
     * Starts the console over this emulator's public API: the HTTP API under {@code /api/v1} and the
     * web console at {@code /}, on the emulator's event loops. Off loopback it never runs without a
     * token: {@code token}, or a new random one.
     */
    private void startConsole(String token) {
        try {
            String required = !ConsoleServer.needsToken(bindAddress()) ? null
                    : token != null ? token : ConsoleServer.newToken();
            ConsoleServer server = new ConsoleServer(new ConsoleBackend(mail(), sessions(), scenario(), tenant(),
                    trust(), tokens(), this::listeners, this::identityAddress, bindAddress(), portPlan()), required);
            console = server;
            consoleToken = required;
            consoleAddress = runtime.bindConsole(server::initChannel);
        } catch (RuntimeException e) {
            close();
            if (e instanceof EmulatorStartException) {
                throw e;
            }
            throw new EmulatorStartException("cannot start the console: " + e.getMessage(), PortPlan.CONSOLE_PORT, e);
        }
    }

    /** The console's address ({@code http://host:port/}), when {@link Builder#console} started it. */
    public Optional<InetSocketAddress> consoleAddress() {
        return Optional.ofNullable(consoleAddress);
    }

    /**
     * The token the console wants in {@code Authorization: Bearer …}: present when the console
     * listens off loopback, where every request must show it; empty on loopback, where none is needed.
     */
    public Optional<String> consoleToken() {
        return Optional.ofNullable(consoleToken);
    }

    @Override
    public String toString() {
        return "Emulator" + endpoints().stream().map(e -> e.id() + "=" + port(e)).toList();
    }

    /** Configures and starts an {@link Emulator}. */
    public static final class Builder {

        /** The session journal's default byte budget: 32 MiB. */
        public static final long DEFAULT_JOURNAL_BUDGET = SessionJournal.DEFAULT_BUDGET_BYTES;
        /** The smallest journal budget accepted: 64 KiB. */
        public static final long MIN_JOURNAL_BUDGET = SessionJournal.MIN_BUDGET_BYTES;

        private InetAddress bindAddress;
        private PortPlan ports = PortPlan.ephemeral();
        /** Null until chosen: then the endpoints on by default, and {@code hve} if the tenant has HVE accounts. */
        private Set<Endpoint> endpoints;
        private CertificateBundle certificates;
        private Path dataDirectory;
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
        private List<String> serverNames = List.of();
        private Clock clock = Clock.systemUTC();
        private java.time.Instant asOf;
        private int retryStormThreshold = dev.o365emulator.server.internal.findings.ClientTracker.DEFAULT_RETRY_STORM_THRESHOLD;
        private TenantSettings tenantSettings;
        private Path mailDirectory;
        private long seed = HostIdentity.DEFAULT_SEED;
        private Scenario scenario = Scenario.office365();
        private boolean identity = true;
        private boolean console;
        private String consoleToken;
        private boolean regenerateCertificates;
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private long journalBudget = DEFAULT_JOURNAL_BUDGET;
        private long storeBudget = defaultStoreBudget();
        private long inFlightBudget = defaultInFlightBudget();
        private int maxConnections;
        private int maxPerAddress;
        private SessionOptions sessionOptions = SessionOptions.DEFAULTS;
        private final Map<Protocol, SessionInitializer> sessionOverrides = new EnumMap<>(Protocol.class);
        private TlsProvider tlsProvider;
        private Path mailRoot;
        private MaildirOptions maildirOptions = MaildirOptions.defaults();

        private Builder() {
            try {
                bindAddress = InetAddress.getByName(DEFAULT_BIND_ADDRESS);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The address to listen on; {@code 127.0.0.1} by default. */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address);
            return this;
        }

        /** The address to listen on, as a literal or host name. */
        public Builder bindAddress(String address) {
            try {
                return bindAddress(InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("unknown bind address: " + address, e);
            }
        }

        /** Which ports to bind; {@link PortPlan#ephemeral()} by default. */
        public Builder ports(PortPlan plan) {
            this.ports = Objects.requireNonNull(plan);
            return this;
        }

        /**
         * Exactly which endpoints to start. By default the seven on by default ({@link Endpoint#onByDefault()}),
         * and {@link Endpoint#HVE} too when the tenant the emulator starts with (the {@linkplain #tenant
         * builder's}, under the starting scenario's {@code tenant:} sections) has HVE accounts: Office 365's
         * High Volume Email is opt-in for a tenant, and so is the endpoint. Naming {@code HVE} here starts it
         * whatever the tenant has; leaving it out keeps it off.
         */
        public Builder endpoints(Set<Endpoint> endpoints) {
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("at least one endpoint must be started");
            }
            this.endpoints = EnumSet.copyOf(endpoints);
            return this;
        }

        /** Which endpoints to start. */
        public Builder endpoints(Endpoint first, Endpoint... rest) {
            return endpoints(EnumSet.of(first, rest));
        }

        /** Certificates to serve; by default the data directory's, or the JVM-wide shared bundle. */
        public Builder certificates(CertificateBundle bundle) {
            this.certificates = Objects.requireNonNull(bundle);
            return this;
        }

        /** Where the CA, certificates and OAuth signing key are kept (the CLI uses {@code ~/.o365-emulator}). */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory);
            return this;
        }

        /**
         * Replaces the data directory's CA, server certificate and OAuth signing key with new ones,
         * even sound ones; without it a damaged or mismatched file stops the start
         * ({@link dev.o365emulator.certs.CertificateCacheException}) and nothing is overwritten.
         */
        public Builder regenerateCertificates(boolean regenerate) {
            this.regenerateCertificates = regenerate;
            return this;
        }

        /** ECDSA P-256 (the default) or RSA-2048 for the CA and server certificate. */
        public Builder keyAlgorithm(KeyAlgorithm algorithm) {
            this.keyAlgorithm = Objects.requireNonNull(algorithm);
            return this;
        }

        /**
         * Host names or IP addresses the server certificate must cover besides Office 365's own
         * (needs a {@link #dataDirectory data directory}).
         */
        public Builder serverNames(Collection<String> names) {
            this.serverNames = List.copyOf(names);
            return this;
        }

        /** The tenant's baseline settings; {@code DefaultTenant}'s users and domains by default. */
        public Builder tenant(TenantSettings settings) {
            this.tenantSettings = Objects.requireNonNull(settings);
            return this;
        }

        /**
         * Loads {@code .eml} files into the store at start, from {@code <root>/<address>/<folder>/*.eml}
         * (e.g. {@code adele@contoso.com/Inbox/0001.eml}, {@code adele@contoso.com/Sent Items/…}).
         */
        public Builder preloadMail(Path root) {
            this.mailDirectory = Objects.requireNonNull(root);
            return this;
        }

        /**
         * The scenario to start with; {@link Scenario#office365()} by default, which, like Office 365,
         * does not serve port 465 (use the {@code generic} built-in or {@link Scenario#none()} to serve it).
         */
        public Builder scenario(Scenario scenario) {
            this.scenario = Objects.requireNonNull(scenario);
            return this;
        }

        /** The scenario to start with, by built-in name ({@code office365}, …) or file path. */
        public Builder scenario(String nameOrPath) {
            return scenario(ScenarioLoader.resolve(nameOrPath));
        }

        /** The clock every time-based behaviour reads. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * Starts the clock at this instant (it runs on from there) and lets the date choose the phase of
         * basic authentication for SMTP client submission wherever the tenant names none: allowed
         * through December 2026, disabled by default from 1 January 2027 (see
         * {@link dev.o365emulator.server.tenant.BasicAuthSmtpSubmission}). Without it the phase is
         * "allowed" whatever the date, so a test suite does not change its results on a calendar day.
         */
        public Builder asOf(java.time.Instant instant) {
            this.asOf = Objects.requireNonNull(instant);
            return this;
        }

        /** {@link #asOf(java.time.Instant)} at the start (00:00 UTC) of that day. */
        public Builder asOf(java.time.LocalDate date) {
            return asOf(date.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        }

        /**
         * Connections a minute from one client address after a transient refusal above which its
         * sessions get the {@code retry-storm} finding; 10 by default (docs/findings.md).
         */
        public Builder retryStormThreshold(int connectionsPerMinute) {
            if (connectionsPerMinute < 1) {
                throw new IllegalArgumentException("retry-storm threshold must be at least 1");
            }
            this.retryStormThreshold = connectionsPerMinute;
            return this;
        }

        /** The seed of host names and the instance marker; fixed by default so transcripts are stable. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Whether to serve the console: the HTTP API under {@code /api/v1} and the web console, on
         * port 8025 in the standard plan. Off by default, so that an emulator started for tests costs
         * no more than before; the CLI turns it on.
         */
        public Builder console(boolean enabled) {
            this.console = enabled;
            return this;
        }

        /**
         * The token the console requires when it listens off loopback ({@code Authorization: Bearer …});
         * by default a random one is made at start (see {@link Emulator#consoleToken()}). Not needed,
         * and not asked for, on loopback.
         *
         * @throws IllegalArgumentException when it is too short or has characters a header cannot carry
         */
        public Builder consoleToken(String token) {
            this.consoleToken = ConsoleServer.checkToken(Objects.requireNonNull(token, "token"));
            return this;
        }

        /** Whether to serve the identity platform over HTTPS (port 443 in the standard plan); on by default. */
        public Builder identity(boolean enabled) {
            this.identity = enabled;
            return this;
        }

        /** I/O threads shared by all endpoints. */
        public Builder ioThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("ioThreads must be positive");
            }
            this.ioThreads = threads;
            return this;
        }

        /**
         * The approximate heap the session journal may hold, all transcripts together
         * ({@link #DEFAULT_JOURNAL_BUDGET 32 MiB} by default, at least {@link #MIN_JOURNAL_BUDGET 64 KiB});
         * the oldest closed sessions are forgotten past it, and one session's transcript keeps at most an
         * eighth of it. 32 MiB holds some ten thousand ordinary SMTP submissions; a test that wants every
         * line of a long session raises it.
         */
        public Builder journalBudget(long bytes) {
            if (bytes < MIN_JOURNAL_BUDGET) {
                throw new IllegalArgumentException("journalBudget must be at least " + MIN_JOURNAL_BUDGET
                        + " bytes: " + bytes);
            }
            this.journalBudget = bytes;
            return this;
        }

        /**
         * Caps the connections held open at once, every endpoint counted together; a connection over
         * the cap gets its protocol's refusal ({@code 421 4.3.2 …}, {@code * BYE …}, {@code -ERR …},
         * HTTP 503) and is closed. By default {@value ConnectionLimiter#DEFAULT_MAX_CONNECTIONS}, or
         * less when the process's file descriptor limit is low.
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be positive");
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * Caps the connections held open at once from one client IP address, refused like those over
         * {@link #maxConnections}; {@value ConnectionLimiter#DEFAULT_MAX_PER_ADDRESS} by default, and never
         * more than the total.
         */
        public Builder maxConnectionsPerAddress(int maxPerAddress) {
            if (maxPerAddress < 1) {
                throw new IllegalArgumentException("maxConnectionsPerAddress must be positive");
            }
            this.maxPerAddress = maxPerAddress;
            return this;
        }

        /**
         * The most the mail store may hold, in bytes: every stored copy's size plus
         * {@value MailStore#STORED_COPY_OVERHEAD} bytes of bookkeeping. Past it, SMTP answers
         * {@code 452 4.3.1 Insufficient system resources} and IMAP APPEND {@code NO [LIMIT]}.
         * By default half the heap ({@link #defaultStoreBudget()}); {@link Long#MAX_VALUE} for none.
         */
        public Builder storeBudget(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("storeBudget cannot be negative");
            }
            this.storeBudget = bytes;
            return this;
        }

        /**
         * The most all SMTP sessions together may hold of message content they are still receiving, in
         * bytes. A transaction whose body would take the total past it stops buffering, reads the rest of
         * the body to keep in step, and gets {@code 452 4.3.1 Insufficient system resources}. By default an
         * eighth of the heap or of direct memory, whichever is smaller ({@link #defaultInFlightBudget()});
         * {@link Long#MAX_VALUE} for none.
         */
        public Builder inFlightBudget(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("inFlightBudget cannot be negative");
            }
            this.inFlightBudget = bytes;
            return this;
        }

        /**
         * Half the heap ({@code -Xmx}): a message's bytes are held once however many folders have it, but
         * receiving one takes two more copies of it for a moment, and the rest of the emulator (sessions,
         * journal, TLS) needs room too.
         */
        public static long defaultStoreBudget() {
            return Runtime.getRuntime().maxMemory() / 2;
        }

        /**
         * An eighth of the smaller of the heap and Netty's direct memory limit: bodies are buffered in
         * direct memory, whose buffers may grow to twice their content, and each finished body is copied
         * twice onto the heap before it is stored. With the store at half the heap, the worst case stays
         * within three quarters of it.
         */
        public static long defaultInFlightBudget() {
            long direct = io.netty.util.internal.PlatformDependent.maxDirectMemory();
            long heap = Runtime.getRuntime().maxMemory();
            return (direct > 0 ? Math.min(direct, heap) : heap) / 8;
        }

        /**
         * Keeps mail on disk in a Maildir store under {@code root} instead of in memory: one Maildir++
         * directory per mailbox address, read back at the next start, every message forced to disk before
         * its {@code 250} or {@code OK}. One emulator at a time may use a root; a second one's start fails
         * with {@link EmulatorStartException}. {@link #preloadMail} fills only a new store.
         */
        public Builder maildir(Path root) {
            this.mailRoot = Objects.requireNonNull(root);
            return this;
        }

        /**
         * Whether the Maildir store forces each change to disk before acknowledging it (default true). Off, a
         * killed emulator still loses nothing it acknowledged (the kernel has it); a machine crash may.
         */
        public Builder fsync(boolean fsync) {
            this.maildirOptions = maildirOptions.withFsync(fsync);
            return this;
        }

        /**
         * The TLS implementation: by default {@link TlsProvider#preferred()}, OpenSSL where its native
         * library loads (or what the {@value TlsProvider#PROPERTY} system property names). Asking for
         * OpenSSL where it does not load makes {@link #start()} fail.
         */
        public Builder tlsProvider(TlsProvider provider) {
            this.tlsProvider = Objects.requireNonNull(provider);
            return this;
        }

        /**
         * How long an SMTP connection may wait for the client's next command (or a command line may take
         * to arrive) before {@code 421 4.4.1 Connection timed out} and the close: 5 minutes by default,
         * Exchange's ConnectionInactivityTimeout for client connectors and the least RFC 5321 allows.
         */
        public Builder smtpIdleTimeout(Duration timeout) {
            this.sessionOptions = sessionOptions.withSmtpIdleTimeout(timeout);
            return this;
        }

        /**
         * How long an IMAP connection may stay without a client command before
         * {@code * BYE Connection is closed. 13} and the close: 30 minutes by default, Exchange's
         * AuthenticatedConnectionTimeout and the least RFC 3501 allows.
         */
        public Builder imapAutoLogout(Duration timeout) {
            this.sessionOptions = sessionOptions.withImapAutoLogout(timeout);
            return this;
        }

        /**
         * How long a POP3 connection may stay without a client command before it is closed: 30 minutes
         * by default, Exchange's POP3 AuthenticatedConnectionTimeout.
         */
        public Builder pop3IdleTimeout(Duration timeout) {
            this.sessionOptions = sessionOptions.withPop3IdleTimeout(timeout);
            return this;
        }

        /**
         * Whether a SendAs refusal after the message body takes Office 365's older wording,
         * {@code 554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; …},
         * which clients written years ago may still parse, instead of today's
         * {@code 554 5.2.252 SendAsDenied; …}; off by default.
         */
        public Builder legacySendAsDeniedReply(boolean legacy) {
            this.sessionOptions = sessionOptions.withLegacySendAsDenied(legacy);
            return this;
        }

        /**
         * The {@link Tokens} an emulator of this configuration would have, without starting one: the
         * data directory's signing key and the tenant (with the scenario's {@code tenant:} sections), so
         * that an emulator running with the same data directory, tenant and scenario accepts the tokens it
         * issues, or refuses them as Office 365 would (expired, missing the protocol's scope). Its
         * {@link Tokens#authority()} names the port plan's identity port; registered tokens mean nothing
         * to another process. The CLI's {@code o365-emulator token} uses it.
         *
         * @throws dev.o365emulator.certs.CertificateCacheException if the data directory's certificates or
         *     signing key are damaged
         */
        public Tokens offlineTokens() {
            return EmulatorRuntime.offlineTokens(config());
        }

        /**
         * The tenant an emulator of this configuration starts with, without starting one: the
         * {@linkplain #tenant builder's tenant} (or {@link DefaultTenant}'s) with the scenario's
         * {@code tenant:} sections applied, oldest ancestor first.
         *
         * @throws IllegalArgumentException if the sections make an invalid tenant (e.g. a duplicate address)
         */
        public TenantSettings tenantSettings() {
            return EmulatorRuntime.startingTenant(config());
        }

        private EmulatorConfig config() {
            Clock startClock = asOf == null ? clock
                    : Clock.offset(clock, java.time.Duration.between(clock.instant(), asOf));
            Set<Endpoint> chosen = endpoints;
            if (chosen == null) {
                chosen = EnumSet.noneOf(Endpoint.class);
                for (Endpoint e : Endpoint.values()) {
                    if (e.onByDefault()) {
                        chosen.add(e);
                    }
                }
            }
            EmulatorConfig config = config(startClock, chosen);
            if (endpoints == null && !EmulatorRuntime.startingTenant(config).hveAccounts().isEmpty()) {
                chosen.add(Endpoint.HVE);
                config = config(startClock, chosen);
            }
            return config;
        }

        private EmulatorConfig config(Clock startClock, Set<Endpoint> chosen) {
            return new EmulatorConfig(bindAddress, ports, chosen, certificates, dataDirectory, keyAlgorithm,
                    serverNames, startClock, tenantSettings, mailDirectory, seed, scenario, identity,
                    regenerateCertificates, ioThreads, journalBudget, storeBudget, inFlightBudget, maxConnections,
                    maxPerAddress, sessionOptions, sessionOverrides, tlsProvider, mailRoot, maildirOptions,
                    asOf != null, retryStormThreshold);
        }

        /**
         * Binds every endpoint and returns the running emulator.
         *
         * @throws EmulatorStartException if a port cannot be bound; nothing is left running
         * @throws dev.o365emulator.certs.CertificateCacheException if the data directory's certificates or
         *     signing key are damaged, or the directory cannot be used
         */
        public Emulator start() {
            Emulator emulator = new Emulator(EmulatorRuntime.start(config()));
            if (console) {
                emulator.startConsole(consoleToken);
            }
            return emulator;
        }
    }
}
