package dev.o365emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.certs.CertificateBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SettingsCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dataDir;

    private int run(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "settings";
        all[1] = "--data-dir";
        all[2] = dataDir.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return new CommandLine(new EmulatorCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(all);
    }

    @Test
    void printsTheSettingsPageWithTheStandardPortsOnTheBindAddress() {
        assertThat(run("adele@contoso.com")).isZero();
        assertThat(out.toString()).startsWith("""
                POP and IMAP settings for adele@contoso.com (Adele Vance), as Outlook on the web shows them,
                with this emulator's host and ports:

                POP setting
                    Server name: 127.0.0.1              (Office 365: outlook.office365.com)
                    Port: 995
                    Encryption method: TLS

                IMAP setting
                    Server name: 127.0.0.1              (Office 365: outlook.office365.com)
                    Port: 993
                    Encryption method: TLS

                SMTP setting
                    Server name: 127.0.0.1              (Office 365: smtp.office365.com)
                    Port: 587
                    Encryption method: STARTTLS

                User name: adele@contoso.com
                """)
                .contains("Trust this CA: " + dataDir.resolve("certs").resolve("ca.pem").toAbsolutePath() + "\n")
                .contains("Note: standard ports: where they cannot be bound the emulator moves to --ports offset=10000")
                .endsWith("Computed from --bind 127.0.0.1 --ports standard --scenario office365; no emulator was"
                        + " started or asked.\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void followsThePortPlanAndNamesTheSignInAddressForAnAlias() {
        assertThat(run("Adele.Vance@contoso.com", "--ports", "offset=10000")).isZero();
        assertThat(out.toString()).contains("Port: 10995\n", "Port: 10993\n", "Port: 10587\n")
                .contains("User name: adele@contoso.com\n")
                .contains("Note: adele.vance@contoso.com is an alias of adele@contoso.com: sign in as adele@contoso.com")
                .doesNotContain("standard ports");
    }

    @Test
    void readsTheUserFromTheScenariosTenant() {
        assertThat(run("alex@contoso.com", "--scenario", "imap-disabled")).isZero();
        assertThat(out.toString()).contains("Note: IMAP is disabled for this mailbox: the login succeeds, then every"
                + " command gets BAD User is authenticated but not connected.");
    }

    @Test
    void saysWhyTheTenantWouldRefuseAPassword() {
        assertThat(run("adele@contoso.com", "--scenario", "conditional-access-mfa")).isZero();
        assertThat(out.toString()).contains("Note: a conditional access policy requires MFA for this user: password"
                + " logins are refused (XOAUTH2 works).");
        out.getBuffer().setLength(0);
        assertThat(run("megan@contoso.com", "--scenario", "conditional-access-mfa")).isZero();
        assertThat(out.toString()).doesNotContain("MFA");
        out.getBuffer().setLength(0);
        assertThat(run("adele@contoso.com", "--scenario", "basic-auth-disabled")).isZero();
        assertThat(out.toString()).contains("Note: basic authentication is blocked for SMTP, IMAP, POP3");
        out.getBuffer().setLength(0);
        assertThat(run("adele@contoso.com", "--scenario", "smtp-auth-disabled-for-tenant")).isZero();
        assertThat(out.toString()).contains("Note: SMTP AUTH is disabled for the tenant: every AUTH on 587 gets"
                + " 535 5.7.139.");
    }

    @Test
    void tellsHowToOpenASharedMailbox() {
        assertThat(run("info@contoso.com")).isZero();
        assertThat(out.toString()).contains("open it over IMAP or POP as adele@contoso.com\\info@contoso.com");
    }

    @Test
    void checksTheDataDirectorysCertificateNamesTheHost() {
        assertThat(run("adele@contoso.com")).isZero();
        assertThat(out.toString()).contains("Note: no certificates in " + dataDir + " yet");
        CertificateBundle.loadOrCreate(dataDir);
        out.getBuffer().setLength(0);
        assertThat(run("adele@contoso.com")).isZero();
        assertThat(out.toString()).doesNotContain("certificate");
        out.getBuffer().setLength(0);
        assertThat(run("adele@contoso.com", "--bind", "127.0.0.2")).isZero();
        assertThat(out.toString()).contains("Server name: 127.0.0.2 ")
                .contains("does not name 127.0.0.2: start the emulator with --name 127.0.0.2");
        out.getBuffer().setLength(0);
        assertThat(run("adele@contoso.com", "--bind", "0.0.0.0")).isZero();
        assertThat(out.toString()).contains("Server name: 127.0.0.1 ").contains("Note: bound to every interface");
    }

    @Test
    void refusesAnAddressTheTenantDoesNotHave() {
        assertThat(run("nobody@contoso.com")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("o365-emulator: nobody@contoso.com is no mailbox of the tenant (accepted"
                + " domains: contoso.com, contoso.onmicrosoft.com).\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void refusesEphemeralPortsItCannotKnow() {
        assertThat(run("adele@contoso.com", "--ports", "ephemeral")).isEqualTo(2);
        assertThat(err.toString()).startsWith("o365-emulator: --ports ephemeral leaves the ports to the system");
    }
}
