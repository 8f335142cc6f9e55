package dev.o365emulator.server;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.certs.CertificateOptions;
import dev.o365emulator.certs.KeyAlgorithm;
import dev.o365emulator.scenarios.Fault;
import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.scenarios.tenant.TenantSection;
import dev.o365emulator.server.internal.fault.ConnectGate;
import dev.o365emulator.server.internal.fault.DropConnectListener;
import dev.o365emulator.server.internal.fault.FaultPlan;
import dev.o365emulator.server.internal.fault.GreetingGate;
import dev.o365emulator.server.internal.fault.ResponseRenderer;
import dev.o365emulator.server.internal.findings.ClientTracker;
import dev.o365emulator.server.internal.findings.PollTracker;
import dev.o365emulator.server.internal.imap.ImapReplyRenderer;
import dev.o365emulator.server.internal.imap.ImapSession;
import dev.o365emulator.server.internal.net.AcceptFailures;
import dev.o365emulator.server.internal.net.ConnectionCounts;
import dev.o365emulator.server.internal.net.ConnectionLimiter;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.net.OverLimitRefusal;
import dev.o365emulator.server.internal.net.ThrottledLog;
import dev.o365emulator.server.internal.net.Transport;
import dev.o365emulator.server.internal.oauth.ConfiguredTokens;
import dev.o365emulator.server.internal.oauth.DeferredTokenValidator;
import dev.o365emulator.server.internal.oauth.Discovery;
import dev.o365emulator.server.internal.oauth.IdentityHttpHandler;
import dev.o365emulator.server.internal.oauth.IdentityPlatform;
import dev.o365emulator.server.internal.oauth.SigningKey;
import dev.o365emulator.server.internal.oauth.TokenValidator;
import dev.o365emulator.server.internal.pop3.Pop3ReplyRenderer;
import dev.o365emulator.server.internal.pop3.Pop3Session;
import dev.o365emulator.server.internal.smtp.SmtpReplyRenderer;
import dev.o365emulator.server.internal.smtp.SmtpSession;
import dev.o365emulator.server.internal.store.EmlPreloader;
import dev.o365emulator.server.internal.store.MailDelivery;
import dev.o365emulator.server.internal.store.MailStorage;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MemoryBudget;
import dev.o365emulator.server.internal.store.StorageException;
import dev.o365emulator.server.internal.store.maildir.MaildirOptions;
import dev.o365emulator.server.internal.store.maildir.MaildirStorage;
import dev.o365emulator.server.internal.store.maildir.StoreInUseException;
import dev.o365emulator.server.internal.tls.ServerTls;
import dev.o365emulator.server.internal.tls.StartTls;
import dev.o365emulator.server.journal.SessionJournal;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.tenant.Tenant;
import dev.o365emulator.server.tenant.TenantSectionMapper;
import dev.o365emulator.server.tenant.TenantSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * A running Office 365 emulator: the listeners of the chosen endpoints, their TLS, and the journal
 * of every connection.
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.builder().ports(PortPlan.ephemeral()).start()) {
 *     int submission = emulator.port(Endpoint.SUBMISSION);
 *     Path ca = emulator.certificates().caPem();
 *     // … point a client at 127.0.0.1:submission, trusting ca …
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
 */
public final class Emulator implements AutoCloseable {

    /** Largest identity endpoint request (headers aside): token requests are a few kilobytes. */
    static final int IDENTITY_MAX_REQUEST = 64 * 1024;

    /** Default bind address: loopback only, never a public interface unless asked. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    /** How often refused connections and failed accepts are reported while they go on (the first at once). */
    static final java.time.Duration REPORT_INTERVAL = java.time.Duration.ofSeconds(10);

    private final Builder config;
    private final PortPlan ports;
    private final CertificateBundle certificates;
    private final HostIdentity identity;
    private final SessionJournal journal;
    private final ClientTracker clientTracker;
    private final PollTracker pollTracker;
    private final Tenant tenant;
    private final MailStore store;
    private final MailDelivery delivery;
    private final ConfiguredTokens tokens = new ConfiguredTokens();
    private final EmlPreloader.Result preloaded;
    private final FaultPlan faults;
    private final TenantSettings tenantBaseline;
    private final Map<Endpoint, EndpointContext> contexts = new EnumMap<>(Endpoint.class);
    /** Per endpoint: its Netty server {@link Channel}, a {@link DropConnectListener}, or absent (refused). */
    private final Map<Endpoint, Object> listeners = new EnumMap<>(Endpoint.class);
    // Built on first use: its RSA key and JWT machinery cost a fresh JVM a second, which an
    // emulator whose clients never use OAuth should not pay at start.
    private final Object oauthLock = new Object();
    private volatile IdentityPlatform oauth;
    private volatile InetSocketAddress identityAddress;
    private volatile IdentityHttpHandler identityHandler;
    private final TokenValidator tokenValidator = new DeferredTokenValidator(() -> oauth().validator());
    private final EventLoopGroup group;
    private final Transport transport;
    private final ConnectionLimiter limiter;
    private final AcceptFailures acceptFailures;
    private final ChannelGroup channels = new DefaultChannelGroup("o365-emulator", GlobalEventExecutor.INSTANCE);
    private final Map<Endpoint, InetSocketAddress> addresses = new EnumMap<>(Endpoint.class);
    private final Ipv6LoopbackTwins ipv6Twins;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ServerTls tls;

    private Emulator(Builder config) {
        if (config.tlsProvider != TlsProvider.JDK) {
            TlsProvider.prepare();
        }
        this.config = config;
        this.ports = config.ports;
        this.certificates = certificates(config);
        this.identity = HostIdentity.of(config.seed, config.clock.instant());
        this.journal = new SessionJournal(config.clock, config.journalBudget);
        this.clientTracker = new ClientTracker(config.retryStormThreshold);
        this.pollTracker = new PollTracker();
        journal.addListener(clientTracker);
        journal.addListener(pollTracker);
        this.tenant = config.tenantSettings != null ? new Tenant(config.tenantSettings, config.clock)
                : Tenant.withDefaults(config.clock);
        tenant.followAnnouncedTimeline(config.asOf != null);
        Tenant quotas = tenant;
        this.store = new MailStore(config.clock, address -> quotas.settings().limits().mailboxQuota(),
                new MemoryBudget(config.storeBudget), storage(config));
        this.delivery = new MailDelivery(tenant, store, new MemoryBudget(config.inFlightBudget));
        try {
            // A durable store keeps what was pre-loaded: only a new one is filled, or it would hold it twice.
            boolean fresh = !(store.storage() instanceof MaildirStorage maildir) || maildir.created();
            this.preloaded = config.mailDirectory == null || !fresh ? null : preload(store, config.mailDirectory);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        this.faults = new FaultPlan(config.scenario, identity, config.clock);
        this.tenantBaseline = config.tenantSettings != null ? config.tenantSettings : DefaultTenant.settings();
        configureTenant(config.scenario);
        this.transport = Transport.best();
        this.group = transport.newGroup(config.ioThreads);
        this.ipv6Twins = Ipv6LoopbackTwins.forBind(config.bindAddress);
        int maxConnections = config.maxConnections > 0 ? config.maxConnections
                : ConnectionLimiter.defaultMaxConnections();
        int maxPerAddress = config.maxPerAddress > 0 ? config.maxPerAddress : ConnectionLimiter.DEFAULT_MAX_PER_ADDRESS;
        this.limiter = new ConnectionLimiter(maxConnections, maxPerAddress, new ThrottledLog(
                LoggerFactory.getLogger(ConnectionLimiter.class)::warn, group, REPORT_INTERVAL,
                "Refused a connection over the connection limits"));
        this.acceptFailures = new AcceptFailures(new ThrottledLog(LoggerFactory.getLogger(AcceptFailures.class)::warn,
                group, REPORT_INTERVAL, "Cannot accept a connection, accepting paused for a second"));
    }

    private static CertificateBundle certificates(Builder config) {
        if (config.certificates != null) {
            return config.certificates;
        }
        if (config.dataDirectory != null) {
            CertificateBundle bundle = CertificateBundle.loadOrCreate(config.dataDirectory, CertificateOptions
                    .defaults().withKeyAlgorithm(config.keyAlgorithm).withExtraNames(config.serverNames)
                    .withRegenerate(config.regenerateCertificates));
            if (config.regenerateCertificates) {
                SigningKey.discard(bundle.directory());
            }
            if (config.identity) {
                // Built on first OAuth use, long after the start: a damaged file is better found now.
                SigningKey.check(bundle.directory());
            }
            return bundle;
        }
        if (!config.serverNames.isEmpty()) {
            throw new IllegalStateException("extra server names need a data directory or a certificate bundle");
        }
        return CertificateBundle.shared(config.keyAlgorithm);
    }

    private static MailStorage storage(Builder config) {
        if (config.mailRoot == null) {
            return MailStorage.memory();
        }
        try {
            return MaildirStorage.open(config.mailRoot, config.maildirOptions);
        } catch (StoreInUseException e) {
            throw new EmulatorStartException(e.getMessage(), null, e);
        } catch (StorageException e) {
            throw new EmulatorStartException(e.getMessage(), null, e);
        }
    }

    private static EmlPreloader.Result preload(MailStore store, Path root) {
        try {
            return new EmlPreloader(store).load(root);
        } catch (java.io.IOException e) {
            throw new EmulatorStartException("cannot pre-load mail from " + root + ": " + e.getMessage(), null, e);
        }
    }

    /** A builder with the defaults: loopback, ephemeral ports, all seven endpoints, shared certificates. */
    public static Builder builder() {
        return new Builder();
    }

    private Emulator bind() {
        ServerTls tls;
        try {
            tls = ServerTls.forBundle(certificates,
                    config.tlsProvider != null ? config.tlsProvider : TlsProvider.preferred());
        } catch (IllegalStateException e) {
            close();
            throw new EmulatorStartException(e.getMessage(), null, e);
        }
        this.tls = tls;
        Map<Endpoint, ChannelFuture> binds = new EnumMap<>(Endpoint.class);
        for (Endpoint endpoint : config.endpoints) {
            EndpointContext context = new EndpointContext(endpoint, identity, config.clock, journal, tls, tenant,
                    store, delivery, tokenValidator, faults);
            contexts.put(endpoint, context);
            Optional<Fault> blocked = faults.listenerFault(endpoint);
            if (blocked.isPresent()) {
                try {
                    blockListener(endpoint, blocked.get(),
                            new InetSocketAddress(config.bindAddress, ports.portFor(endpoint)));
                } catch (RuntimeException e) {
                    close();
                    throw new EmulatorStartException("cannot bind " + endpoint.id() + " on "
                            + config.bindAddress.getHostAddress() + ":" + ports.portFor(endpoint) + ": "
                            + e.getMessage(), endpoint, e);
                }
                continue;
            }
            binds.put(endpoint, bootstrap(context).bind(config.bindAddress, ports.portFor(endpoint)));
        }
        for (Map.Entry<Endpoint, ChannelFuture> bind : binds.entrySet()) {
            ChannelFuture future = bind.getValue().awaitUninterruptibly();
            if (!future.isSuccess()) {
                Endpoint endpoint = bind.getKey();
                close();
                throw new EmulatorStartException("cannot bind " + endpoint.id() + " on "
                        + config.bindAddress.getHostAddress() + ":" + ports.portFor(endpoint) + ": "
                        + future.cause().getMessage(), endpoint, future.cause());
            }
            channels.add(future.channel());
            listeners.put(bind.getKey(), future.channel());
            addresses.put(bind.getKey(), (InetSocketAddress) future.channel().localAddress());
        }
        Map<Endpoint, ChannelFuture> twins = new EnumMap<>(Endpoint.class);
        for (Endpoint endpoint : binds.keySet()) {
            twins.put(endpoint, ipv6Twins.begin(addresses.get(endpoint).getPort(),
                    address -> bootstrap(contexts.get(endpoint)).bind(address)));
        }
        twins.forEach((endpoint, binding) -> {
            Channel twin = ipv6Twins.finish(endpoint.id(), addresses.get(endpoint).getPort(), binding);
            if (twin != null) {
                channels.add(twin);
            }
        });
        if (config.identity) {
            bindIdentity(tls);
        }
        return this;
    }

    /** The {@code [::1]} listener beside a served endpoint's {@code 127.0.0.1} one, when there are such. */
    private void serveIpv6Twin(Endpoint endpoint) {
        Channel twin = ipv6Twins.serve(endpoint.id(), addresses.get(endpoint).getPort(),
                address -> bootstrap(contexts.get(endpoint)).bind(address));
        if (twin != null) {
            channels.add(twin);
        }
    }

    /** The identity platform's HTTPS listener (login.microsoftonline.com's role). */
    private void bindIdentity(ServerTls tls) {
        ChannelFuture future = identityBootstrap(tls).bind(config.bindAddress, ports.identityPort())
                .awaitUninterruptibly();
        if (!future.isSuccess()) {
            close();
            throw new EmulatorStartException("cannot bind the identity endpoint on "
                    + config.bindAddress.getHostAddress() + ":" + ports.identityPort() + ": "
                    + future.cause().getMessage(), PortPlan.IDENTITY_PORT, future.cause());
        }
        channels.add(future.channel());
        identityAddress = (InetSocketAddress) future.channel().localAddress();
        Channel twin = ipv6Twins.serve("identity", identityAddress.getPort(),
                address -> identityBootstrap(tls).bind(address));
        if (twin != null) {
            channels.add(twin);
        }
        IdentityPlatform built = oauth;
        if (built != null) {
            built.bound(identityAddress);
        }
    }

    private ServerBootstrap identityBootstrap(ServerTls tls) {
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(acceptFailures)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        if (limiter.admit(ch, "identity") != ConnectionLimiter.Admission.ACCEPTED) {
                            OverLimitRefusal.installHttps(ch, tls, limiter);
                            return;
                        }
                        ch.pipeline().addLast(tls.newHttpsHandler(ch.alloc()),
                                new io.netty.handler.codec.http.HttpServerCodec(),
                                new io.netty.handler.codec.http.HttpObjectAggregator(IDENTITY_MAX_REQUEST),
                                identityHandler());
                    }
                });
    }

    private IdentityHttpHandler identityHandler() {
        IdentityHttpHandler handler = identityHandler;
        if (handler == null) {
            synchronized (oauthLock) {
                handler = identityHandler;
                if (handler == null) {
                    handler = new IdentityHttpHandler(oauth(),
                            new Discovery(tenant, config.bindAddress, addresses, identity.fqdn()));
                    identityHandler = handler;
                }
            }
        }
        return handler;
    }

    private ServerBootstrap bootstrap(EndpointContext context) {
        SessionInitializer sessions = config.sessions.get(context.endpoint().protocol());
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(acceptFailures)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        boolean implicitTls = context.endpoint().tlsMode() == TlsMode.IMPLICIT;
                        // The caps come first: a refused connection meets no fault rule, no journal, no session.
                        if (limiter.admit(ch, context.endpoint().id()) != ConnectionLimiter.Admission.ACCEPTED) {
                            OverLimitRefusal.install(ch, context.endpoint().protocol(),
                                    implicitTls ? context.tls() : null, limiter);
                            return;
                        }
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(ConnectGate.NAME, new ConnectGate(context.faults()));
                        if (implicitTls) {
                            p.addLast(StartTls.HANDLER_NAME, context.tls().newImplicitHandler(ch.alloc()));
                        }
                        p.addLast("recorder", new ConnectionRecorder(context));
                        p.addLast(GreetingGate.NAME, new GreetingGate(context.faults(), greetingRenderer(context.endpoint().protocol())));
                        sessions.initialize(ch, context);
                        p.addLast("errors", ConnectionRecorder.lastResort());
                    }
                });
    }

    /** How each protocol answers a rule's reply in place of its greeting. */
    private static ResponseRenderer greetingRenderer(Protocol protocol) {
        return switch (protocol) {
            case SMTP -> SmtpReplyRenderer.GREETING;
            case IMAP -> ImapReplyRenderer.GREETING;
            case POP3 -> Pop3ReplyRenderer.GREETING;
        };
    }

    /** The port an endpoint listens on. */
    public int port(Endpoint endpoint) {
        return address(endpoint).getPort();
    }

    /** The address an endpoint listens on. */
    public InetSocketAddress address(Endpoint endpoint) {
        InetSocketAddress address = addresses.get(endpoint);
        if (address == null) {
            throw new IllegalArgumentException(endpoint.id() + " is not started");
        }
        return address;
    }

    /**
     * The {@code [::1]} listeners beside the {@code 127.0.0.1} ones, at the same ports, by endpoint id
     * ({@code identity} for the identity endpoint): made with the default loopback bind where the machine
     * has an IPv6 loopback, for clients that resolve {@code localhost} to {@code ::1} first. Empty
     * otherwise; {@link #address} stays the IPv4 address either way.
     */
    public Map<String, InetSocketAddress> ipv6LoopbackAddresses() {
        return ipv6Twins.addresses();
    }

    /** The endpoints this emulator serves. */
    public Set<Endpoint> endpoints() {
        return Collections.unmodifiableSet(addresses.keySet());
    }

    /** The CA and server certificate clients must trust. */
    public CertificateBundle certificates() {
        return certificates;
    }

    /** The host names and instance marker in banners and trailers. */
    public HostIdentity identity() {
        return identity;
    }

    /** The emulated tenant: users, passwords, SMTP AUTH and IMAP/POP switches, grants, limits; changeable while running. */
    public Tenant tenant() {
        return tenant;
    }

    /** Every mailbox's folders and messages. */
    public MailStore store() {
        return store;
    }

    /** Delivery into the store as the tenant routes it (local recipients, Sent Items copies). */
    public MailDelivery delivery() {
        return delivery;
    }

    /** Opaque XOAUTH2 bearer tokens the emulator accepts besides its own JWTs, registered per user. */
    public ConfiguredTokens tokens() {
        return tokens;
    }

    /** What {@link Builder#preloadMail} loaded at start, if it was asked to. */
    public java.util.Optional<EmlPreloader.Result> preloaded() {
        return java.util.Optional.ofNullable(preloaded);
    }

    /**
     * The offline identity platform: its authority URL and port, tokens minted directly for tests,
     * and the XOAUTH2 validator the sessions use.
     */
    public IdentityPlatform oauth() {
        IdentityPlatform platform = oauth;
        if (platform == null) {
            synchronized (oauthLock) {
                platform = oauth;
                if (platform == null) {
                    platform = new IdentityPlatform(tenant, SigningKey.forDirectory(certificates.directory()), tokens);
                    if (identityAddress != null) {
                        platform.bound(identityAddress);
                    }
                    oauth = platform;
                }
            }
        }
        return platform;
    }

    /** Whether the identity platform's HTTPS endpoint is listening. */
    public boolean identityEnabled() {
        return config.identity;
    }

    /** Connections open now and refused so far, against the limits ({@link Builder#maxConnections}). */
    public ConnectionCounts connections() {
        return limiter.counts();
    }

    /** Every connection accepted so far, with its transcript. */
    public SessionJournal journal() {
        return journal;
    }

    /** The active scenario (the builder's, or the last {@link #useScenario}), {@link Scenario#office365()} by default. */
    public Scenario scenario() {
        return faults.scenario();
    }

    /** The fault plan every session reports its stages to. */
    public FaultPlan faults() {
        return faults;
    }

    /**
     * Makes a scenario the active one while running: its rules with fresh counters and state, its
     * {@code tenant:} sections over the builder's tenant, and the listeners it refuses or firewalls
     * (each endpoint keeps its port).
     */
    public synchronized void useScenario(Scenario scenario) {
        faults.use(Objects.requireNonNull(scenario));
        configureTenant(scenario);
        for (Endpoint endpoint : contexts.keySet()) {
            reconcileListener(endpoint);
        }
    }

    /** {@link #useScenario(Scenario)} with a built-in name or a scenario file. */
    public void useScenario(String nameOrPath) {
        useScenario(ScenarioLoader.resolve(nameOrPath));
    }

    /** Forgets the active scenario's counters and state, and returns the tenant to the scenario's settings. */
    public void resetScenario() {
        faults.reset();
        tenant.reset();
    }

    private void configureTenant(Scenario scenario) {
        TenantSettings settings = tenantBaseline;
        for (TenantSection section : scenario.tenantChain()) {
            settings = TenantSectionMapper.apply(settings, section);
        }
        tenant.configure(settings);
    }

    private void blockListener(Endpoint endpoint, Fault fault, InetSocketAddress address) {
        if (fault == Fault.DROP_CONNECT) {
            DropConnectListener drop = DropConnectListener.open(address);
            listeners.put(endpoint, drop);
            addresses.put(endpoint, drop.address());
            ipv6Twins.drop(endpoint.id(), drop.address().getPort());
        } else {
            listeners.remove(endpoint);
            addresses.put(endpoint, DropConnectListener.reserveRefusedPort(address));
        }
    }

    private void reconcileListener(Endpoint endpoint) {
        Optional<Fault> wanted = faults.listenerFault(endpoint);
        Object current = listeners.get(endpoint);
        boolean serving = current instanceof Channel;
        boolean dropping = current instanceof DropConnectListener;
        if (wanted.isEmpty() && serving || wanted.isPresent() && wanted.get() == Fault.DROP_CONNECT && dropping
                || wanted.isPresent() && wanted.get() == Fault.REFUSE && current == null) {
            return;
        }
        InetSocketAddress address = addresses.get(endpoint);
        if (current instanceof Channel ch) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        } else if (current instanceof DropConnectListener drop) {
            drop.close();
        }
        listeners.remove(endpoint);
        ipv6Twins.close(endpoint.id());
        if (wanted.isPresent()) {
            blockListener(endpoint, wanted.get(), address);
            return;
        }
        ChannelFuture bound = bootstrap(contexts.get(endpoint)).bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new EmulatorStartException("cannot bind " + endpoint.id() + " on " + address + ": "
                    + bound.cause().getMessage(), endpoint, bound.cause());
        }
        channels.add(bound.channel());
        listeners.put(endpoint, bound.channel());
        serveIpv6Twin(endpoint);
    }

    /** Which TLS implementation the endpoints run ({@link Builder#tlsProvider}). */
    public TlsProvider tlsProvider() {
        return tls.provider();
    }

    /** Native epoll or NIO. */
    public Transport transport() {
        return transport;
    }

    /** The port plan the emulator was started with. */
    public PortPlan portPlan() {
        return ports;
    }

    /**
     * Puts the emulator back to how it started, between tests: every mailbox emptied (pre-loaded
     * mail loaded again), the tenant at its baseline (the active scenario's), the scenario's
     * counters and state back at {@code Started}, registered tokens, the journal and what the
     * cross-connection findings remember of each client forgotten. Open connections are left alone.
     */
    public void reset() {
        clientTracker.forget();
        pollTracker.forget();
        faults.reset();
        store.clear();
        if (config.mailDirectory != null) {
            preload(store, config.mailDirectory);
        }
        tenant.reset();
        tokens.clear();
        journal.clear();
    }

    public boolean isRunning() {
        return !closed.get();
    }

    /** Stops listening, closes every connection and waits for the I/O threads to end. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            listeners.values().forEach(l -> {
                if (l instanceof DropConnectListener drop) {
                    drop.close();
                }
            });
            ipv6Twins.closeDropListeners();
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        // Last: no session writes any more, and a next emulator may take the directory over.
        store.close();
    }

    /** Configures and starts an {@link Emulator}. */
    public static final class Builder {
        private InetAddress bindAddress;
        private PortPlan ports = PortPlan.ephemeral();
        private Set<Endpoint> endpoints = EnumSet.allOf(Endpoint.class);
        private CertificateBundle certificates;
        private Path dataDirectory;
        private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
        private java.util.List<String> serverNames = java.util.List.of();
        private Clock clock = Clock.systemUTC();
        private Instant asOf;
        private int retryStormThreshold = ClientTracker.DEFAULT_RETRY_STORM_THRESHOLD;
        private TenantSettings tenantSettings;
        private Path mailDirectory;
        private Path mailRoot;
        private MaildirOptions maildirOptions = MaildirOptions.defaults();
        private long seed = HostIdentity.DEFAULT_SEED;
        private Scenario scenario = Scenario.office365();
        private boolean identity = true;
        private boolean regenerateCertificates;
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private long journalBudget = SessionJournal.DEFAULT_BUDGET_BYTES;
        private long storeBudget = defaultStoreBudget();
        private long inFlightBudget = defaultInFlightBudget();
        private int maxConnections;
        private int maxPerAddress;
        private TlsProvider tlsProvider;
        private final Map<Protocol, SessionInitializer> sessions = new EnumMap<>(Protocol.class);

        private Builder() {
            try {
                bindAddress = InetAddress.getByName(DEFAULT_BIND_ADDRESS);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
            sessions.put(Protocol.SMTP, SmtpSession::initialize);
            sessions.put(Protocol.IMAP, ImapSession::initialize);
            sessions.put(Protocol.POP3, Pop3Session.initializer());
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

        /** Which endpoints to start; all seven by default. */
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

        /** Where the CA and certificates are cached (the CLI uses {@code ~/.o365-emulator}). */
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
        public Builder serverNames(java.util.Collection<String> names) {
            this.serverNames = java.util.List.copyOf(names);
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
         * Keeps mail on disk in a Maildir store under {@code root} instead of in memory: one Maildir++
         * directory per mailbox address, read back at the next start, every message forced to disk before
         * its {@code 250} or {@code OK}. One emulator at a time may use a root; a second one's start fails
         * with {@link EmulatorStartException}. {@link #preloadMail} fills only a new store.
         */
        public Builder maildir(Path root) {
            this.mailRoot = Objects.requireNonNull(root);
            return this;
        }

        /** {@link #maildir(Path)} with its settings (fsync, cache size, the file layer a test stands in for). */
        public Builder maildir(Path root, MaildirOptions options) {
            this.mailRoot = Objects.requireNonNull(root);
            this.maildirOptions = Objects.requireNonNull(options);
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
        public Builder asOf(Instant instant) {
            this.asOf = Objects.requireNonNull(instant);
            return this;
        }

        /**
         * Connections a minute from one client address after a transient refusal above which its
         * sessions get the {@code retry-storm} finding; {@value ClientTracker#DEFAULT_RETRY_STORM_THRESHOLD}
         * by default.
         */
        public Builder retryStormThreshold(int connectionsPerMinute) {
            if (connectionsPerMinute < 1) {
                throw new IllegalArgumentException("retry-storm threshold must be at least 1");
            }
            this.retryStormThreshold = connectionsPerMinute;
            return this;
        }

        /** {@link #asOf(Instant)} at the start (00:00 UTC) of that day. */
        public Builder asOf(java.time.LocalDate date) {
            return asOf(date.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        }

        /** The seed of host names and the instance marker; fixed by default so transcripts are stable. */
        public Builder seed(long seed) {
            this.seed = seed;
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
         * The approximate heap the session journal may hold, all transcripts together (32 MiB by
         * default, at least 64 KiB); the oldest closed sessions are forgotten past it, and one
         * session's transcript keeps at most an eighth of it. A test that wants every line of a
         * long session raises it. See {@link SessionJournal} for why the default is what it is.
         */
        public Builder journalBudget(long bytes) {
            if (bytes < SessionJournal.MIN_BUDGET_BYTES) {
                throw new IllegalArgumentException("journalBudget must be at least " + SessionJournal.MIN_BUDGET_BYTES
                        + " bytes: " + bytes);
            }
            this.journalBudget = bytes;
            return this;
        }

        /**
         * Caps the connections held open at once, every endpoint counted together; a connection over
         * the cap gets its protocol's refusal ({@code 421 4.3.2 …}, {@code * BYE …}, {@code -ERR …},
         * HTTP 503) and is closed. By default {@value ConnectionLimiter#DEFAULT_MAX_CONNECTIONS}, or
         * less when the process's file descriptor limit is low
         * ({@link ConnectionLimiter#defaultMaxConnections()}).
         */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be positive");
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * The most the mail store may hold, in bytes: every stored copy's size plus
         * {@value MailStore#STORED_COPY_OVERHEAD} bytes of bookkeeping ({@link MailStore#cost}). Past it,
         * SMTP answers {@code 452 4.3.1 Insufficient system resources} and IMAP APPEND {@code NO [LIMIT]}.
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
         * The TLS implementation: by default {@link TlsProvider#preferred()}, OpenSSL where its native
         * library loads (or what the {@value TlsProvider#PROPERTY} system property names). Asking for
         * OpenSSL where it does not load makes {@link #start()} fail.
         */
        public Builder tlsProvider(TlsProvider provider) {
            this.tlsProvider = Objects.requireNonNull(provider);
            return this;
        }

        /** Replaces the session a protocol's endpoints run (the protocol issues plug in here). */
        public Builder sessions(Protocol protocol, SessionInitializer initializer) {
            sessions.put(protocol, Objects.requireNonNull(initializer));
            return this;
        }

        /**
         * Binds every endpoint and returns the running emulator.
         *
         * @throws EmulatorStartException if a port cannot be bound; nothing is left running
         * @throws dev.o365emulator.certs.CertificateCacheException if the data directory's certificates or
         *     signing key are damaged, or the directory cannot be used
         */
        public Emulator start() {
            if (asOf != null) {
                clock = Clock.offset(clock, java.time.Duration.between(clock.instant(), asOf));
            }
            return new Emulator(this).bind();
        }
    }
}
