package dev.o365emulator.server.internal.net;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Tells the normal log (no {@code --trace} needed) why connections failed, without letting a flood
 * of failures flood the log.
 *
 * <table>
 *   <caption>What is logged how</caption>
 *   <tr><th>failure</th><th>level</th><th>why</th></tr>
 *   <tr><td>{@link VirtualMachineError} ({@link OutOfMemoryError}, {@link StackOverflowError}…)</td>
 *       <td>ERROR</td><td>the process may be unusable from here on; an operator must see it. It is
 *       not swallowed: the connection is closed, and the standalone launcher's
 *       {@code -XX:+ExitOnOutOfMemoryError} ends the process. Embedded in a test JVM the emulator does
 *       not call {@code System.exit} (a library must not end its host); the test sees the ERROR line
 *       and the closed connection.</td></tr>
 *   <tr><td>reset or broken pipe from the peer</td><td>DEBUG</td><td>the client's own decision (a
 *       killed process, a client-side timeout, {@code SO_LINGER 0}, a port probe): nothing for the
 *       emulator to fix, ordinary in CI, and still in the session's journal record; at WARN these
 *       would bury the failures that matter</td></tr>
 *   <tr><td>anything else (decoder and TLS failures, bugs)</td><td>WARN</td><td>something a user
 *       debugging a client, or the emulator, needs to see; with the stack trace, except for TLS
 *       failures, whose message says it all</td></tr>
 * </table>
 *
 * <p>Rate-limited per kind (the innermost exception's class): at most one line per
 * {@link #DEFAULT_INTERVAL}; the next line logged for a kind says how many were held back
 * meanwhile. Each line names the session ({@code #12 imaps}) so the journal tells the rest.
 * Thread-safe: called from every event loop.
 */
public final class ConnectionErrors {

    /** At most one line per kind of failure in this time. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    /** Kinds tracked apart; any further kind shares one window, so the map stays bounded. */
    static final int MAX_KINDS = 64;
    private static final String OTHER = "other";

    private final Logger log;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final int maxKinds;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Reports to {@code log}, one line per kind per {@link #DEFAULT_INTERVAL}. */
    public ConnectionErrors(Logger log) {
        this(log, System::nanoTime, DEFAULT_INTERVAL, MAX_KINDS);
    }

    ConnectionErrors(Logger log, LongSupplier nanoTime, Duration interval, int maxKinds) {
        this.log = log;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
        this.maxKinds = maxKinds;
    }

    /** Logs why {@code session}'s connection failed, as the table above says. */
    public void report(String session, Throwable cause) {
        Level level = levelOf(cause);
        if (level == Level.DEBUG) {
            log.debug("connection {} ended by the client: {}", session, cause.toString());
            return;
        }
        long heldBack = admit(kindOf(cause));
        if (heldBack < 0) {
            return;
        }
        String more = heldBack == 0 ? ""
                : String.format(Locale.ROOT, " (%d more like it in the last %d s not logged)", heldBack,
                        Duration.ofNanos(intervalNanos).toSeconds());
        if (level == Level.ERROR) {
            log.error("connection {} failed with {}; it is closed, and the emulator may not serve reliably from now on{}",
                    session, cause.toString(), more, cause);
        } else if (isTls(cause)) {
            // A client that does not trust the CA or speaks no common protocol: the message says it all.
            log.warn("connection {} failed: {}{}", session, cause.toString(), more);
        } else {
            log.warn("connection {} failed: {}{}", session, cause.toString(), more, cause);
        }
    }

    static Level levelOf(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof VirtualMachineError) {
                return Level.ERROR;
            }
        }
        if (cause instanceof IOException && !(cause instanceof SSLException) && cause.getMessage() != null) {
            String message = cause.getMessage();
            if (message.contains("Connection reset") || message.contains("Broken pipe")) {
                return Level.DEBUG;
            }
        }
        return Level.WARN;
    }

    private static boolean isTls(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's class: a TLS failure inside a DecoderException is its own kind. */
    static String kindOf(Throwable cause) {
        Throwable c = cause;
        for (int depth = 0; c.getCause() != null && c.getCause() != c && depth < 16; depth++) {
            c = c.getCause();
        }
        return c.getClass().getName();
    }

    /** How many were held back since this kind was last logged, or -1 if this one is held back too. */
    private long admit(String kind) {
        Window window = windows.get(kind);
        if (window == null) {
            window = windows.size() >= maxKinds ? windows.computeIfAbsent(OTHER, k -> new Window())
                    : windows.computeIfAbsent(kind, k -> new Window());
        }
        long now = nanoTime.getAsLong();
        synchronized (window) {
            if (window.logged && now - window.lastLogged < intervalNanos) {
                window.heldBack++;
                return -1;
            }
            long heldBack = window.heldBack;
            window.logged = true;
            window.lastLogged = now;
            window.heldBack = 0;
            return heldBack;
        }
    }

    private static final class Window {
        boolean logged;
        long lastLogged;
        long heldBack;
    }
}
