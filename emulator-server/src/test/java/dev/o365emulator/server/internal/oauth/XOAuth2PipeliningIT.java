package dev.o365emulator.server.internal.oauth;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.sasl.XOAuth2Exchange;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.LineClient;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rule delays XOAUTH2 logins; a client that pipelines a command behind its AUTH still gets the
 * AUTH answer first, on SMTP and POP3, because the session pauses reading during the delay.
 */
class XOAuth2PipeliningIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SMTPS, Endpoint.POP3S)
            .scenario(ScenarioLoader.parse("""
                    name: slow-token-check
                    rules:
                      - id: slow
                        when: { stage: auth, mechanism: XOAUTH2 }
                        then: { delay: { millis: 300 } }
                    """, "test")));
    private static String token;

    @BeforeAll
    static void start() {
        token = emulator.oauth().issueToken(DefaultTenant.ADELE, List.of(ExchangePermissions.POP_DELEGATED,
                ExchangePermissions.SMTP_DELEGATED));
    }

    @Test
    void smtpAnswersTheDelayedAuthBeforeTheCommandPipelinedBehindIt() throws Exception {
        try (LineClient client = LineClient.connectTls(emulator.address(Endpoint.SMTPS),
                emulator.certificates().clientSslContext(), "smtp.office365.com")) {
            client.readLine();
            client.send("EHLO client.example");
            client.readSmtpReply();
            client.sendRaw("AUTH XOAUTH2 " + XOAuth2Exchange.clientResponse(DefaultTenant.ADELE, token) + "\r\nNOOP\r\n");
            assertThat(client.readLine()).isEqualTo("235 2.7.0 Authentication successful");
            assertThat(client.readLine()).startsWith("250 ");
        }
    }

    @Test
    void pop3AnswersTheDelayedAuthBeforeTheCommandPipelinedBehindIt() throws Exception {
        try (LineClient client = LineClient.connectTls(emulator.address(Endpoint.POP3S),
                emulator.certificates().clientSslContext(), "outlook.office365.com")) {
            client.readLine();
            client.sendRaw("AUTH XOAUTH2 " + XOAuth2Exchange.clientResponse(DefaultTenant.ADELE, token) + "\r\nSTAT\r\n");
            assertThat(client.readLine()).isEqualTo("+OK User successfully authenticated.");
            assertThat(client.readLine()).startsWith("+OK 0 ");
        }
    }
}
