package dev.o365emulator.server;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What stands at one endpoint's port: a server that answers, a firewall-like listener that lets
 * connects time out, or nothing (connection refused), as the active scenario's listener rules say.
 *
 * <pre>{@code
 * Listener smtps = emulator.listener(Endpoint.SMTPS);
 * if (smtps instanceof Listener.Refused refused) {
 *     // like Office 365: nothing listens on 465, connects to refused.address() fail at once
 * }
 * }</pre>
 *
 * <p>A value taken at the moment of the call: {@link ScenarioControl#use switching scenarios} may
 * change what stands at a port, never the port itself.
 */
public sealed interface Listener {

    /** The endpoint whose port this is. */
    Endpoint endpoint();

    /** The address the port is on; the endpoint keeps it whatever the scenario does. */
    InetSocketAddress address();

    /** The endpoint is served: clients connect and get its protocol's greeting. */
    record Serving(Endpoint endpoint, InetSocketAddress address) implements Listener {
        public Serving {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * A listener that never accepts, with its queue full, so that clients' connects time out as
     * behind a firewall that drops packets (the scenario fault {@code drop-connect}).
     */
    record DroppingConnects(Endpoint endpoint, InetSocketAddress address) implements Listener {
        public DroppingConnects {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * Nothing listens, so connects are refused at once (the scenario fault {@code refuse}, and
     * Office 365's port 465); the port stays reserved for the endpoint.
     */
    record Refused(Endpoint endpoint, InetSocketAddress address) implements Listener {
        public Refused {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(address, "address");
        }
    }
}
