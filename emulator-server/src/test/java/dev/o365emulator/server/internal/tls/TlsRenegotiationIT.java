package dev.o365emulator.server.internal.tls;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.ExternalClient;
import dev.o365emulator.server.testing.LineClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Client-initiated TLS renegotiation is refused (the connection ends), on implicit TLS and after
 * STARTTLS, while ordinary TLS 1.2 and TLS 1.3 clients (key updates included) are served.
 */
class TlsRenegotiationIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.scenario(Scenario.none()));

    @Test
    void aTls12RenegotiationOnImapsEndsTheConnection() throws Exception {
        try (SSLSocket tls = connect(Endpoint.IMAPS, "TLSv1.2")) {
            BufferedReader in = reader(tls);
            assertThat(in.readLine()).startsWith("* OK The Microsoft Exchange IMAP4 service is ready.");
            send(tls, "a1 NOOP");
            assertThat(in.readLine()).isEqualTo("a1 OK NOOP completed.");

            tls.startHandshake();
            assertNotAnswered(tls, in, "a2 NOOP");
        }
        assertRefusalRecorded(Endpoint.IMAPS);
    }

    @Test
    void aTls12RenegotiationAfterStartTlsEndsTheConnection() throws Exception {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SUBMISSION))) {
            client.readSmtpReply();
            client.send("EHLO client.example");
            client.readSmtpReply();
            client.send("STARTTLS");
            assertThat(client.readSmtpReply().get(0)).startsWith("220 2.0.0");
            client.startTls(tls12Only(), "smtp.office365.com");
            SSLSocket tls = client.tlsSocket();
            assertThat(tls.getSession().getProtocol()).isEqualTo("TLSv1.2");
            client.send("EHLO client.example");
            assertThat(client.readSmtpReply()).anyMatch(line -> line.contains("AUTH LOGIN XOAUTH2"));

            tls.startHandshake();
            assertNotAnswered(tls, reader(tls), "NOOP");
        }
        assertRefusalRecorded(Endpoint.SUBMISSION);
    }

    @Test
    void ordinaryTls12AndTls13ClientsAreServedAndATls13KeyUpdateIsNotARenegotiation() throws Exception {
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            try (SSLSocket tls = connect(Endpoint.POP3S, protocol)) {
                BufferedReader in = reader(tls);
                assertThat(in.readLine()).startsWith("+OK The Microsoft Exchange POP3 service is ready.");
                assertThat(tls.getSession().getProtocol()).isEqualTo(protocol);
                send(tls, "CAPA");
                assertThat(in.readLine()).isEqualTo("+OK");
                while (!".".equals(in.readLine())) {
                    // the capability list
                }
                if (protocol.equals("TLSv1.3")) {
                    tls.startHandshake(); // a KeyUpdate in TLS 1.3, which has no renegotiation
                }
                send(tls, "CAPA");
                assertThat(in.readLine()).as(protocol).isEqualTo("+OK");
            }
        }
    }

    @Test
    void opensslRenegotiateCommandIsRefused() throws Exception {
        ExternalClient.assumeInstalled("openssl");
        // Interactive s_client (no -quiet, no -ign_eof) takes "R" typed on a line of its own as "renegotiate",
        // so the lines are fed one at a time, each after the previous one's effect was seen.
        Process process = new ProcessBuilder("openssl", "s_client", "-connect",
                "127.0.0.1:" + emulator.port(Endpoint.IMAPS), "-servername", "outlook.office365.com",
                "-CAfile", emulator.certificates().caPem().toString(), "-tls1_2", "-crlf")
                .redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                }
            } catch (IOException ended) {
                // the process is gone
            }
        });
        reader.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("a1 NOOP\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            Await.until("the NOOP answered", Duration.ofSeconds(10),
                    () -> output.indexOf("a1 OK NOOP completed.") >= 0);
            stdin.write("R\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            // Had the server renegotiated, s_client would wait for the next line with the connection open.
            Await.until("s_client to end because the server closed the connection", Duration.ofSeconds(10),
                    () -> !process.isAlive());
        } finally {
            process.destroyForcibly();
            reader.join(5_000);
        }
        assertThat(output.toString()).contains("RENEGOTIATING");
        assertRefusalRecorded(Endpoint.IMAPS);
    }

    private static void assertNotAnswered(SSLSocket tls, BufferedReader in, String command) {
        String answer;
        try {
            send(tls, command);
            answer = in.readLine();
        } catch (IOException closed) {
            answer = null; // the server's close reaches the client as an alert or a reset
        }
        assertThat(answer).as("the reply to " + command + " after renegotiating").isNull();
    }

    private static void assertRefusalRecorded(Endpoint endpoint) {
        Await.until("the refusal in the journal", Duration.ofSeconds(5), () -> emulator.journal()
                .sessions(s -> s.endpoint() == endpoint).stream().map(SessionRecord::protocolErrors)
                .anyMatch(errors -> errors.contains(RenegotiationRefusingSslHandler.REFUSED)));
    }

    private static SSLSocket connect(Endpoint endpoint, String protocol) throws IOException {
        SSLSocket tls = (SSLSocket) (protocol.equals("TLSv1.2") ? tls12Only()
                : emulator.certificates().clientSslContext()).getSocketFactory()
                .createSocket("127.0.0.1", emulator.port(endpoint));
        tls.setEnabledProtocols(new String[] {protocol});
        tls.setSoTimeout(5_000);
        tls.startHandshake();
        return tls;
    }

    /** A client context that offers TLS 1.2 only, so that a second handshake is a renegotiation. */
    private static SSLContext tls12Only() {
        try {
            // A "TLSv1.2" context's clients offer nothing newer (1.0 and 1.1 are disabled in the JDK).
            SSLContext context = SSLContext.getInstance("TLSv1.2");
            context.init(null, emulator.certificates().trustManagerFactory().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BufferedReader reader(SSLSocket tls) throws IOException {
        return new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void send(SSLSocket tls, String line) throws IOException {
        OutputStream out = tls.getOutputStream();
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
