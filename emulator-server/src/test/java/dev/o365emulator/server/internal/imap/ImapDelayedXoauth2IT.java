package dev.o365emulator.server.internal.imap;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.sasl.XOAuth2Exchange;
import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An XOAUTH2 login that a fault rule delays: a second one pipelined behind it neither logs in twice nor keeps a slot. */
class ImapDelayedXoauth2IT {

    private static final String ADELE = DefaultTenant.ADELE;
    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.IMAPS))
            .withoutReset();

    @BeforeAll
    static void start() {
        emulator.tokens().register("good-token", ADELE);
        emulator.useScenario(ScenarioLoader.parse("""
                name: imap-slow-auth
                extends: office365
                rules:
                  - { id: slow-auth, when: { protocol: imap, stage: auth }, then: { delay: { millis: 200 } } }
                """, "inline"));
    }

    @Test
    void givesBackTheConnectionSlotAfterTwoPipelinedXoauth2Logins() throws IOException {
        String login = "AUTHENTICATE XOAUTH2 " + XOAuth2Exchange.clientResponse(ADELE, "good-token");
        try (LineClient c = LineClient.connectTls(emulator.address(Endpoint.IMAPS),
                emulator.certificates().clientSslContext(), "outlook.office365.com")) {
            c.readLine();
            c.sendRaw("a1 " + login + "\r\na2 " + login + "\r\n");
            assertThat(c.readUntil("a2 ")).contains("a1 OK AUTHENTICATE completed.")
                    .last().asString().startsWith("a2 BAD");
            assertThat(emulator.tenant().imapConnections().inUse(ADELE)).isEqualTo(1);
        }
        Await.until("the slot to be given back", Duration.ofSeconds(5),
                () -> emulator.tenant().imapConnections().inUse(ADELE) == 0);
    }
}
