package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.server.internal.findings.ClientTracker;
import dev.o365emulator.server.internal.findings.PollTracker;
import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.certs.CertificateOptions;
import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.tenant.TenantSection;
import dev.o365emulator.server.ConnectionStats;
import dev.o365emulator.server.EmulatorStartException;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Listener;
import dev.o365emulator.server.TlsProvider;
import dev.o365emulator.server.Tokens;
import dev.o365emulator.server.internal.fault.FaultPlan;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.net.AcceptFailures;
import dev.o365emulator.server.internal.net.ConnectionLimiter;
import dev.o365emulator.server.internal.net.ThrottledLog;
import dev.o365emulator.server.internal.net.Transport;
import dev.o365emulator.server.internal.oauth.ConfiguredTokens;
import dev.o365emulator.server.internal.oauth.DeferredTokenValidator;
import dev.o365emulator.server.internal.oauth.Discovery;
import dev.o365emulator.server.internal.oauth.IdentityHttpHandler;
import dev.o365emulator.server.internal.oauth.IdentityPlatform;
import dev.o365emulator.server.internal.oauth.SigningKey;
import dev.o365emulator.server.internal.oauth.TokenValidator;
import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.store.EmlPreloader;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStorage;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.StorageException;
import dev.o365emulator.server.internal.store.maildir.MaildirStorage;
import dev.o365emulator.server.internal.store.maildir.StoreInUseException;
import dev.o365emulator.server.internal.store.MemoryBudget;
import dev.o365emulator.server.internal.tenant.Tenant;
import dev.o365emulator.server.internal.tenant.TenantSectionMapper;
import dev.o365emulator.server.internal.tls.ServerTls;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.TenantSettings;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * A running emulator's parts, wired together: certificates, host identity, journal, tenant, mail store
 * and delivery, fault plan, identity platform, connection caps and {@link Listeners}. The public
 * {@code Emulator} is a thin API over it; the emulator's own tests reach it through {@link Internals}.
 *
 * <p>Mail lives in memory, bounded by two budgets: what the store holds, and what SMTP sessions are
 * receiving. Past either, mail is refused with a transient error before anything is acknowledged.
 *
 * <p>Over 400 lines because it is the one place the parts are built, in their order, and closed in reverse;
 * each part's behaviour lives in its own class.
 */
public final class EmulatorRuntime {

