package dev.o365emulator.server;

import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.certs.CertificateBundle;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.journal.TranscriptLine;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmulatorIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.defaults();
    private static SSLContext trust;

    @BeforeAll
    static void start() {
        trust = emulator.certificates().clientSslContext();
    }

    @Test
    void startsTheSevenEndpointsOnByDefaultOnDistinctLoopbackPorts() {
        assertThat(emulator.endpoints()).hasSize(7).allMatch(Endpoint::onByDefault).doesNotContain(Endpoint.HVE);
        Set<Integer> ports = emulator.endpoints().stream().map(emulator::port).collect(Collectors.toSet());
        assertThat(ports).hasSize(7).allSatisfy(p -> assertThat(p).isPositive());
        assertThat(emulator.address(Endpoint.IMAPS).getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void submissionOffersStartTlsInPlainTextAndAuthOnlyAfterTheUpgrade() throws IOException {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SUBMISSION))) {
            String banner = client.readLine();
            assertThat(banner).matches("220 [A-Z0-9]+\\.outlook\\.office365\\.com Microsoft ESMTP MAIL Service ready at "
                    + "[A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000 \\[[0-9A-F]{16}]");
            client.send("EHLO client.example");
            List<String> before = client.readSmtpReply();
            assertThat(before).containsExactly(
                    "250-" + emulator.identity().bannerHost() + " Hello [127.0.0.1]",
                    "250-SIZE 157286400", "250-PIPELINING", "250-DSN", "250-ENHANCEDSTATUSCODES", "250-STARTTLS",
                    "250-8BITMIME", "250-BINARYMIME", "250-CHUNKING", "250 SMTPUTF8");

            client.send("STARTTLS");
            assertThat(client.readLine()).isEqualTo("220 2.0.0 SMTP server ready");
            client.startTls(trust, "smtp.office365.com");
            client.send("EHLO client.example");
            List<String> after = client.readSmtpReply();
            assertThat(after).contains("250-AUTH LOGIN XOAUTH2").doesNotContain("250-STARTTLS");
            assertThat(after.indexOf("250-AUTH LOGIN XOAUTH2")).isEqualTo(before.indexOf("250-STARTTLS"));
            client.send("QUIT");
            assertThat(client.readLine()).isEqualTo("221 2.0.0 Service closing transmission channel");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void port465IsNotServedByDefaultAsOnOffice365() throws IOException {
        java.net.Socket probe = new java.net.Socket();
        try (probe) {
            // The default scenario is office365: 465 is firewalled, so the connect times out.
            assertThatThrownBy(() -> probe.connect(emulator.address(Endpoint.SMTPS), 500))
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
        assertThat(emulator.scenario().name()).isEqualTo("office365");
    }

    @Test
    void startTlsBeforeEhloIsRefusedWithOffice365Text() throws IOException {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SMTP))) {
            client.readLine();
            client.send("STARTTLS");
            // Port 25 presents the tenant MX's identity (see SmtpSession), so its trailer names the EOP host.
            assertThat(client.readLine()).matches("503 5\\.5\\.2 Send hello first \\[" + emulator.identity().mxFqdn()
                    .replace(".", "\\.") + " \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z [0-9A-F]{16}]");
        }
    }

    @Test
    void discardsAndRecordsCommandsPipelinedAfterStartTls() throws IOException {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SUBMISSION))) {
            client.readLine();
            client.send("EHLO client.example");
            client.readSmtpReply();
            // An attacker in the middle appends a command to the plain-text STARTTLS (CVE-2011-0411).
            client.sendRaw("STARTTLS\r\nRSET\r\n");
            assertThat(client.readLine()).isEqualTo("220 2.0.0 SMTP server ready");
            client.startTls(trust, "smtp.office365.com");
            // The injected RSET must not be answered under TLS: the first reply is to our NOOP.
            client.send("NOOP");
            assertThat(client.readLine()).isEqualTo("250 2.0.0 OK");
        }
        SessionRecord record = lastSession(Endpoint.SUBMISSION);
        assertThat(record.protocolErrors()).containsExactly("6 bytes pipelined after the TLS upgrade command were discarded");
        assertThat(record.transcript()).extracting(TranscriptLine::text).doesNotContain("RSET");
    }

    @Test
    void imapsGreetsUnderImplicitTlsAndVerifiesAsOutlook() throws IOException {
        try (LineClient client = LineClient.connectTls(emulator.address(Endpoint.IMAPS), trust, "outlook.office365.com")) {
            assertThat(client.readLine()).isEqualTo("* OK The Microsoft Exchange IMAP4 service is ready. ["
                    + emulator.identity().greetingBlob() + "]");
            client.send("a1 CAPABILITY");
            assertThat(client.readUntil("a1 ")).containsExactly(
                    "* CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2 SASL-IR UIDPLUS ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+",
                    "a1 OK CAPABILITY completed.");
            assertThat(client.tlsSocket().getSession().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
            client.send("a2 LOGOUT");
            assertThat(client.readUntil("a2 ")).containsExactly(
                    "* BYE Microsoft Exchange Server IMAP4 server signing off.", "a2 OK LOGOUT completed.");
        }
        SessionRecord record = lastSession(Endpoint.IMAPS);
        Await.until("the IMAPS session to close", Duration.ofSeconds(5), () -> record.end().isPresent());
        assertThat(record.tls()).hasValueSatisfying(tls -> {
            assertThat(tls.isAtLeastTls12()).isTrue();
            assertThat(tls.serverName()).contains("outlook.office365.com");
            assertThat(tls.cipherSuite()).startsWith("TLS_");
        });
    }

    @Test
    void imapOn143AdvertisesLoginDisabledUntilStartTls() throws IOException {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.IMAP))) {
            client.readLine();
            client.send("a1 CAPABILITY");
            assertThat(client.readLine()).isEqualTo(
                    "* CAPABILITY IMAP4 IMAP4rev1 LOGINDISABLED STARTTLS UIDPLUS MOVE ID CHILDREN IDLE NAMESPACE LITERAL+");
            client.readLine();
            client.send("a2 STARTTLS");
            assertThat(client.readLine()).isEqualTo("a2 OK Begin TLS negotiation now.");
            client.startTls(trust, "outlook.office365.com");
            client.send("a3 CAPABILITY");
            assertThat(client.readLine()).contains("AUTH=PLAIN AUTH=XOAUTH2").doesNotContain("STARTTLS", "LOGINDISABLED");
        }
    }

    @Test
    void pop3OffersStlsOnlyBeforeTheUpgrade() throws IOException {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.POP3))) {
            assertThat(client.readLine()).isEqualTo("+OK The Microsoft Exchange POP3 service is ready. ["
                    + emulator.identity().greetingBlob() + "]");
            client.send("CAPA");
            assertThat(client.readUntil(".")).containsExactly("+OK", "TOP", "UIDL", "SASL PLAIN XOAUTH2", "USER", "STLS", ".");
            client.send("STLS");
            assertThat(client.readLine()).startsWith("+OK");
            client.startTls(trust, "outlook.office365.com");
            client.send("CAPA");
            assertThat(client.readUntil(".")).containsExactly("+OK", "TOP", "UIDL", "SASL PLAIN XOAUTH2", "USER", ".");
            client.send("QUIT");
            assertThat(client.readLine()).isEqualTo("+OK Microsoft Exchange Server POP3 server signing off.");
        }
    }

    @Test
    void pop3sRefusesAClientThatDoesNotTrustTheCa() throws Exception {
        SSLContext trustNothing = SSLContext.getInstance("TLS");
        trustNothing.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                throw new java.security.cert.CertificateException("not trusted");
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        assertThatThrownBy(() -> LineClient.connectTls(emulator.address(Endpoint.POP3S), trustNothing, "outlook.office365.com"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void hostNameVerificationFailsForNamesOutsideTheCertificate() {
        assertThatThrownBy(() -> LineClient.connectTls(emulator.address(Endpoint.IMAPS), trust, "imap.gmail.com"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void journalMasksPasswordsOnTheWire() throws IOException {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.POP3))) {
            client.readLine();
            client.send("USER adele@contoso.com");
            client.readLine();
            client.send("PASS s3cret with spaces");
            client.readLine();
        }
        SessionRecord record = lastSession(Endpoint.POP3);
        assertThat(record.transcript()).extracting(TranscriptLine::toString)
                .contains("C: USER adele@contoso.com", "C: PASS ****")
                .noneMatch(line -> line.contains("s3cret"));
    }

    @Test
    void overlongCommandLineIsAnsweredAndTheSessionGoesOn() throws IOException {
        try (LineClient client = LineClient.connect(emulator.address(Endpoint.SUBMISSION))) {
            client.readLine();
            client.send("NOOP " + "x".repeat(10_000));
            assertThat(client.readLine()).startsWith("500 5.5.2");
            client.send("NOOP");
            assertThat(client.readLine()).isEqualTo("250 2.0.0 OK");
        }
    }

    @Test
    void failsToStartWhenAPortIsTakenAndLeavesNothingRunning() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int offset = taken.getLocalPort() - Endpoint.SUBMISSION.standardPort();
            assertThatThrownBy(() -> Emulator.builder().ports(PortPlan.offset(offset))
                    .endpoints(Endpoint.SUBMISSION).start())
                    .isInstanceOfSatisfying(EmulatorStartException.class, e -> {
                        assertThat(e.isBindFailure()).isTrue();
                        assertThat(e.endpoint()).contains(Endpoint.SUBMISSION);
                        assertThat(e.getMessage()).contains("submission", String.valueOf(taken.getLocalPort()));
                    });
        }
    }

    @Test
    void offsetPlanBindsEachStandardPortPlusTheOffset() throws IOException {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            free = probe.getLocalPort();
        }
        int offset = free - Endpoint.IMAPS.standardPort();
        try (Emulator shifted = Emulator.builder().ports(PortPlan.offset(offset)).endpoints(Endpoint.IMAPS).start()) {
            assertThat(shifted.port(Endpoint.IMAPS)).isEqualTo(free);
            assertThat(shifted.endpoints()).containsExactly(Endpoint.IMAPS);
            assertThatThrownBy(() -> shifted.port(Endpoint.POP3S)).hasMessageContaining("pop3s is not started");
        }
    }

    @Test
    void closeIsIdempotentAndEndsEveryThreadAndConnection() throws IOException {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Emulator own = Emulator.builder().start();
        LineClient client = LineClient.connect(own.address(Endpoint.SMTP));
        client.readLine();
        own.close();
        own.close();
        assertThat(own.isRunning()).isFalse();
        assertThat(client.isClosedByServer()).isTrue();
        client.close();
        Await.until("the emulator's I/O threads to end", Duration.ofSeconds(5), () -> Thread.getAllStackTraces().keySet()
                .stream().noneMatch(t -> t.getName().startsWith("o365-emulator-io") && !before.contains(t)));
    }

    @Test
    void dataDirectoryCertificatesAreReusedAcrossStarts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        byte[] first;
        try (Emulator a = Emulator.builder().dataDirectory(dir).endpoints(Endpoint.IMAPS).start()) {
            first = Internals.of(a).certificates().caCertificate().getEncoded();
        }
        try (Emulator b = Emulator.builder().dataDirectory(dir).endpoints(Endpoint.IMAPS).start()) {
            assertThat(Internals.of(b).certificates().caCertificate().getEncoded()).isEqualTo(first);
            try (LineClient client = LineClient.connectTls(b.address(Endpoint.IMAPS), Internals.of(b).certificates().clientSslContext(),
                    "outlook.office365.com")) {
                assertThat(client.readLine()).startsWith("* OK The Microsoft Exchange IMAP4 service is ready.");
            }
        }
    }

    private static SessionRecord lastSession(Endpoint endpoint) {
        List<SessionRecord> sessions = emulator.journal().sessions(s -> s.endpoint() == endpoint);
        assertThat(sessions).isNotEmpty();
        return sessions.get(sessions.size() - 1);
    }
}
