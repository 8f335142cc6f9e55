package dev.o365emulator.cli;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Listener;
import dev.o365emulator.server.mail.StoreInfo;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** The lines the standalone emulator prints once it runs: endpoints, console, store, limits, the CA to trust. */
final class StartBanner {

    private StartBanner() {
    }

    static void print(PrintWriter out, Emulator emulator) {
        out.println("o365-emulator is running (" + emulator.transportName() + " transport, "
                + emulator.tlsProvider().id() + " TLS, ports " + emulator.portPlan().describe() + ").");
        out.println(row("ENDPOINT", "ADDRESS", "TLS"));
        for (Endpoint endpoint : Endpoint.values()) {
            if (emulator.endpoints().contains(endpoint)) {
                var address = emulator.address(endpoint);
                Listener listener = emulator.listener(endpoint);
                String blocked = listener instanceof Listener.Refused ? "  (refuse by the scenario)"
                        : listener instanceof Listener.DroppingConnects ? "  (drop-connect by the scenario)" : "";
                out.println(row(endpoint.id(), address.getAddress().getHostAddress() + ":" + address.getPort(),
                        (endpoint.tlsMode() == dev.o365emulator.server.TlsMode.IMPLICIT ? "implicit TLS"
                                : endpoint.protocol() == dev.o365emulator.server.Protocol.POP3 ? "STLS" : "STARTTLS")
                                + blocked));
            }
        }
        if (emulator.identityAddress().isPresent()) {
            var address = emulator.identityAddress().get();
            out.println(row("identity", address.getAddress().getHostAddress() + ":" + address.getPort(), "HTTPS"));
        }
        if (emulator.consoleAddress().isPresent()) {
            var address = emulator.consoleAddress().get();
            out.println(row("console", address.getAddress().getHostAddress() + ":" + address.getPort(), "HTTP"));
        }
        printIpv6Loopback(out, emulator);
        emulator.consoleAddress().ifPresent(address -> printConsole(out, emulator, address));
        if (emulator.identityAddress().isPresent()) {
            out.println("OAuth authority: " + emulator.tokens().authority());
        }
        emulator.mail().preloaded().ifPresent(loaded -> out.println("Pre-loaded " + loaded.messages()
                + " messages into " + loaded.messagesPerMailbox().size() + " mailboxes"
                + (loaded.skipped().isEmpty() ? "" : " (" + loaded.skipped().size() + " skipped: " + loaded.skipped().get(0) + ")")
                + "."));
        if (!"none".equals(emulator.scenario().active().name())) {
            out.println("Scenario: " + String.join(" < ", emulator.scenario().active().lineage()));
        }
        StoreInfo store = emulator.mail().store();
        if (store.kind() == StoreInfo.Kind.MAILDIR) {
            out.println("Mail is kept on disk in " + store.root().orElseThrow() + " (Maildir, --store maildir), "
                    + (store.fsync() ? "forced to disk before every acknowledgement."
                            : "without fsync (--fsync never): a machine crash may lose the latest changes.")
                    + " Up to " + size(emulator.mail().usage().inFlightBudget())
                    + " being received (--in-flight-budget).");
        } else {
            out.println("Mail is kept in memory: up to " + size(emulator.mail().usage().storeBudget()) + " stored, "
                    + size(emulator.mail().usage().inFlightBudget())
                    + " being received (--store-budget, --in-flight-budget).");
        }
        var connections = emulator.connections();
        out.println("Connections: at most " + connections.maxConnections() + " at once, "
                + connections.maxPerAddress() + " per client address.");
        out.println("Trust this CA: " + emulator.trust().caPem().toAbsolutePath());
        out.println("Stop with Ctrl-C.");
        out.flush();
    }

    /**
     * The console's URL and, off loopback, its token, printed this once: a browser opening the URL
     * with {@code ?token=} gets a cookie, curl sends the token as a bearer header.
     */
    private static void printConsole(PrintWriter out, Emulator emulator, java.net.InetSocketAddress address) {
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        String url = "http://" + host + ":" + address.getPort() + "/";
        var token = emulator.consoleToken();
        if (token.isEmpty()) {
            out.println("Console and HTTP API: " + url);
            return;
        }
        out.println("Console and HTTP API: " + url
                + (address.getAddress().isAnyLocalAddress() ? " (or this machine's address)" : ""));
        out.println("Console token: " + token.get() + " (shown once; a browser opens the URL with ?token=<token>"
                + " once, curl sends -H 'Authorization: Bearer <token>').");
    }

    /**
     * A budget as a person reads it: {@code 256 MB}, {@code 1.5 GB}, {@code unlimited}. Rounded as
     * {@code String.format("%.1f")} rounds (half up, from the shortest decimal of the double), but
     * without the formatter, whose first use loads the JDK's locale data (~5 % of a start's main thread).
     */
    static String size(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "unlimited";
        }
        double mb = bytes / (1024.0 * 1024.0);
        return mb >= 1024 ? BigDecimal.valueOf(mb / 1024).setScale(1, RoundingMode.HALF_UP).toPlainString() + " GB"
                : BigDecimal.valueOf(mb).setScale(0, RoundingMode.HALF_UP).toPlainString() + " MB";
    }

    /** A line of the endpoint table: the first two columns padded to 12 and 22 characters, as {@code %-12s %-22s %s}. */
    static String row(String endpoint, String address, String tls) {
        StringBuilder line = new StringBuilder(48);
        column(line, endpoint, 12);
        line.append(' ');
        column(line, address, 22);
        return line.append(' ').append(tls).toString();
    }

    private static void column(StringBuilder line, String text, int width) {
        line.append(text);
        for (int i = text.length(); i < width; i++) {
            line.append(' ');
        }
    }

    /** Says whether the listeners are also on [::1]; nothing where the machine has no IPv6 loopback. */
    private static void printIpv6Loopback(PrintWriter out, Emulator emulator) {
        var twins = emulator.ipv6LoopbackAddresses();
        if (twins.isEmpty()) {
            return;
        }
        List<String> listening = new ArrayList<>();
        for (Endpoint endpoint : emulator.endpoints()) {
            if (!(emulator.listener(endpoint) instanceof Listener.Refused)) {
                listening.add(endpoint.id());
            }
        }
        if (emulator.identityAddress().isPresent()) {
            listening.add("identity");
        }
        if (emulator.consoleAddress().isPresent()) {
            listening.add("console");
        }
        if (twins.keySet().containsAll(listening)) {
            out.println("Also on [::1] at the same ports (localhost may resolve there first).");
        } else {
            out.println("Also on [::1] at the same ports for " + String.join(", ", twins.keySet())
                    + " (the others could not bind there).");
        }
    }
}