    /** How often refused connections and failed accepts are reported while they go on (the first at once). */
    static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);

    private final EmulatorConfig config;
    private final CertificateBundle certificates;
    private final HostIdentity identity;
    private final ClientTracker clientTracker;
    private final PollTracker pollTracker;
    private final SessionJournal journal;
    private final Tenant tenant;
    private final TenantSettings tenantBaseline;
    private final MailStore store;
    private final MailDelivery delivery;
    private final ConfiguredTokens tokens = new ConfiguredTokens();
    private final EmlPreloader.Result preloaded;
    private final FaultPlan faults;
    // Built on first use: its RSA key and JWT machinery cost a fresh JVM a second, which an
    // emulator whose clients never use OAuth should not pay at start.
    private final Object oauthLock = new Object();
    private volatile IdentityPlatform oauth;
    private volatile IdentityHttpHandler identityHandler;
    private final TokenValidator tokenValidator = new DeferredTokenValidator(() -> oauth().validator());
    private final EventLoopGroup group;
    private final Transport transport;
    private final ConnectionLimiter limiter;
    private final Listeners listeners;
    private final Api api;
    private final AtomicBoolean closed = new AtomicBoolean();

    private volatile ServerTls tls;

    private EmulatorRuntime(EmulatorConfig config) {
        if (config.tlsProvider() != TlsProvider.JDK) {
            TlsProvider.prepare();
        }
        this.config = config;
        Clock clock = config.clock();
        this.certificates = certificates(config);
        this.identity = HostIdentity.of(config.seed(), clock.instant());
        this.journal = new SessionJournal(clock, config.journalBudget());
        this.clientTracker = new ClientTracker(config.retryStormThreshold());
        this.pollTracker = new PollTracker();
        journal.addListener(clientTracker);
        journal.addListener(pollTracker);
        this.tenantBaseline = config.tenantSettings() != null ? config.tenantSettings() : DefaultTenant.settings();
        this.tenant = new Tenant(tenantBaseline, clock);
        tenant.followAnnouncedTimeline(config.followTimeline());
        Tenant quotas = tenant;
        this.store = new MailStore(clock, address -> quotas.settings().limits().mailboxQuota(),
                new MemoryBudget(config.storeBudget()), storage(config));
        this.delivery = new MailDelivery(tenant, store, new MemoryBudget(config.inFlightBudget()));
        try {
            // A durable store keeps what was pre-loaded: only a new one is filled, or it would hold it twice.
            boolean fresh = !(store.storage() instanceof MaildirStorage maildir) || maildir.created();
            this.preloaded = config.mailDirectory() == null || !fresh ? null : preload(store, config.mailDirectory());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        this.faults = new FaultPlan(config.scenario(), identity, clock);
        configureTenant(config.scenario());
        this.transport = Transport.best();
        this.group = transport.newGroup(config.ioThreads());
        int maxConnections = config.maxConnections() > 0 ? config.maxConnections()
                : ConnectionLimiter.defaultMaxConnections();
        int maxPerAddress = config.maxPerAddress() > 0 ? config.maxPerAddress()
                : ConnectionLimiter.DEFAULT_MAX_PER_ADDRESS;
        this.limiter = new ConnectionLimiter(maxConnections, maxPerAddress, new ThrottledLog(
                LoggerFactory.getLogger(ConnectionLimiter.class)::warn, group, REPORT_INTERVAL,
                "Refused a connection over the connection limits"));
        AcceptFailures acceptFailures = new AcceptFailures(new ThrottledLog(
                LoggerFactory.getLogger(AcceptFailures.class)::warn, group, REPORT_INTERVAL,
                "Cannot accept a connection, accepting paused for a second"));
        this.listeners = new Listeners(config.bindAddress(), config.ports(), group, transport, limiter,
                acceptFailures, faults,
                endpoint -> config.sessionOptions().initializer(endpoint.protocol(), config.sessionOverrides()));
        this.api = new Api(new TrustFacade(certificates), new MailFacade(store, delivery, this::preloaded),
                new SessionsFacade(journal), new ScenarioFacade(this), new TenantFacade(tenant),
                new TokensFacade(this::oauth, tokens, this::authority));
    }

    /** The tenant an emulator of this configuration starts with: its own (or the default) under the scenario's sections. */
    public static TenantSettings startingTenant(EmulatorConfig config) {
        TenantSettings settings = config.tenantSettings() != null ? config.tenantSettings() : DefaultTenant.settings();
        for (TenantSection section : config.scenario().tenantChain()) {
            settings = TenantSectionMapper.apply(settings, section);
        }
        return settings;
    }

    /**
     * A {@link dev.o365emulator.server.Tokens} for the emulator this configuration describes, without
     * starting it: the same data directory's signing key and the same tenant (the scenario's
     * {@code tenant:} sections applied), so a running emulator with that configuration accepts what it
     * issues. Its authority names the port plan's identity port.
     */
    public static Tokens offlineTokens(EmulatorConfig config) {
        CertificateBundle certificates = certificates(config);
        TenantSettings settings = startingTenant(config);
        Tenant tenant = new Tenant(settings, config.clock());
        ConfiguredTokens registered = new ConfiguredTokens();
        IdentityPlatform platform = new IdentityPlatform(tenant, SigningKey.forDirectory(certificates.directory()),
                registered);
        String authority = authority(config.bindAddress().getHostAddress(), config.ports().identityPort(),
                settings.tenantId());
        return new TokensFacade(() -> platform, registered, () -> authority);
    }

    /**
     * Builds the parts and binds every listener.
     *
     * @throws EmulatorStartException if a port cannot be bound; nothing is left running
     * @throws dev.o365emulator.certs.CertificateCacheException if the data directory's certificates or
     *     signing key are damaged, or the directory cannot be used
     */
    public static EmulatorRuntime start(EmulatorConfig config) {
        EmulatorRuntime runtime = new EmulatorRuntime(config);
        try {
            runtime.bind();
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    /** The certificates the configuration asks for: given, from the data directory, or the JVM's shared ones. */
    static CertificateBundle certificates(EmulatorConfig config) {
        if (config.certificates() != null) {
            return config.certificates();
        }
        if (config.dataDirectory() != null) {
            CertificateBundle bundle = CertificateBundle.loadOrCreate(config.dataDirectory(), CertificateOptions
                    .defaults().withKeyAlgorithm(config.keyAlgorithm()).withExtraNames(config.serverNames())
                    .withRegenerate(config.regenerateCertificates()));
            if (config.regenerateCertificates()) {
                SigningKey.discard(bundle.directory());
            }
            if (config.identity()) {
                // Built on first OAuth use, long after the start: a damaged file is better found now.
                SigningKey.checkOrCreate(bundle.directory());
            }
            return bundle;
        }
        if (!config.serverNames().isEmpty()) {
            throw new IllegalStateException("extra server names need a data directory or a certificate bundle");
        }
        return CertificateBundle.shared(config.keyAlgorithm());
    }

    private static MailStorage storage(EmulatorConfig config) {
        if (config.mailRoot() == null) {
            return MailStorage.memory();
        }
        try {
            return MaildirStorage.open(config.mailRoot(), config.maildirOptions());
        } catch (StoreInUseException | StorageException e) {
            // One emulator at a time per root; an unreadable or unwritable root stops the start too.
            throw new EmulatorStartException(e.getMessage(), null, e);
        }
    }

    private static EmlPreloader.Result preload(MailStore store, Path root) {
        try {
            return new EmlPreloader(store).load(root);
        } catch (IOException e) {
            throw new EmulatorStartException("cannot pre-load mail from " + root + ": " + e.getMessage(), null, e);
        }
    }

    private void bind() {
        ServerTls tls;
        try {
            tls = ServerTls.forBundle(certificates,
                    config.tlsProvider() != null ? config.tlsProvider() : TlsProvider.preferred());
        } catch (IllegalStateException e) {
            throw new EmulatorStartException(e.getMessage(), null, e);
        }
        this.tls = tls;
        List<EndpointContext> contexts = new ArrayList<>();
        for (Endpoint endpoint : Endpoint.values()) {
            if (config.endpoints().contains(endpoint)) {
                contexts.add(new EndpointContext(endpoint, identity, config.clock(), journal, tls, tenant, store,
                        delivery, tokenValidator, faults));
            }
        }
        listeners.bind(contexts);
        if (config.identity()) {
            IdentityPlatform built = oauth;
            var address = listeners.bindIdentity(tls, this::identityHandler);
            if (built != null) {
                built.bound(address);
            }
        }
    }

    private IdentityHttpHandler identityHandler() {
        IdentityHttpHandler handler = identityHandler;
        if (handler == null) {
            synchronized (oauthLock) {
                handler = identityHandler;
                if (handler == null) {
                    handler = new IdentityHttpHandler(oauth(),
                            new Discovery(tenant, config.bindAddress(), listeners.addresses(), identity.fqdn()));
                    identityHandler = handler;
                }
            }
        }
        return handler;
    }

    /** Which TLS implementation the endpoints run. */
    public TlsProvider tlsProvider() {
        return tls.provider();
    }

    /** The public interfaces over these parts. */
    public Api api() {
        return api;
    }

    /**
     * The identity platform's authority, without building the platform: the start banner prints it,
     * and building it (the RSA signing key, the JWT library) costs a start tens of milliseconds that
     * the first OAuth request can pay instead.
     */
    private String authority() {
        if (!config.identity()) {
            throw new IllegalStateException("the identity endpoint is not started (Emulator.Builder.identity)");
        }
        InetSocketAddress address = listeners.identityAddress()
                .orElseThrow(() -> new IllegalStateException("the identity endpoint is not started"));
        return authority(address.getAddress().getHostAddress(), address.getPort(), tenant.settings().tenantId());
    }

    /**
     * {@code https://<host>:<port>/<tenant id>}, an IPv6 host in brackets, as {@link IdentityPlatform#authority()}.
     * Built without {@code +}: the start banner asks for it, and as this module's first concatenation of
     * a number and an object it bootstrapped method-handle trees of its own (~5 % of a start's main thread).
     */
    private static String authority(String host, int port, UUID tenantId) {
        StringBuilder url = new StringBuilder(80).append("https://");
        if (host.indexOf(':') >= 0) {
            url.append('[').append(host).append(']');
        } else {
            url.append(host);
        }
        return url.append(':').append(port).append('/').append(tenantId.toString()).toString();
    }

    /** The endpoints started, in endpoint order. */
    public Set<Endpoint> endpoints() {
        return config.endpoints().isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(config.endpoints()));
    }

    /** The address an endpoint's port is on. */
    public InetSocketAddress address(Endpoint endpoint) {
        return listeners.address(endpoint);
    }

    /** What stands at each started endpoint's port now. */
    public List<Listener> listenerStates() {
        return listeners.listeners();
    }

    /** What stands at one endpoint's port now. */
    public Listener listener(Endpoint endpoint) {
        return listeners.listener(endpoint);
    }

    /**
     * Binds the console's listener at the port plan's console port on the emulator's event loops;
     * {@code init} sets up each accepted connection.
     */
    public InetSocketAddress bindConsole(java.util.function.Consumer<io.netty.channel.Channel> init) {
        return listeners.bindConsole(config.ports().consolePort(), init);
    }

    /** The identity listener's address, when it is served. */
    public Optional<InetSocketAddress> identityAddress() {
        return listeners.identityAddress();
    }

    /** The {@code [::1]} listeners at the same ports, by endpoint id ({@code identity} too). */
    public Map<String, InetSocketAddress> ipv6LoopbackAddresses() {
        return listeners.ipv6LoopbackAddresses();
    }

    /** What the emulator was built from. */
    public EmulatorConfig config() {
        return config;
    }

    public CertificateBundle certificates() {
        return certificates;
    }

    /** The host names and instance marker in banners and trailers. */
    public HostIdentity identity() {
        return identity;
    }

    /** The live tenant and its decisions. */
    public Tenant tenant() {
        return tenant;
    }

    public MailStore store() {
        return store;
    }

    /** Delivery into the store as the tenant routes it (local recipients, Sent Items copies). */
    public MailDelivery delivery() {
        return delivery;
    }

    /** Opaque bearer tokens registered per user. */
    public ConfiguredTokens tokens() {
        return tokens;
    }

    public SessionJournal journal() {
        return journal;
    }

    /** The fault plan every session reports its stages to. */
    public FaultPlan faults() {
        return faults;
    }

    /** What pre-loading loaded at start, if it was asked to. */
    public Optional<EmlPreloader.Result> preloaded() {
        return Optional.ofNullable(preloaded);
    }

    /** Native epoll or NIO. */
    public Transport transport() {
        return transport;
    }

    public ConnectionStats connections() {
        return limiter.counts();
    }

    /** The offline identity platform, built on first use. */
    public IdentityPlatform oauth() {
        IdentityPlatform platform = oauth;
        if (platform == null) {
            synchronized (oauthLock) {
                platform = oauth;
                if (platform == null) {
                    platform = new IdentityPlatform(tenant, SigningKey.forDirectory(certificates.directory()), tokens);
                    listeners.identityAddress().ifPresent(platform::bound);
                    oauth = platform;
                }
            }
        }
        return platform;
    }

    /**
     * Makes a scenario the active one while running: its rules with fresh counters and state, its
     * {@code tenant:} sections over the builder's tenant, and the listeners it refuses or firewalls.
     */
    public synchronized void useScenario(Scenario scenario) {
        faults.use(scenario);
        configureTenant(scenario);
        listeners.reconcile();
    }

    private void configureTenant(Scenario scenario) {
        TenantSettings settings = tenantBaseline;
        for (TenantSection section : scenario.tenantChain()) {
            settings = TenantSectionMapper.apply(settings, section);
        }
        tenant.configure(settings);
    }

    /**
     * Back to how the emulator started, between tests: every mailbox emptied (pre-loaded mail loaded
     * again), the tenant at its baseline, the scenario's counters and state back at {@code Started},
     * registered tokens and the journal forgotten. Open connections are left alone.
     */
    public void reset() {
        clientTracker.forget();
        pollTracker.forget();
        faults.reset();
        store.clear();
        if (config.mailDirectory() != null) {
            preload(store, config.mailDirectory());
        }
        tenant.reset();
        tokens.clear();
        journal.clear();
    }

    public boolean isRunning() {
        return !closed.get();
    }

    /** Stops listening, closes every connection and waits for the I/O threads to end. Idempotent. */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listeners.close();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        // Last: no session writes any more, and a next emulator may take the directory over.
        store.close();
    }
}
