package dev.o365emulator.server.internal.runtime;

import dev.o365emulator.server.internal.fault.DropConnectListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code [::1]} listeners beside the {@code 127.0.0.1} ones of the default loopback bind, at the
 * same ports: clients that resolve {@code localhost} to {@code ::1} first (Node.js 17 and later, and
 * others following RFC 6724's preference) would otherwise meet a refused connection, although the
 * server certificate names {@code ::1}.
 *
 * <p>Only with a {@code 127.0.0.1} bind and where the machine has an IPv6 loopback; elsewhere it does
 * nothing, quietly. A port that cannot be bound on {@code ::1} (taken there by another program) is
 * logged and left out; the IPv4 listener still serves. The facade's addresses stay the IPv4 ones.
 */
public final class Ipv6LoopbackTwins {

    private static final Logger log = LoggerFactory.getLogger(Ipv6LoopbackTwins.class);

    private final InetAddress loopback;
    /** Per listener id (an endpoint's id, or {@code identity}): a {@link Channel} or a {@link DropConnectListener}. */
    private final Map<String, Object> twins = new LinkedHashMap<>();

    private Ipv6LoopbackTwins(InetAddress loopback) {
        this.loopback = loopback;
    }

    /** Twins for a bind to {@code address}: active only for {@code 127.0.0.1} on a machine with {@code ::1}. */
    public static Ipv6LoopbackTwins forBind(InetAddress address) {
        boolean loopbackBind = address.getHostAddress().equals("127.0.0.1");
        return new Ipv6LoopbackTwins(loopbackBind ? Machine.IPV6_LOOPBACK : null);
    }

    /** Looked up once per JVM: listing the interfaces costs an in-process start a millisecond or two. */
    private static final class Machine {
        static final InetAddress IPV6_LOOPBACK = ipv6Loopback();

        private static InetAddress ipv6Loopback() {
            try {
                InetAddress v6 = InetAddress.getByName("::1");
                // On an interface: not so with IPv6 disabled, or in a JVM told to prefer the IPv4 stack.
                return NetworkInterface.getByInetAddress(v6) != null ? v6 : null;
            } catch (UnknownHostException | SocketException e) {
                return null;
            }
        }
    }

    /** Whether twins are made at all. */
    public boolean enabled() {
        return loopback != null;
    }

    /** Binds a served listener's twin with {@code bind}; returns its channel, or null when not bound. */
    public Channel serve(String id, int port, Function<InetSocketAddress, ChannelFuture> bind) {
        return finish(id, port, begin(port, bind));
    }

    /** Starts binding a twin (several may bind at once); null when twins are not made. */
    public ChannelFuture begin(int port, Function<InetSocketAddress, ChannelFuture> bind) {
        return loopback == null ? null : bind.apply(new InetSocketAddress(loopback, port));
    }

    /** Waits for a {@link #begin} and records the twin; returns its channel, or null when not bound. */
    public synchronized Channel finish(String id, int port, ChannelFuture binding) {
        if (binding == null) {
            return null;
        }
        ChannelFuture bound = binding.awaitUninterruptibly();
        if (!bound.isSuccess()) {
            log.warn("{} is not served on [::1]:{} ({}); it is on 127.0.0.1:{}", id, port,
                    bound.cause().getMessage(), port);
            return null;
        }
        twins.put(id, bound.channel());
        return bound.channel();
    }

    /** Opens a firewalled listener's twin, so that {@code ::1} times out like {@code 127.0.0.1}. */
    public synchronized void drop(String id, int port) {
        if (loopback == null) {
            return;
        }
        try {
            twins.put(id, DropConnectListener.open(new InetSocketAddress(loopback, port)));
        } catch (UncheckedIOException e) {
            log.warn("{} is not firewalled on [::1]:{} ({})", id, port, e.getCause().getMessage());
        }
    }

    /** Closes a listener's twin, if it has one. */
    public synchronized void close(String id) {
        Object twin = twins.remove(id);
        if (twin instanceof Channel channel) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        } else if (twin instanceof DropConnectListener drop) {
            drop.close();
        }
    }

    /** Closes every twin that is not a Netty channel (the emulator closes its channels itself). */
    public synchronized void closeDropListeners() {
        twins.values().forEach(twin -> {
            if (twin instanceof DropConnectListener drop) {
                drop.close();
            }
        });
    }

    /** The listener ids with a twin, and its address. */
    public synchronized Map<String, InetSocketAddress> addresses() {
        Map<String, InetSocketAddress> result = new LinkedHashMap<>();
        twins.forEach((id, twin) -> result.put(id, twin instanceof Channel channel
                ? (InetSocketAddress) channel.localAddress() : ((DropConnectListener) twin).address()));
        return Collections.unmodifiableMap(result);
    }
}
