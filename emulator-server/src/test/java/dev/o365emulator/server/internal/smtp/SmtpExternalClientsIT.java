package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.store.SpecialUse;
import dev.o365emulator.server.testing.ExternalClient;
import dev.o365emulator.server.testing.ExternalClient.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl's {@code smtp://} and Python's {@code smtplib} against the submission endpoint, successes and refusals. */
class SmtpExternalClientsIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SUBMISSION));
    private static String ca;

    @BeforeAll
    static void start() {
        ca = emulator.certificates().caPem().toString();
    }

    @Test
    void curlSubmitsOverStartTlsWithLogin(@TempDir Path dir) throws Exception {
        Result result = curl(dir, "adele@contoso.com:Passw0rd!adele", "adele@contoso.com", "Hello from curl.");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("< 235 2.7.0 Authentication successful")
                .containsPattern("< 250 2\\.0\\.0 OK <[^>]+> \\[Hostname=");
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
        assertThat(emulator.store().open("adele@contoso.com").folder(SpecialUse.SENT).exists()).isEqualTo(1);
    }

    @Test
    void curlReportsTheTenantWideSmtpAuthSwitch(@TempDir Path dir) throws Exception {
        emulator.tenant().update(t -> t.smtpClientAuthenticationDisabled(true));
        Result result = curl(dir, "adele@contoso.com:Passw0rd!adele", "adele@contoso.com", "x");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(67); // CURLE_LOGIN_DENIED
        assertThat(result.output()).contains("< 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is"
                + " disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [");
    }

    @Test
    void curlReportsSendAsDeniedAfterTheBody(@TempDir Path dir) throws Exception {
        Result result = curl(dir, "adele@contoso.com:Passw0rd!adele", "megan@contoso.com", "x");
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("< 554 5.2.252 SendAsDenied; adele@contoso.com not allowed to send as"
                + " megan@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied;");
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isZero();
    }

    @Test
    void pythonSmtplibLogsInAndSendsAMessage() throws Exception {
        Result result = python("adele@contoso.com", "Passw0rd!adele", "adele@contoso.com", true);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("sent {}");
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
    }

    @Test
    void pythonSmtplibSeesTheWrongPasswordAsSmtpAuthenticationError() throws Exception {
        Result result = python("adele@contoso.com", "wrong", "adele@contoso.com", true);
        assertThat(result.output()).contains("SMTPAuthenticationError 535 5.7.3 Authentication unsuccessful ["
                + emulator.identity().fqdn());
    }

    @Test
    void pythonSmtplibSeesSendAsDeniedAsSmtpDataError() throws Exception {
        Result result = python("adele@contoso.com", "Passw0rd!adele", "info@contoso.com", true);
        assertThat(result.output()).as("SendAs grant on info@").contains("sent {}");
        result = python("adele@contoso.com", "Passw0rd!adele", "alex@contoso.com", true);
        assertThat(result.output()).contains("SMTPDataError 554 5.2.252 SendAsDenied; adele@contoso.com not allowed to"
                + " send as alex@contoso.com;");
    }

    @Test
    void pythonSmtplibWithoutStartTlsIsToldTlsIsRequired() throws Exception {
        Result result = python("adele@contoso.com", "Passw0rd!adele", "adele@contoso.com", false);
        assertThat(result.output()).contains("SMTPSenderRefused 451 5.7.3 STARTTLS is required to send mail ["
                + emulator.identity().fqdn());
    }

    private Result curl(Path dir, String user, String from, String body) throws Exception {
        ExternalClient.assumeInstalled("curl");
        Path message = dir.resolve("message.eml");
        Files.writeString(message, "From: " + from + "\r\nTo: alex@contoso.com\r\nSubject: curl\r\n\r\n" + body + "\r\n",
                StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("curl", "-v", "-sS", "--ssl-reqd", "--cacert", ca,
                "--max-time", "20", "smtp://127.0.0.1:" + emulator.port(Endpoint.SUBMISSION),
                "--mail-from", from, "--mail-rcpt", "alex@contoso.com", "--upload-file", message.toString(),
                "--user", user));
        return ExternalClient.run(command, "");
    }

    private Result python(String user, String password, String from, boolean startTls) throws Exception {
        ExternalClient.assumeInstalled("python3");
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "from email.message import EmailMessage",
                "host, port, ca, user, password, sender, tls = sys.argv[1:8]",
                "m = EmailMessage()",
                "m['From'] = sender",
                "m['To'] = 'alex@contoso.com'",
                "m['Subject'] = 'from smtplib'",
                "m.set_content('Hello from Python.\\n.leading dot\\n')",
                "try:",
                "    s = smtplib.SMTP(host, int(port), timeout=10)",
                "    if tls == 'yes':",
                "        s.starttls(context=ssl.create_default_context(cafile=ca))",
                "        s.login(user, password)",
                "    print('sent', s.send_message(m))",
                "    s.quit()",
                "except smtplib.SMTPResponseException as e:",
                "    print(type(e).__name__, e.smtp_code, e.smtp_error.decode())",
                "except smtplib.SMTPRecipientsRefused as e:",
                "    print(type(e).__name__, e.recipients)");
        return ExternalClient.run(List.of("python3", "-c", script, "127.0.0.1",
                String.valueOf(emulator.port(Endpoint.SUBMISSION)), ca, user, password, from, startTls ? "yes" : "no"), "");
    }
}
