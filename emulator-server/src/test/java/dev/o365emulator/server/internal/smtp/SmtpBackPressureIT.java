package dev.o365emulator.server.internal.smtp;

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
 * A client that pipelines commands on port 25 and never reads the replies: the emulator stops reading
 * once the connection cannot take more output, so what it holds for the client stays bounded and the
 * client's sends block; meanwhile other clients are served, and once the client reads, every reply
 * arrives, in order.
 */
class SmtpBackPressureIT {

    /**
     * More than the socket buffers of both kernels can hold (the emulator's send buffer grows to 4 MiB
     * here): without back-pressure a client sends all of it.
     */
    private static final long FLOOD_LIMIT = 48L * 1024 * 1024;
    /** The channel's write buffer high-water mark (64 KiB) plus the replies written past it, with room to spare. */
    static final long OUTBOUND_BOUND = 256 * 1024;

    private static final ServerChannels channels = new ServerChannels();
    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SMTP))
            .sessions(Protocol.SMTP, channels.recording(SmtpSession::initialize));

    @Test
    void stopsReadingPipelinedCommandsWhileTheClientDoesNotReadThenAnswersThemAllInOrder() throws Exception {
        try (FloodClient flood = FloodClient.connect(emulator.address(Endpoint.SMTP))) {
            // EHLO's long reply fills the emulator's socket buffer quickly; NOOP between them shows the order.
            long sent = flood.sendUntilStalled(i -> i % 2 == 0 ? "EHLO flood.example" : "NOOP", FLOOD_LIMIT,
                    Duration.ofSeconds(1), () -> channels.isWaitingOnClient(0),
                    () -> assertThat(channels.pendingOutboundBytes(0))
                            .as("replies the emulator holds for a client that reads nothing").isLessThan(OUTBOUND_BOUND));

            assertThat(sent).as("bytes the emulator took from a client that reads nothing").isLessThan(FLOOD_LIMIT);

            try (LineClient other = LineClient.connect(emulator.address(Endpoint.SMTP), Duration.ofSeconds(30))) {
                assertThat(other.readSmtpReply().get(0)).startsWith("220 ");
                other.send("NOOP");
                assertThat(other.readSmtpReply()).containsExactly("250 2.0.0 OK");
                other.send("QUIT");
                assertThat(other.readSmtpReply().get(0)).startsWith("221 2.0.0");
            }

            long commands = flood.lineCount();
            long[] replies = {0};
            flood.readUntil(Duration.ofSeconds(60), line -> {
                if (line.startsWith("250-")) {
                    return false; // a line of EHLO's list
                }
                long n = replies[0]++;
                if (n == 0) {
                    assertThat(line).startsWith("220 ");
                } else if (n % 2 == 1) {
                    assertThat(line).as("reply %d, to EHLO", n).isEqualTo("250 SMTPUTF8");
                } else {
                    assertThat(line).as("reply %d, to NOOP", n).isEqualTo("250 2.0.0 OK");
                }
                return replies[0] == 1 + commands;
            });
            flood.send("QUIT");
            flood.readUntil(Duration.ofSeconds(10), line -> line.startsWith("221 2.0.0"));
        }
    }
}
