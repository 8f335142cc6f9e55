package dev.o365emulator.server.internal.pop3;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.Await;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that pipelines many RETRs and does not read: the emulator stops reading and answering
 * once the connection cannot take more, instead of queueing every message in memory, and answers
 * every RETR in full once the client reads.
 */
class Pop3BackPressureIT {

    private static final int MESSAGE_SIZE = 256 * 1024;
    private static final int RETRS = 300; // 75 MB of answers: far more than socket buffers hold

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.POP3S))
            .withoutReset();
    private static int storedSize;

    @BeforeAll
    static void start() {
        StringBuilder body = new StringBuilder("Subject: big\r\n\r\n");
        while (body.length() < MESSAGE_SIZE) {
            body.append("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n");
        }
        byte[] raw = body.toString().getBytes(StandardCharsets.US_ASCII);
        emulator.delivery().deliver(DefaultTenant.ALEX, raw);
        storedSize = emulator.store().mailbox(DefaultTenant.ALEX).orElseThrow().inbox().snapshot()
                .bySequence(1).orElseThrow().message().size();
    }

    @Test
    void stopsAnsweringPipelinedRetrsWhileTheClientDoesNotReadThenAnswersThemAll() throws IOException {
        Socket plain = new Socket();
        plain.setReceiveBufferSize(64 * 1024);
        plain.connect(emulator.address(Endpoint.POP3S), 2000);
        try (SSLSocket socket = (SSLSocket) emulator.certificates().clientSslContext().getSocketFactory()
                .createSocket(plain, "outlook.office365.com", plain.getPort(), true)) {
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = socket.getOutputStream();
            assertThat(readLine(in)).startsWith("+OK");
            send(out, "USER " + DefaultTenant.ALEX);
            assertThat(readLine(in)).startsWith("+OK");
            send(out, "PASS " + DefaultTenant.ALEX_PASSWORD);
            assertThat(readLine(in)).startsWith("+OK");

            send(out, "RETR 1\r\n".repeat(RETRS).stripTrailing());
            SessionRecord session = emulator.journal().sessions().get(0);
            Await.until("the first RETR to be answered", Duration.ofSeconds(10), () -> retrs(session) > 0);
            // Observe for a while without reading: the count must stay far below RETRS.
            long deadline = System.nanoTime() + Duration.ofMillis(800).toNanos();
            int most = 0;
            while (System.nanoTime() < deadline) {
                most = Math.max(most, retrs(session));
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            }
            assertThat(most).as("RETRs answered while the client read nothing").isLessThan(RETRS / 4);

            for (int i = 0; i < RETRS; i++) {
                assertThat(readLine(in)).startsWith("+OK");
                long bytes = 0;
                for (String line; !(line = readLine(in)).equals("."); ) {
                    bytes += line.length() + 2;
                }
                assertThat(bytes).isEqualTo(storedSize);
            }
            assertThat(retrs(session)).isEqualTo(RETRS);
        }
    }

    private static int retrs(SessionRecord session) {
        List<TranscriptLine> lines = session.transcript();
        return (int) lines.stream().filter(l -> l.toString().equals("C: RETR 1")).count();
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                return line.substring(0, Math.max(0, line.length() - (line.length() > 0
                        && line.charAt(line.length() - 1) == '\r' ? 1 : 0)));
            }
            line.append((char) c);
        }
        throw new IOException("connection closed");
    }
}
