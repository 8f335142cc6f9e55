package dev.o365emulator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.testing.LineClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With the default loopback bind, every listener is on {@code [::1]} too, at the same port, for clients
 * that resolve {@code localhost} there first; the facade still reports the IPv4 addresses.
 */
class Ipv6LoopbackIT {

    private static InetAddress ipv6Loopback;

    @BeforeAll
    static void ipv6LoopbackPresent() throws Exception {
        ipv6Loopback = InetAddress.getByName("::1");
        boolean present = NetworkInterface.getByInetAddress(ipv6Loopback) != null;
        if (!present) {
            System.out.println("Ipv6LoopbackIT skipped: this machine has no IPv6 loopback (::1 is on no interface)");
        }
        assumeTrue(present, "no IPv6 loopback on this machine");
    }

    @Test
    void everyEndpointAndTheIdentityEndpointAreServedOnIpv6LoopbackAtTheirPort() throws Exception {
        try (Emulator emulator = Emulator.builder().scenario(Scenario.none())
                .endpoints(java.util.EnumSet.allOf(Endpoint.class)).start()) {
            SSLContext trust = Internals.of(emulator).certificates().clientSslContext();
            for (Endpoint endpoint : Endpoint.values()) {
                InetSocketAddress v4 = emulator.address(endpoint);
                assertThat(v4.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
                InetSocketAddress v6 = new InetSocketAddress(ipv6Loopback, v4.getPort());
                assertThat(emulator.ipv6LoopbackAddresses()).containsEntry(endpoint.id(), v6);
                try (LineClient client = endpoint.tlsMode() == TlsMode.IMPLICIT
                        ? LineClient.connectTls(v6, trust, "localhost") : LineClient.connect(v6)) {
                    assertThat(client.readLine()).as(endpoint.id()).matches("220 .*|\\* OK .*|\\+OK .*");
                }
            }

            HttpClient http = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
            int identity = Internals.of(emulator).oauth().port();
            assertThat(emulator.ipv6LoopbackAddresses()).containsEntry("identity",
                    new InetSocketAddress(ipv6Loopback, identity));
            // Host-name verification against the IP literal: the certificate names ::1.
            HttpResponse<String> keys = http.send(HttpRequest.newBuilder(URI.create("https://[::1]:" + identity
                    + "/common/discovery/v2.0/keys")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(keys.statusCode()).isEqualTo(200);
            assertThat(Internals.of(emulator).oauth().address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void aFirewalledPortTimesOutOnIpv6LoopbackToo() throws Exception {
        try (Emulator emulator = Emulator.builder().scenario("office365").endpoints(Endpoint.SMTPS).identity(false)
                .start()) {
            int port = emulator.port(Endpoint.SMTPS);
            try (Socket socket = new Socket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(ipv6Loopback, port), 1_000))
                        .isInstanceOf(SocketTimeoutException.class);
            }
            emulator.scenario().use(Scenario.none());
            try (LineClient client = LineClient.connectTls(new InetSocketAddress(ipv6Loopback, port),
                    Internals.of(emulator).certificates().clientSslContext(), "smtp.office365.com")) {
                assertThat(client.readLine()).as("served on ::1 once the scenario stops firewalling it")
                        .startsWith("220 ");
            }
        }
    }

    @Test
    void anotherBindAddressGetsNoIpv6Twin() {
        try (Socket probe = new Socket()) {
            probe.bind(new InetSocketAddress("127.0.0.2", 0));
        } catch (java.io.IOException e) {
            assumeTrue(false, "cannot bind 127.0.0.2 here: " + e);
        }
        try (Emulator emulator = Emulator.builder().bindAddress("127.0.0.2").endpoints(Endpoint.IMAP)
                .identity(false).start()) {
            assertThat(emulator.ipv6LoopbackAddresses()).isEmpty();
        }
    }
}
