package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.scenarios.Fault;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.EmulatorStartException;
import dev.o365emulator.server.Listener;
import dev.o365emulator.server.PortPlan;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.TlsMode;
import dev.o365emulator.server.internal.fault.ConnectGate;
import dev.o365emulator.server.internal.fault.DropConnectListener;
import dev.o365emulator.server.internal.fault.FaultPlan;
import dev.o365emulator.server.internal.fault.GreetingGate;
import dev.o365emulator.server.internal.fault.ResponseRenderer;
import dev.o365emulator.server.internal.imap.ImapReplyRenderer;
import dev.o365emulator.server.internal.net.AcceptFailures;
import dev.o365emulator.server.internal.net.ConnectionLimiter;
import dev.o365emulator.server.internal.net.ConnectionRecorder;
import dev.o365emulator.server.internal.net.OverLimitRefusal;
import dev.o365emulator.server.internal.net.Transport;
import dev.o365emulator.server.internal.pop3.Pop3ReplyRenderer;
import dev.o365emulator.server.internal.session.EndpointContext;
import dev.o365emulator.server.internal.session.SessionInitializer;
import dev.o365emulator.server.internal.smtp.SmtpReplyRenderer;
import dev.o365emulator.server.internal.tls.ServerTls;
import dev.o365emulator.server.internal.tls.StartTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The emulator's listeners: one per started endpoint (serving, dropping connects or refusing, as the
 * active scenario says), their {@code [::1]} twins, and the identity platform's HTTPS listener; every
 * accepted connection's pipeline; and closing it all.
 *
 * <p>A connection's pipeline, in order: the connection caps (a refused connection meets nothing else),
 * the connect gate (scenario rules at {@code connect}), TLS for implicit-TLS endpoints, the journal's
 * recorder, the greeting gate, the protocol's session, and a last-resort error handler.
 */
final class Listeners {

    /** Largest identity endpoint request (headers aside): token requests are a few kilobytes. */
    static final int IDENTITY_MAX_REQUEST = 64 * 1024;

    private final InetAddress bindAddress;
    private final PortPlan ports;
    private final EventLoopGroup group;
    private final Transport transport;
    private final ConnectionLimiter limiter;
    private final AcceptFailures acceptFailures;
    private final FaultPlan faults;
    private final Function<Endpoint, SessionInitializer> sessions;
    private final Ipv6LoopbackTwins ipv6Twins;
    private final ChannelGroup channels = new DefaultChannelGroup("o365-emulator", GlobalEventExecutor.INSTANCE);
    private final Map<Endpoint, EndpointContext> contexts = new EnumMap<>(Endpoint.class);
    /** Per endpoint: its Netty server {@link Channel}, a {@link DropConnectListener}, or absent (refused). */
    private final Map<Endpoint, Object> listening = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, InetSocketAddress> addresses = new EnumMap<>(Endpoint.class);
    private volatile InetSocketAddress identityAddress;

    Listeners(InetAddress bindAddress, PortPlan ports, EventLoopGroup group, Transport transport,
            ConnectionLimiter limiter, AcceptFailures acceptFailures, FaultPlan faults,
            Function<Endpoint, SessionInitializer> sessions) {
        this.bindAddress = bindAddress;
        this.ports = ports;
        this.group = group;
        this.transport = transport;
        this.limiter = limiter;
        this.acceptFailures = acceptFailures;
        this.faults = faults;
        this.sessions = sessions;
        this.ipv6Twins = Ipv6LoopbackTwins.forBind(bindAddress);
    }

