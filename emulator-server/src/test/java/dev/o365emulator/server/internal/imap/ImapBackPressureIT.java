package dev.o365emulator.server.internal.imap;

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
 * A client that pipelines commands on port 143 and never reads the replies: the emulator stops reading
 * once the connection cannot take more output (not only during a FETCH), so what it holds for the
 * client stays bounded and the client's sends block; meanwhile other clients are served, and once the
 * client reads, every reply arrives, in order.
 */
class ImapBackPressureIT {

    /** More than the socket buffers of both kernels can hold: without back-pressure a client sends all of it. */
    private static final long FLOOD_LIMIT = 48L * 1024 * 1024;
    /** The channel's write buffer high-water mark (64 KiB) plus the replies written past it, with room to spare. */
    private static final long OUTBOUND_BOUND = 256 * 1024;

    private static final ServerChannels channels = new ServerChannels();
    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.IMAP))
            .sessions(Protocol.IMAP, channels.recording(ImapSession::initialize));

    @Test
    void stopsReadingPipelinedCommandsWhileTheClientDoesNotReadThenAnswersThemAllInOrder() throws Exception {
        try (FloodClient flood = FloodClient.connect(emulator.address(Endpoint.IMAP))) {
            // CAPABILITY's long reply fills the emulator's socket buffer quickly; the tags show the order.
            long sent = flood.sendUntilStalled(i -> "a" + i + " CAPABILITY", FLOOD_LIMIT, Duration.ofSeconds(1),
                    () -> channels.isWaitingOnClient(0),
                    () -> assertThat(channels.pendingOutboundBytes(0))
                            .as("replies the emulator holds for a client that reads nothing").isLessThan(OUTBOUND_BOUND));

            assertThat(sent).as("bytes the emulator took from a client that reads nothing").isLessThan(FLOOD_LIMIT);

            try (LineClient other = LineClient.connect(emulator.address(Endpoint.IMAP), Duration.ofSeconds(30))) {
                assertThat(other.readLine()).startsWith("* OK ");
                other.send("b1 NOOP");
                assertThat(other.readLine()).isEqualTo("b1 OK NOOP completed.");
                other.send("b2 LOGOUT");
                assertThat(other.readUntil("b2 ")).last().isEqualTo("b2 OK LOGOUT completed.");
            }

            long commands = flood.lineCount();
            long[] tagged = {0};
            boolean[] greeted = {false};
            flood.readUntil(Duration.ofSeconds(60), line -> {
                if (!greeted[0]) {
                    assertThat(line).startsWith("* OK ");
                    greeted[0] = true;
                    return false;
                }
                if (line.startsWith("* CAPABILITY ")) {
                    return false;
                }
                assertThat(line).isEqualTo("a" + tagged[0] + " OK CAPABILITY completed.");
                return ++tagged[0] == commands;
            });
            flood.send("z LOGOUT");
            flood.readUntil(Duration.ofSeconds(10), line -> line.equals("z OK LOGOUT completed."));
        }
    }
}
