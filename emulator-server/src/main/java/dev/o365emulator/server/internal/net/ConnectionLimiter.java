package dev.o365emulator.server.internal.net;

import dev.o365emulator.server.ConnectionStats;
import io.netty.channel.Channel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps the connections one emulator holds open, in total and per client IP address, so that a flood
 * is refused in the protocol's words instead of exhausting the process's file descriptors (after
 * which every accept fails and real clients time out).
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>why</th></tr>
 *   <tr><td>{@link #DEFAULT_MAX_CONNECTIONS}</td><td>12,000, or the process's file descriptor
 *     limit less a quarter (at least {@value #RESERVED_DESCRIPTORS}) when that is lower</td><td>the
 *     largest documented load, 10,000 IMAP connections held in IDLE by one machine
 *     (docs/benchmarks.md, about 11 KB of heap each), plus a fifth for the rest of a CI job; the
 *     descriptors left are for the JVM, its jars, the listeners and files</td></tr>
 *   <tr><td>{@link #DEFAULT_MAX_PER_ADDRESS}</td><td>10,000 (never above the total)</td><td>on
 *     loopback every client shares one address, so this must admit that same IDLE load; off loopback
 *     it keeps one address from taking every slot</td></tr>
 * </table>
 *
 * <p>Office 365's own limits (concurrent submissions and IMAP connections per mailbox) are the
 * tenant's business, applied by the sessions after login; these caps protect the emulator.
 *
 * <p>Thread-safe. A refused connection is counted and reported through a {@link ThrottledLog}; it
 * never reaches the fault rules or the journal.
 */
public final class ConnectionLimiter {

    /** Default cap on connections held open at once, before the file descriptor bound. */
    public static final int DEFAULT_MAX_CONNECTIONS = 12_000;
    /** Default cap on connections from one client IP address. */
    public static final int DEFAULT_MAX_PER_ADDRESS = 10_000;
    /** Descriptors always left free by the default cap, for the JVM, its jars, the listeners and files. */
    static final int RESERVED_DESCRIPTORS = 256;
    /**
     * Refused connections still being answered (a TLS handshake first, an HTTP request to read);
     * beyond it a refused connection is closed at once, so that refusals cannot pile up either.
     */
    static final int MAX_REFUSALS_IN_PROGRESS = 256;

    /** Whether a new connection may be served, and if not, which cap it hit. */
    public enum Admission {
        ACCEPTED,
        OVER_TOTAL,
        OVER_ADDRESS
    }

    private final int maxConnections;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicInteger refusing = new AtomicInteger();
    private final ThrottledLog refusals;

    /**
     * @param maxPerAddress capped at {@code maxConnections}
     * @param refusals where refusals are reported
     */
    public ConnectionLimiter(int maxConnections, int maxPerAddress, ThrottledLog refusals) {
        if (maxConnections < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("connection limits must be positive: " + maxConnections + ", "
                    + maxPerAddress);
        }
        this.maxConnections = maxConnections;
        this.maxPerAddress = Math.min(maxPerAddress, maxConnections);
        this.refusals = refusals;
    }

    /**
     * {@link #DEFAULT_MAX_CONNECTIONS}, lowered where the process's file descriptor limit is known and
     * small: a quarter of the descriptors (at least {@value #RESERVED_DESCRIPTORS}) stays free for the
     * JVM, the listeners and files.
     */
    public static int defaultMaxConnections() {
        long limit = openFilesLimit(Path.of("/proc/self/limits"));
        if (limit != UNKNOWN) {
            return forDescriptorLimit(limit);
        }
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return forDescriptorLimit(unix.getMaxFileDescriptorCount());
        }
        return DEFAULT_MAX_CONNECTIONS;
    }

    /** What {@link #openFilesLimit} returns when the file does not say. */
    static final long UNKNOWN = Long.MIN_VALUE;

    /**
     * The soft limit on open files from Linux's {@code /proc/self/limits} (the number the operating
     * system bean reports: the JVM has raised it to the hard limit by then), -1 for
     * {@code unlimited}, {@link #UNKNOWN} where the file is missing or says nothing usable. Read
     * instead of asking the bean because the platform's management beans cost a start some 20 ms of
     * class loading and cgroup probing, for one number.
     */
    static long openFilesLimit(Path limits) {
        try {
            for (String line : Files.readAllLines(limits, StandardCharsets.US_ASCII)) {
                if (line.startsWith("Max open files ")) {
                    String soft = line.substring("Max open files ".length()).trim().split(" +", 2)[0];
                    return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // Not Linux, or not a limits file this reader knows: the bean answers.
        }
        return UNKNOWN;
    }

    static int forDescriptorLimit(long descriptors) {
        if (descriptors <= 0) {
            return DEFAULT_MAX_CONNECTIONS;
        }
        long usable = descriptors - Math.max(descriptors / 4, RESERVED_DESCRIPTORS);
        return (int) Math.max(1, Math.min(DEFAULT_MAX_CONNECTIONS, usable));
    }

    /**
     * Admits a newly accepted connection, or says which cap refuses it. An admitted connection's
     * slot is given back when it closes; a refused one is counted and reported, and the caller
     * answers it ({@link OverLimitRefusal}).
     */
    public Admission admit(Channel channel, String endpoint) {
        InetAddress address = address(channel.remoteAddress());
        Admission admission = acquire(address);
        if (admission == Admission.ACCEPTED) {
            channel.closeFuture().addListener(f -> release(address));
        } else {
            refused.incrementAndGet();
            refusals.occurred((address == null ? "?" : address.getHostAddress()) + " to " + endpoint + ", "
                    + (admission == Admission.OVER_TOTAL ? "total limit " + maxConnections
                    : "limit per client address " + maxPerAddress) + " reached");
        }
        return admission;
    }

    /** Takes a slot for answering a refused connection; false when too many refusals are in progress. */
    boolean beginRefusal(Channel channel) {
        if (refusing.incrementAndGet() > MAX_REFUSALS_IN_PROGRESS) {
            refusing.decrementAndGet();
            return false;
        }
        channel.closeFuture().addListener(f -> refusing.decrementAndGet());
        return true;
    }

    /** The counts now. */
    public ConnectionStats counts() {
        return new ConnectionStats(open.get(), refused.get(), maxConnections, maxPerAddress);
    }

    private Admission acquire(InetAddress address) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            return Admission.OVER_TOTAL;
        }
        if (address == null) {
            return Admission.ACCEPTED;
        }
        boolean[] admitted = new boolean[1];
        perAddress.compute(address, (key, count) -> {
            int n = count == null ? 0 : count;
            if (n >= maxPerAddress) {
                return count;
            }
            admitted[0] = true;
            return n + 1;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            return Admission.OVER_ADDRESS;
        }
        return Admission.ACCEPTED;
    }

    private void release(InetAddress address) {
        if (address != null) {
            // Entries go when their last connection does, so the map holds only addresses with open connections.
            perAddress.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
        }
        open.decrementAndGet();
    }

    private static InetAddress address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }
}