    /**
     * Binds every endpoint of {@code contexts} as the active scenario says, all at once, then their
     * {@code [::1]} twins; on a failure closes what was bound and throws.
     */
    synchronized void bind(List<EndpointContext> endpoints) {
        Map<Endpoint, ChannelFuture> binds = new EnumMap<>(Endpoint.class);
        for (EndpointContext context : endpoints) {
            Endpoint endpoint = context.endpoint();
            contexts.put(endpoint, context);
            Optional<Fault> blocked = faults.listenerFault(endpoint);
            if (blocked.isPresent()) {
                try {
                    block(endpoint, blocked.get(), new InetSocketAddress(bindAddress, ports.portFor(endpoint)));
                } catch (RuntimeException e) {
                    throw bindFailure(endpoint, ports.portFor(endpoint), e);
                }
                continue;
            }
            binds.put(endpoint, bootstrap(context).bind(bindAddress, ports.portFor(endpoint)));
        }
        for (Map.Entry<Endpoint, ChannelFuture> bind : binds.entrySet()) {
            ChannelFuture future = bind.getValue().awaitUninterruptibly();
            if (!future.isSuccess()) {
                throw bindFailure(bind.getKey(), ports.portFor(bind.getKey()), future.cause());
            }
            channels.add(future.channel());
            listening.put(bind.getKey(), future.channel());
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
    }

    private EmulatorStartException bindFailure(Endpoint endpoint, int port, Throwable cause) {
        return new EmulatorStartException("cannot bind " + endpoint.id() + " on " + bindAddress.getHostAddress() + ":"
                + port + ": " + cause.getMessage(), endpoint, cause);
    }

    /** The identity platform's HTTPS listener (login.microsoftonline.com's role), and its twin. */
    InetSocketAddress bindIdentity(ServerTls tls, Supplier<ChannelHandler> handler) {
        ChannelFuture future = identityBootstrap(tls, handler).bind(bindAddress, ports.identityPort())
                .awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new EmulatorStartException("cannot bind the identity endpoint on " + bindAddress.getHostAddress()
                    + ":" + ports.identityPort() + ": " + future.cause().getMessage(), PortPlan.IDENTITY_PORT,
                    future.cause());
        }
        channels.add(future.channel());
        identityAddress = (InetSocketAddress) future.channel().localAddress();
        Channel twin = ipv6Twins.serve("identity", identityAddress.getPort(),
                address -> identityBootstrap(tls, handler).bind(address));
        if (twin != null) {
            channels.add(twin);
        }
        return identityAddress;
    }

