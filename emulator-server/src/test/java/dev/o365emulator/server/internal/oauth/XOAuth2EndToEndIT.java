package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.UserNamePasswordParameters;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.ExternalClient.Result;
import dev.o365emulator.server.testing.ExternalClient;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.o365emulator.server.internal.oauth.XOAuth2Clients.firstSubject;
import static dev.o365emulator.server.internal.oauth.XOAuth2Clients.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OAuth end to end with real clients: MSAL4J gets a token from the emulator's authority (client
 * credentials, username/password), Angus Mail sends with it over SMTP 587 (STARTTLS) and reads the
 * message back over IMAP 993 and POP3 995 with XOAUTH2; Python's smtplib, imaplib and poplib do the same.
 */
class XOAuth2EndToEndIT {

    private static final String ADELE = DefaultTenant.ADELE;
    private static final String MEGAN = DefaultTenant.MEGAN;
    private static final String RESOURCE = "https://outlook.office.com/";

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SUBMISSION, Endpoint.IMAPS, Endpoint.POP3S));
    private static SSLSocketFactory trust;

    @BeforeAll
    static void start() {
        trust = emulator.certificates().clientSslContext().getSocketFactory();
    }

    private static String appToken() throws Exception {
        ConfidentialClientApplication app = ConfidentialClientApplication.builder(DefaultTenant.APP_CLIENT_ID,
                        ClientCredentialFactory.createFromSecret(DefaultTenant.APP_SECRET))
                .authority(emulator.oauth().authority() + "/")
                .validateAuthority(false)
                .instanceDiscovery(false)
                .sslSocketFactory(trust)
                .build();
        return app.acquireToken(ClientCredentialParameters.builder(Set.of("https://outlook.office365.com/.default"))
                .build()).get(30, TimeUnit.SECONDS).accessToken();
    }

    private static String userToken(String user, String password) throws Exception {
        PublicClientApplication app = PublicClientApplication.builder(DefaultTenant.APP_CLIENT_ID)
                .authority(emulator.oauth().authority() + "/")
                .validateAuthority(false)
                .instanceDiscovery(false)
                .sslSocketFactory(trust)
                .build();
        Set<String> scopes = Set.of(RESOURCE + "IMAP.AccessAsUser.All", RESOURCE + "POP.AccessAsUser.All",
                RESOURCE + "SMTP.Send", "offline_access");
        return app.acquireToken(UserNamePasswordParameters.builder(scopes, user, password.toCharArray()).build())
                .get(30, TimeUnit.SECONDS).accessToken();
    }

    @Test
    void anAppOnlyTokenFromMsalSendsAsAMailboxAndReadsItOverImapAndPop3() throws Exception {
        String token = appToken();
        send(emulator, MEGAN, token, MEGAN, "app-only over 587");

        assertThat(firstSubject(emulator, "imaps", MEGAN, token)).isEqualTo("app-only over 587");
        assertThat(firstSubject(emulator, "pop3s", MEGAN, token)).isEqualTo("app-only over 587");
        assertThat(emulator.journal().sessions()).filteredOn(s -> s.user().isPresent())
                .extracting(SessionRecord::mechanism).allSatisfy(m -> assertThat(m).contains("XOAUTH2"));
    }

    @Test
    void aUserTokenFromMsalUsernamePasswordSendsAndReadsBack() throws Exception {
        String token = userToken(ADELE, DefaultTenant.ADELE_PASSWORD);
        send(emulator, ADELE, token, ADELE, "delegated over 587");

        assertThat(firstSubject(emulator, "imaps", ADELE, token)).isEqualTo("delegated over 587");
        assertThat(firstSubject(emulator, "pop3s", ADELE, token)).isEqualTo("delegated over 587");
    }

    @Test
    void pythonSendsAndReadsBackWithXoauth2OnAllThreeProtocols() throws Exception {
        ExternalClient.assumeInstalled("python3");
        String token = emulator.oauth().issueToken(ADELE, List.of("IMAP.AccessAsUser.All", "POP.AccessAsUser.All",
                "SMTP.Send"));
        String script = String.join("\n",
                "import base64, imaplib, poplib, smtplib, ssl, sys",
                "host, smtp_port, imap_port, pop_port, ca, user, token = sys.argv[1:8]",
                "ctx = ssl.create_default_context(cafile=ca)",
                "xoauth2 = 'user=%s\\x01auth=Bearer %s\\x01\\x01' % (user, token)",
                "s = smtplib.SMTP(host, int(smtp_port), timeout=5)",
                "s.starttls(context=ctx); s.ehlo()",
                "print('smtp', *s.auth('XOAUTH2', lambda challenge=None: xoauth2))",
                "s.sendmail(user, [user], 'From: %s\\r\\nTo: %s\\r\\nSubject: from python\\r\\n\\r\\nhi\\r\\n' % (user, user))",
                "s.quit()",
                "m = imaplib.IMAP4_SSL(host, int(imap_port), ssl_context=ctx)",
                "typ, data = m.authenticate('XOAUTH2', lambda challenge: xoauth2.encode())",
                "print('imap', typ, data[0].decode())",
                "m.select('INBOX')",
                "typ, data = m.fetch('1', '(BODY.PEEK[HEADER.FIELDS (SUBJECT)])')",
                "print('imap subject', data[0][1].decode().strip())",
                "m.logout()",
                "p = poplib.POP3_SSL(host, int(pop_port), context=ctx)",
                "print('pop3', p._shortcmd('AUTH XOAUTH2').decode())",
                "print('pop3', p._shortcmd(base64.b64encode(xoauth2.encode()).decode()).decode())",
                "print('pop3 stat', p.stat()[0])",
                "p.quit()",
                "bad = imaplib.IMAP4_SSL(host, int(imap_port), ssl_context=ctx)",
                "try:",
                "    bad.authenticate('XOAUTH2', lambda c: xoauth2.replace(token, 'forged').encode())",
                "except imaplib.IMAP4.error as e:",
                "    print('imap refused', e)");
        Result result = ExternalClient.run(List.of("python3", "-c", script, "127.0.0.1",
                String.valueOf(emulator.port(Endpoint.SUBMISSION)), String.valueOf(emulator.port(Endpoint.IMAPS)),
                String.valueOf(emulator.port(Endpoint.POP3S)), emulator.certificates().caPem().toString(), ADELE,
                token), "");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("smtp 235 b'2.7.0 Authentication successful'")
                .contains("imap OK AUTHENTICATE completed.")
                .contains("imap subject Subject: from python")
                .contains("pop3 + \n") // Office 365's bare continuation, trailing space included
                .contains("pop3 +OK User successfully authenticated.")
                .contains("pop3 stat 1")
                .contains("imap refused AUTHENTICATE failed.");
    }

    @Test
    void curlUsesAnOauth2BearerOnImapsPop3sAndSmtpWithStartTls() throws Exception {
        ExternalClient.assumeInstalled("curl");
        String token = emulator.oauth().issueToken(ADELE, List.of("IMAP.AccessAsUser.All", "POP.AccessAsUser.All"));
        emulator.delivery().deliver(ADELE, ("From: alex@contoso.com\r\nTo: adele@contoso.com\r\nSubject: for curl"
                + "\r\n\r\nbody\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String ca = emulator.certificates().caPem().toString();
        Result imap = ExternalClient.run("curl", "-sS", "--cacert", ca, "--login-options", "AUTH=XOAUTH2",
                "--user", ADELE, "--oauth2-bearer", token,
                "imaps://127.0.0.1:" + emulator.port(Endpoint.IMAPS) + "/INBOX;UID=1");
        assertThat(imap.exitCode()).as(imap.output()).isZero();
        assertThat(imap.output()).contains("Subject: for curl");
        Result pop = ExternalClient.run("curl", "-sS", "--cacert", ca, "--login-options", "AUTH=XOAUTH2",
                "--user", ADELE, "--oauth2-bearer", token, "pop3s://127.0.0.1:" + emulator.port(Endpoint.POP3S) + "/1");
        assertThat(pop.exitCode()).as(pop.output()).isZero();
        assertThat(pop.output()).contains("Subject: for curl");
        String smtpToken = emulator.oauth().issueToken(ADELE, List.of("SMTP.Send"));
        Result sent = ExternalClient.run(List.of("curl", "-sS", "--cacert", ca, "--ssl-reqd", "--login-options",
                "AUTH=XOAUTH2", "--user", ADELE, "--oauth2-bearer", smtpToken, "--mail-from", ADELE, "--mail-rcpt",
                MEGAN, "-T", "-", "smtp://127.0.0.1:" + emulator.port(Endpoint.SUBMISSION)),
                "From: adele@contoso.com\r\nTo: megan@contoso.com\r\nSubject: curl over 587\r\n\r\nhi\r\n");
        assertThat(sent.exitCode()).as(sent.output()).isZero();
        assertThat(emulator.store().open(MEGAN).inbox().exists()).isEqualTo(1);
        Result refused = ExternalClient.run("curl", "-sS", "--cacert", ca, "--login-options", "AUTH=XOAUTH2",
                "--user", ADELE, "--oauth2-bearer", "forged", "imaps://127.0.0.1:" + emulator.port(Endpoint.IMAPS) + "/");
        assertThat(refused.exitCode()).isEqualTo(67); // CURLE_LOGIN_DENIED
    }
}
