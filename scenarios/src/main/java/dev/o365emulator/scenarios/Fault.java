package dev.o365emulator.scenarios;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * What happens to the connection instead of (or after) a reply; transport-free, like WireMock's
 * {@code Fault}: the server's {@code fault} package applies it to a channel.
 *
 * <table>
 *   <caption>What a client observes</caption>
 *   <tr><th>fault</th><th>client</th></tr>
 *   <tr><td>{@code refuse}</td><td>connection refused (nothing listens on the port)</td></tr>
 *   <tr><td>{@code drop-connect}</td><td>the connect times out, as behind a firewall</td></tr>
 *   <tr><td>{@code connection-reset}</td><td>"Connection reset" (TCP RST)</td></tr>
 *   <tr><td>{@code close}</td><td>end of stream (TCP FIN)</td></tr>
 *   <tr><td>{@code stall}</td><td>no answer at all: a read timeout</td></tr>
 *   <tr><td>{@code garbage-then-close}</td><td>bytes that are no protocol reply, then end of stream</td></tr>
 *   <tr><td>{@code tls-handshake-failure}</td><td>a fatal {@code handshake_failure} TLS alert</td></tr>
 *   <tr><td>{@code throttle}</td><td>every later reply trickles at {@code bytesPerSecond}</td></tr>
 * </table>
 */
public enum Fault {
    @JsonProperty("refuse") REFUSE,
    @JsonProperty("drop-connect") DROP_CONNECT,
    @JsonProperty("connection-reset") CONNECTION_RESET,
    @JsonProperty("close") CLOSE,
    @JsonProperty("stall") STALL,
    @JsonProperty("garbage-then-close") GARBAGE_THEN_CLOSE,
    @JsonProperty("tls-handshake-failure") TLS_HANDSHAKE_FAILURE,
    @JsonProperty("throttle") THROTTLE;

    /** The name used in scenario files, e.g. {@code drop-connect}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the fault acts on the listener rather than on an accepted connection. */
    public boolean isListenerFault() {
        return this == REFUSE || this == DROP_CONNECT;
    }
}
