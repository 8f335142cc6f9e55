package dev.o365emulator.server;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded random garbage at every plain-text endpoint — binary noise, NULs, bare CRs and LFs,
 * over-long lines, half commands — must leave the emulator serving the next client normally.
 * Bounded: 64 KiB of garbage per endpoint, then one well-behaved client.
 */
class GarbageInputIT {

    private static final int GARBAGE_BYTES = 64 * 1024;
    private static final String[] FRAGMENTS = {"EHLO ", "MAIL FROM:<", "RCPT TO:<", "DATA", "BDAT 99999999 LAST",
        "AUTH LOGIN ", "a1 LOGIN ", "a2 APPEND INBOX {99999999}", "a3 FETCH 1:* (BODY[", "{5+}", "USER ", "PASS ",
        "RETR 0", "TOP 1 -1", "\r\n.\r\n", "\r", "\n", "\0", "\u00ff\u00fe", "*", "\"", "("};

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SMTP, Endpoint.SUBMISSION, Endpoint.IMAP, Endpoint.POP3));

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"SMTP", "SUBMISSION", "IMAP", "POP3"})
    void garbageNeverBreaksTheNextClient(Endpoint endpoint) throws IOException {
        SplittableRandom random = new SplittableRandom(endpoint.ordinal() * 7919L);
        try (Socket noisy = new Socket()) {
            noisy.connect(emulator.address(endpoint), 2000);
            noisy.setSoTimeout(2000);
            OutputStream out = noisy.getOutputStream();
            int sent = 0;
            while (sent < GARBAGE_BYTES) {
                byte[] chunk = random.nextInt(3) == 0 ? randomBytes(random, random.nextInt(1, 2048))
                        : FRAGMENTS[random.nextInt(FRAGMENTS.length)].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                try {
                    out.write(chunk);
                } catch (IOException closedByServer) {
                    break; // the server may hang up on a hopeless client; what matters is the next one
                }
                sent += chunk.length;
            }
        }
        try (LineClient client = LineClient.connect(emulator.address(endpoint))) {
            String greeting = client.readLine();
            switch (endpoint.protocol()) {
                case SMTP -> {
                    assertThat(greeting).startsWith("220 ");
                    client.send("NOOP");
                    assertThat(client.readLine()).startsWith("250 ");
                }
                case IMAP -> {
                    assertThat(greeting).startsWith("* OK ");
                    client.send("a1 NOOP");
                    assertThat(client.readLine()).isEqualTo("a1 OK NOOP completed.");
                }
                case POP3 -> {
                    assertThat(greeting).startsWith("+OK ");
                    client.send("CAPA");
                    assertThat(client.readUntil(".")).startsWith("+OK").contains("UIDL", "USER");
                }
            }
        }
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

}
