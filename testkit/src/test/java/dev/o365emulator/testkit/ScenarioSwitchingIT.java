package dev.o365emulator.testkit;

import static dev.o365emulator.testkit.O365Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@O365EmulatorTest(scenario = "generic")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenarioSwitchingIT {

    @Test
    @Order(1)
    void theClassScenarioServesPort465(O365Emulator emulator) throws IOException {
        assertThat(emulator.server().scenario().active().name()).isEqualTo("generic");
        assertThat(greeting(emulator, Endpoint.SMTPS)).startsWith("220 ");
    }

    @Test
    @Order(2)
    @Scenario("port-587-blocked")
    void aMethodScenarioAppliesForThatTestOnly(O365Emulator emulator) {
        assertThat(emulator.server().scenario().active().name()).isEqualTo("port-587-blocked");
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(emulator.host(), emulator.port(Endpoint.SUBMISSION)), 500);
            }
        }).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    @Order(3)
    void thePreviousScenarioIsBackAfterwards(O365Emulator emulator) throws IOException {
        assertThat(emulator.server().scenario().active().name()).isEqualTo("generic");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(emulator.host(), emulator.port(Endpoint.SUBMISSION)), 2000);
            s.setSoTimeout(5000);
            assertThat(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine()).startsWith("220 ");
        }
    }

    @Test
    @Order(4)
    @Scenario("scenarios/imap-busy-once.yaml")
    void aClassPathScenarioFileWorksAndItsRuleFiringsAreCounted(O365Emulator emulator) throws IOException {
        assertThat(greeting(emulator, Endpoint.IMAPS)).isEqualTo("* BYE Server Unavailable. 15");
        assertThat(greeting(emulator, Endpoint.IMAPS)).startsWith("* OK The Microsoft Exchange IMAP4 service is ready.");
        assertThat(emulator.sessions()).ruleFired("busy-once", 1);
        assertThatThrownBy(() -> assertThat(emulator.sessions()).ruleFired("busy-once", 2))
                .hasMessageContaining("Expected rule <busy-once> to fire 2 time(s) but it fired 1 time(s)");
    }

    @Test
    @Order(5)
    void aScenarioSwitchedWithUseScenarioDuringATest(O365Emulator emulator) {
        emulator.useScenario("port-587-blocked");
        assertThat(emulator.server().scenario().active().name()).isEqualTo("port-587-blocked");
    }

    @Test
    @Order(6)
    void isGoneInTheNextTestUnderResetBeforeEach(O365Emulator emulator) {
        assertThat(emulator.server().scenario().active().name()).isEqualTo("generic");
    }

    @Nested
    @Scenario("office365")
    class NestedClassScenario {

        @Test
        void appliesToTheNestedTestsAndIsRestoredAfterEach(O365Emulator emulator) {
            assertThat(emulator.server().scenario().active().name()).isEqualTo("office365");
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(emulator.host(), emulator.port(Endpoint.SMTPS)), 500);
                }
            }).isInstanceOf(SocketTimeoutException.class);
        }
    }

    private static String greeting(O365Emulator emulator, Endpoint endpoint) throws IOException {
        try (SSLSocket socket = (SSLSocket) emulator.trust().socketFactory().createSocket(emulator.host(),
                emulator.port(endpoint))) {
            socket.setSoTimeout(5000);
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }
}
