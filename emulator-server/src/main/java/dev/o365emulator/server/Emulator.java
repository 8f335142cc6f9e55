package dev.o365emulator.server;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.certs.CertificateOptions;
import dev.o365emulator.certs.KeyAlgorithm;
import dev.o365emulator.server.journal.SessionJournal;
import dev.o365emulator.server.net.ConnectionRecorder;
import dev.o365emulator.server.net.Transport;
import dev.o365emulator.server.oauth.ConfiguredTokens;
import dev.o365emulator.server.scaffold.ScaffoldImapSession;
import dev.o365emulator.server.scaffold.ScaffoldPop3Session;
import dev.o365emulator.server.smtp.SmtpSession;
import dev.o365emulator.server.store.MailDelivery;
import dev.o365emulator.server.store.MailStore;
import dev.o365emulator.server.tenant.Tenant;
import dev.o365emulator.server.tenant.TenantSettings;
import dev.o365emulator.server.tls.ServerTls;
import dev.o365emulator.server.tls.StartTls;
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
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
 */
public final class Emulator implements AutoCloseable {

    /** Default bind address: loopback only, never a public interface unless asked. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    private final Builder config;
    private final PortPlan ports;
    private final CertificateBundle certificates;
    private final HostIdentity identity;
    private final SessionJournal journal;
    private final Tenant tenant;
    private final MailStore store;
    private final MailDelivery delivery;
    private final ConfiguredTokens tokens = new ConfiguredTokens();
    private final EventLoopGroup group;
    private final Transport transport;
    private final ChannelGroup channels = new DefaultChannelGroup("o365-emulator", GlobalEventExecutor.INSTANCE);
    private final Map<Endpoint, InetSocketAddress> addresses = new EnumMap<>(Endpoint.class);
    private final AtomicBoolean closed = new AtomicBoolean();

    private Emulator(Builder config) {
        this.config = config;
        this.ports = config.ports;
        this.certificates = certificates(config);
        this.identity = HostIdentity.of(config.seed, config.clock.instant());
        this.journal = new SessionJournal(config.clock);
        this.tenant = config.tenantSettings != null ? new Tenant(config.tenantSettings, config.clock)
                : Tenant.withDefaults(config.clock);
        this.store = new MailStore(config.clock);
        this.delivery = new MailDelivery(tenant, store);
        this.transport = Transport.best();
        this.group = transport.newGroup(config.ioThreads);
    }

    private static CertificateBundle certificates(Builder config) {
        if (config.certificates != null) {
            return config.certificates;
        }
        if (config.dataDirectory != null) {
            return CertificateBundle.loadOrCreate(config.dataDirectory, CertificateOptions.defaults()
                    .withKeyAlgorithm(config.keyAlgorithm).withExtraNames(config.serverNames));
        }
        if (!config.serverNames.isEmpty()) {
            throw new IllegalStateException("extra server names need a data directory or a certificate bundle");
        }
        return CertificateBundle.shared(config.keyAlgorithm);
    }

    /** A builder with the defaults: loopback, ephemeral ports, all seven endpoints, shared certificates. */
    public static Builder builder() {
        return new Builder();
    }

    private Emulator bind() {
        ServerTls tls = ServerTls.forBundle(certificates);
        Map<Endpoint, ChannelFuture> binds = new EnumMap<>(Endpoint.class);
        for (Endpoint endpoint : config.endpoints) {
            EndpointContext context = new EndpointContext(endpoint, identity, config.clock, journal, tls, tenant,
                    store, delivery, tokens);
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
            addresses.put(bind.getKey(), (InetSocketAddress) future.channel().localAddress());
        }
        return this;
    }

    private ServerBootstrap bootstrap(EndpointContext context) {
        SessionInitializer sessions = config.sessions.get(context.endpoint().protocol());
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        if (context.endpoint().tlsMode() == TlsMode.IMPLICIT) {
                            p.addLast(StartTls.HANDLER_NAME, context.tls().newImplicitHandler(ch.alloc()));
                        }
                        p.addLast("recorder", new ConnectionRecorder(context));
                        sessions.initialize(ch, context);
                        p.addLast("errors", ConnectionRecorder.lastResort());
                    }
                });
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

    /** The XOAUTH2 bearer tokens the emulator accepts, registered per user. */
    public ConfiguredTokens tokens() {
        return tokens;
    }

    /** Every connection accepted so far, with its transcript. */
    public SessionJournal journal() {
        return journal;
    }

    /** Native epoll or NIO. */
    public Transport transport() {
        return transport;
    }

    /** The port plan the emulator was started with. */
    public PortPlan portPlan() {
        return ports;
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
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
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
        private TenantSettings tenantSettings;
        private long seed = HostIdentity.DEFAULT_SEED;
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private final Map<Protocol, SessionInitializer> sessions = new EnumMap<>(Protocol.class);

        private Builder() {
            try {
                bindAddress = InetAddress.getByName(DEFAULT_BIND_ADDRESS);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
            sessions.put(Protocol.SMTP, SmtpSession::initialize);
            sessions.put(Protocol.IMAP, ScaffoldImapSession::initialize);
            sessions.put(Protocol.POP3, ScaffoldPop3Session::initialize);
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

        /** The clock every time-based behaviour reads. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** The seed of host names and the instance marker; fixed by default so transcripts are stable. */
        public Builder seed(long seed) {
            this.seed = seed;
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

        /** Replaces the session a protocol's endpoints run (the protocol issues plug in here). */
        public Builder sessions(Protocol protocol, SessionInitializer initializer) {
            sessions.put(protocol, Objects.requireNonNull(initializer));
            return this;
        }

        /**
         * Binds every endpoint and returns the running emulator.
         *
         * @throws EmulatorStartException if a port cannot be bound; nothing is left running
         */
        public Emulator start() {
            return new Emulator(this).bind();
        }
    }
}
