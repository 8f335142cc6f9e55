package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Protocol;
import dev.o365emulator.server.testing.FloodClient;
import dev.o365emulator.server.testing.LineClient;
import dev.o365emulator.server.testing.ServerChannels;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A client that pipelines commands on port 110 without logging in and never reads the replies: the
 * emulator stops reading once the connection cannot take more output, so what it holds for the client
 * stays bounded and the client's sends block; meanwhile other clients are served, and once the client
 * reads, every reply arrives, in order. ({@link Pop3BackPressureIT} does the same with RETRs.)
 */
class Pop3PipeliningBackPressureIT {

    /** More than the socket buffers of both kernels can hold: without back-pressure a client sends all of it. */
    private static final long FLOOD_LIMIT = 48L * 1024 * 1024;
    /** The channel's write buffer high-water mark (64 KiB) plus the replies written past it, with room to spare. */
    private static final long OUTBOUND_BOUND = 256 * 1024;

    private static final ServerChannels channels = new ServerChannels();
    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.POP3))
            .sessions(Protocol.POP3, channels.recording(Pop3Session.initializer()));

    @Test
    void stopsReadingPipelinedCommandsWhileTheClientDoesNotReadThenAnswersThemAllInOrder() throws Exception {
        try (FloodClient flood = FloodClient.connect(emulator.address(Endpoint.POP3))) {
            // CAPA's multi-line reply fills the emulator's socket buffer; NOOP (refused before login) between
            // them shows the order.
            long sent = flood.sendUntilStalled(i -> i % 2 == 0 ? "CAPA" : "NOOP", FLOOD_LIMIT, Duration.ofSeconds(1),
                    () -> channels.isWaitingOnClient(0),
                    () -> assertThat(channels.pendingOutboundBytes(0))
                            .as("replies the emulator holds for a client that reads nothing").isLessThan(OUTBOUND_BOUND));

            assertThat(sent).as("bytes the emulator took from a client that reads nothing").isLessThan(FLOOD_LIMIT);

            try (LineClient other = LineClient.connect(emulator.address(Endpoint.POP3), Duration.ofSeconds(30))) {
                assertThat(other.readLine()).startsWith("+OK ");
                other.send("QUIT");
                assertThat(other.readLine()).isEqualTo("+OK " + Pop3Session.SIGN_OFF);
            }

            long commands = flood.lineCount();
            long[] replies = {0};
            boolean[] inCapa = {false};
            boolean[] greeted = {false};
            flood.readUntil(Duration.ofSeconds(60), line -> {
                if (!greeted[0]) {
                    assertThat(line).startsWith("+OK ");
                    greeted[0] = true;
                    return false;
                }
                if (inCapa[0]) {
                    if (line.equals(".")) {
                        inCapa[0] = false;
                        return ++replies[0] == commands;
                    }
                    return false;
                }
                if (replies[0] % 2 == 0) {
                    assertThat(line).as("reply %d, to CAPA", replies[0]).isEqualTo("+OK");
                    inCapa[0] = true;
                    return false;
                }
                assertThat(line).as("reply %d, to NOOP", replies[0]).isEqualTo("-ERR " + Pop3Session.INVALID_STATE);
                return ++replies[0] == commands;
            });
            flood.send("QUIT");
            flood.readUntil(Duration.ofSeconds(10), line -> line.equals("+OK " + Pop3Session.SIGN_OFF));
        }
    }
}
