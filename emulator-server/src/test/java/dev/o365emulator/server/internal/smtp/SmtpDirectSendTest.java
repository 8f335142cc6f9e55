package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import org.junit.jupiter.api.Test;

/** Direct Send: anonymous mail on the MX from an accepted domain, accepted unless the tenant rejects it. */
class SmtpDirectSendTest {

    private static final String REJECTED = "550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this"
            + " organization from unauthorized sources";

    @Test
    void directSendIsAcceptedAndDeliveredByDefault() {
        try (SmtpChannel smtp = new SmtpChannel(Endpoint.SMTP)) {
            smtp.send("EHLO printer.contoso.com\r\n");
            assertThat(smtp.send("MAIL FROM:<scanner@contoso.com>\r\nRCPT TO:<adele.vance@contoso.com>\r\nDATA\r\n"))
                    .isEqualTo("250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n"
                            + "354 Start mail input; end with <CRLF>.<CRLF>\r\n");
            assertThat(smtp.send("Subject: scan\r\n\r\npage 1\r\n.\r\n")).startsWith("250 2.6.0 ");
            assertThat(smtp.inbox("adele@contoso.com")).contains("Subject: scan");
        }
    }

    @Test
    void rejectDirectSendRefusesAnAnonymousSenderInAnAcceptedDomainAtRcpt() {
        try (SmtpChannel smtp = new SmtpChannel(Endpoint.SMTP)) {
            smtp.tenant.update(b -> b.rejectDirectSend(true));
            smtp.send("EHLO printer.contoso.com\r\n");
            assertThat(smtp.send("MAIL FROM:<Scanner@CONTOSO.com>\r\n")).isEqualTo("250 2.1.0 Sender OK\r\n");
            assertThat(smtp.send("RCPT TO:<adele.vance@contoso.com>\r\n"))
                    .startsWith(REJECTED + " [").endsWith("]\r\n");
            assertThat(smtp.send("DATA\r\n")).startsWith("503 ");
        }
    }

    @Test
    void rejectDirectSendLeavesExternalSendersAndNullSendersAlone() {
        try (SmtpChannel smtp = new SmtpChannel(Endpoint.SMTP)) {
            smtp.tenant.update(b -> b.rejectDirectSend(true));
            smtp.send("EHLO mta.example.org\r\n");
            assertThat(smtp.send("MAIL FROM:<news@example.org>\r\nRCPT TO:<adele.vance@contoso.com>\r\nRSET\r\n"))
                    .isEqualTo("250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n250 2.0.0 Resetting\r\n");
            assertThat(smtp.send("MAIL FROM:<>\r\nRCPT TO:<adele.vance@contoso.com>\r\n"))
                    .isEqualTo("250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n");
        }
    }

    @Test
    void aRelayAttemptFromAnAcceptedDomainIsStillARelayRefusal() {
        try (SmtpChannel smtp = new SmtpChannel(Endpoint.SMTP)) {
            smtp.tenant.update(b -> b.rejectDirectSend(true));
            smtp.send("EHLO printer.contoso.com\r\n");
            assertThat(smtp.send("MAIL FROM:<scanner@contoso.com>\r\nRCPT TO:<someone@example.org>\r\n"))
                    .contains("550 5.7.64 TenantAttribution; Relay Access Denied");
        }
    }
}