    /**
     * Binds the console's plain HTTP listener (and its {@code [::1]} twin) at {@code port}; each
     * accepted connection goes to {@code init}. Not counted by the protocol endpoints' connection
     * caps: the console has its own.
     */
    InetSocketAddress bindConsole(int port, Consumer<Channel> init) {
        ChannelFuture future = serverBootstrap(init).bind(bindAddress, port).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new EmulatorStartException("cannot bind the console on " + bindAddress.getHostAddress() + ":"
                    + port + ": " + future.cause().getMessage(), PortPlan.CONSOLE_PORT, future.cause());
        }
        channels.add(future.channel());
        InetSocketAddress address = (InetSocketAddress) future.channel().localAddress();
        Channel twin = ipv6Twins.serve("console", address.getPort(), a -> serverBootstrap(init).bind(a));
        if (twin != null) {
            channels.add(twin);
        }
        return address;
    }

    /** A listener on the emulator's event loops whose accepted channels are tracked and set up by {@code init}. */
    private ServerBootstrap serverBootstrap(Consumer<Channel> init) {
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
                        init.accept(ch);
                    }
                });
    }

    private ServerBootstrap identityBootstrap(ServerTls tls, Supplier<ChannelHandler> handler) {
        return serverBootstrap(ch -> {
            if (limiter.admit(ch, "identity") != ConnectionLimiter.Admission.ACCEPTED) {
                OverLimitRefusal.installHttps(ch, tls, limiter);
                return;
            }
            ch.pipeline().addLast(tls.newHttpsHandler(ch.alloc()), new HttpServerCodec(),
                    new HttpObjectAggregator(IDENTITY_MAX_REQUEST), handler.get());
        });
    }

    private ServerBootstrap bootstrap(EndpointContext context) {
        SessionInitializer session = sessions.apply(context.endpoint());
        return serverBootstrap(ch -> {
            boolean implicitTls = context.endpoint().tlsMode() == TlsMode.IMPLICIT;
            // The caps come first: a refused connection meets no fault rule, no journal, no session.
            if (limiter.admit(ch, context.endpoint().id()) != ConnectionLimiter.Admission.ACCEPTED) {
                OverLimitRefusal.install(ch, context.endpoint().protocol(), implicitTls ? context.tls() : null, limiter);
                return;
            }
            ChannelPipeline p = ch.pipeline();
            p.addLast(ConnectGate.NAME, new ConnectGate(context.faults()));
            if (implicitTls) {
                p.addLast(StartTls.HANDLER_NAME, context.tls().newImplicitHandler(ch.alloc()));
            }
            p.addLast("recorder", new ConnectionRecorder(context.journal(), context.endpoint(),
                    context.tls().provider().id()));
            p.addLast(GreetingGate.NAME, new GreetingGate(context.faults(), greetingRenderer(context.endpoint().protocol())));
            session.initialize(ch, context);
            p.addLast("errors", ConnectionRecorder.lastResort());
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

    /** The address an endpoint's port is on. */
    InetSocketAddress address(Endpoint endpoint) {
        InetSocketAddress address = addresses.get(endpoint);
        if (address == null) {
            throw new IllegalArgumentException(endpoint.id() + " is not started");
        }
        return address;
    }

    /** The identity listener's address, once bound. */
    Optional<InetSocketAddress> identityAddress() {
        return Optional.ofNullable(identityAddress);
    }

    /** What stands at each started endpoint's port now, in endpoint order. */
    synchronized List<Listener> listeners() {
        List<Listener> out = new ArrayList<>();
        for (Endpoint endpoint : addresses.keySet()) {
            out.add(listener(endpoint));
        }
        return out;
    }

    /** What stands at one endpoint's port now. */
    synchronized Listener listener(Endpoint endpoint) {
        InetSocketAddress address = address(endpoint);
        Object current = listening.get(endpoint);
        if (current instanceof Channel) {
            return new Listener.Serving(endpoint, address);
        }
        if (current instanceof DropConnectListener) {
            return new Listener.DroppingConnects(endpoint, address);
        }
        return new Listener.Refused(endpoint, address);
    }

    /** The {@code [::1]} listeners at the same ports, by endpoint id ({@code identity} too). */
    Map<String, InetSocketAddress> ipv6LoopbackAddresses() {
        return ipv6Twins.addresses();
    }

    /** Brings every endpoint's listener to what the active scenario says, each at its port. */
    synchronized void reconcile() {
        for (Endpoint endpoint : contexts.keySet()) {
            reconcile(endpoint);
        }
    }

    private void reconcile(Endpoint endpoint) {
        Optional<Fault> wanted = faults.listenerFault(endpoint);
        Object current = listening.get(endpoint);
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
        listening.remove(endpoint);
        ipv6Twins.close(endpoint.id());
        if (wanted.isPresent()) {
            block(endpoint, wanted.get(), address);
            return;
        }
        ChannelFuture bound = bootstrap(contexts.get(endpoint)).bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new EmulatorStartException("cannot bind " + endpoint.id() + " on " + address + ": "
                    + bound.cause().getMessage(), endpoint, bound.cause());
        }
        channels.add(bound.channel());
        listening.put(endpoint, bound.channel());
        Channel twin = ipv6Twins.serve(endpoint.id(), address.getPort(),
                a -> bootstrap(contexts.get(endpoint)).bind(a));
        if (twin != null) {
            channels.add(twin);
        }
    }

    private void block(Endpoint endpoint, Fault fault, InetSocketAddress address) {
        if (fault == Fault.DROP_CONNECT) {
            DropConnectListener drop = DropConnectListener.open(address);
            listening.put(endpoint, drop);
            addresses.put(endpoint, drop.address());
            ipv6Twins.drop(endpoint.id(), drop.address().getPort());
        } else {
            listening.remove(endpoint);
            addresses.put(endpoint, DropConnectListener.reserveRefusedPort(address));
        }
    }

    /** Closes every listener and connection, waiting a few seconds at most. */
    void close() {
        synchronized (this) {
            listening.values().forEach(l -> {
                if (l instanceof DropConnectListener drop) {
                    drop.close();
                }
            });
            ipv6Twins.closeDropListeners();
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** The started endpoints' addresses, as bound so far. */
    Map<Endpoint, InetSocketAddress> addresses() {
        return Collections.unmodifiableMap(new EnumMap<>(addresses));
    }
}
