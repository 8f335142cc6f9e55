package dev.o365emulator.server;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.scenarios.Scenario;
import dev.o365emulator.server.testing.ExternalClient;
import dev.o365emulator.server.testing.ExternalClient.Result;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real clients verify the emulator's certificates the way they verify Office 365's: openssl
 * (implicit TLS and every STARTTLS flavour), Python's smtplib and Angus Mail.
 */
class RealClientTlsIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.scenario(Scenario.none()));
    private static String ca;

    @BeforeAll
    static void start() {
        // Serves 465 with Office 365's dialogue (generic would add AUTH PLAIN to the EHLO list).
        ca = emulator.certificates().caPem().toString();
    }

    @Test
    void opensslVerifiesImapsAsOutlookOffice365() throws Exception {
        ExternalClient.assumeInstalled("openssl");
        // -ign_eof keeps s_client reading until the server closes after LOGOUT.
        Result result = ExternalClient.run(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + emulator.port(Endpoint.IMAPS), "-servername", "outlook.office365.com",
                "-verify_hostname", "outlook.office365.com", "-CAfile", ca, "-verify_return_error", "-brief",
                "-crlf", "-ign_eof"), "a1 LOGOUT\n");
        assertVerified(result);
        assertThat(result.output()).contains("* OK The Microsoft Exchange IMAP4 service is ready.",
                "* BYE Microsoft Exchange Server IMAP4 server signing off.", "a1 OK LOGOUT completed.");
    }

    @Test
    void opensslVerifiesSubmissionStartTlsAsSmtpOffice365() throws Exception {
        assertVerified(openssl(Endpoint.SUBMISSION, "smtp.office365.com", "-starttls", "smtp"));
    }

    @Test
    void opensslVerifiesImapStartTlsAndPop3Stls() throws Exception {
        assertVerified(openssl(Endpoint.IMAP, "outlook.office365.com", "-starttls", "imap"));
        assertVerified(openssl(Endpoint.POP3, "outlook.office365.com", "-starttls", "pop3"));
        assertVerified(openssl(Endpoint.POP3S, "outlook.office365.com"));
        assertVerified(openssl(Endpoint.SMTPS, "smtp.office365.com"));
    }

    @Test
    void opensslRejectsANameTheCertificateDoesNotCover() throws Exception {
        Result result = openssl(Endpoint.IMAPS, "imap.gmail.com");
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("hostname mismatch");
    }

    @Test
    void pythonSmtplibUpgradesWithStartTlsAndThenSeesAuth() throws Exception {
        ExternalClient.assumeInstalled("python3");
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "ctx = ssl.create_default_context(cafile=sys.argv[3])",
                "s = smtplib.SMTP(sys.argv[1], int(sys.argv[2]), timeout=10)",
                "s.ehlo()",
                "print('before', sorted(s.esmtp_features))",
                "s.starttls(context=ctx)",
                "s.ehlo()",
                "print('after', sorted(s.esmtp_features), s.esmtp_features['auth'].strip())",
                "print('tls', s.sock.version())",
                "s.quit()");
        Result result = ExternalClient.run(List.of("python3", "-c", script, "127.0.0.1",
                String.valueOf(emulator.port(Endpoint.SUBMISSION)), ca), "");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("before ['8bitmime', 'binarymime', 'chunking', 'dsn', 'enhancedstatuscodes', 'pipelining', "
                        + "'size', 'smtputf8', 'starttls']")
                .contains("after ['8bitmime', 'auth', 'binarymime', 'chunking', 'dsn', 'enhancedstatuscodes', "
                        + "'pipelining', 'size', 'smtputf8'] LOGIN XOAUTH2")
                .containsPattern("tls TLSv1\\.[23]");
    }

    @Test
    void angusMailRequiresStartTlsAndVerifiesTheServerIdentity() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(emulator.port(Endpoint.SUBMISSION)));
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        props.put("mail.smtp.ssl.socketFactory", emulator.certificates().clientSslContext().getSocketFactory());
        props.put("mail.smtp.connectiontimeout", "5000");
        props.put("mail.smtp.timeout", "5000");
        Session session = Session.getInstance(props);
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            SMTPTransport smtp = (SMTPTransport) transport;
            assertThat(smtp.getExtensionParameter("AUTH")).isEqualTo("LOGIN XOAUTH2");
            assertThat(smtp.supportsExtension("STARTTLS")).isFalse();
            assertThat(smtp.getLastServerResponse()).contains("SMTPUTF8");
        }
    }

    private static Result openssl(Endpoint endpoint, String name, String... extra) throws Exception {
        ExternalClient.assumeInstalled("openssl");
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client",
                "-connect", "127.0.0.1:" + emulator.port(endpoint), "-servername", name, "-verify_hostname", name,
                "-CAfile", ca, "-verify_return_error", "-brief"));
        command.addAll(List.of(extra));
        return ExternalClient.run(command, "");
    }

    private static void assertVerified(Result result) {
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Verification: OK");
    }
}
