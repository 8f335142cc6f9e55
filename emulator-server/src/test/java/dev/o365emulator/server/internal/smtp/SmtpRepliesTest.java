package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.smtp.SmtpResponse;
import dev.o365emulator.server.internal.tenant.AuthDecision;
import dev.o365emulator.server.internal.reply.AuthRefusals;
import dev.o365emulator.server.internal.reply.ReplyArgs;
import org.junit.jupiter.api.Test;

class SmtpRepliesTest {

    private static final String TRAILER = "[MN2PR05CA0004.namprd05.prod.outlook.com 2023-09-12T20:59:57.214Z 08DBB276B7E699C4]";

    @Test
    void authRefusalKeepsTheCataloguesTextAndAddsTheTrailer() {
        SmtpResponse r = SmtpReplyRenderer.response(AuthRefusals.of(AuthDecision.Reason.SMTP_AUTH_DISABLED_FOR_TENANT)
                .with(ReplyArgs.of(ReplyArgs.TRAILER, TRAILER)));
        assertThat(r.code()).isEqualTo(535);
        assertThat(r.enhancedStatus()).isEqualTo("5.7.139");
        assertThat(r.lines()).containsExactly("Authentication unsuccessful, SmtpClientAuthentication is disabled for the"
                + " Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. " + TRAILER);
    }

    @Test
    void sendAsRefusalStaysWithinTheReplyLineLimitForLongAddresses() {
        String longAddress = "a".repeat(64) + "@" + "b".repeat(180) + ".example";
        SmtpResponse r = SmtpReplies.sendAsDenied(SendAsDeniedForm.CURRENT, longAddress, longAddress,
                "SN2PR00MB2034.namprd00.prod.outlook.com");
        assertThat(r.lines().get(0)).contains("[BeginDiagnosticData]Cannot submit message. 0.35250:")
                .endsWith("[Hostname=SN2PR00MB2034.namprd00.prod.outlook.com]");
        assertThat(r.lines().get(0).length()).isLessThan(SmtpResponse.MAX_LINE_LENGTH);
    }

    @Test
    void ehloOffersStartTlsOrAuthNeverBoth() {
        assertThat(SmtpReplies.ehlo("h", "127.0.0.1", true, true).lines()).contains("STARTTLS").doesNotContain("AUTH LOGIN XOAUTH2");
        assertThat(SmtpReplies.ehlo("h", "127.0.0.1", false, true).lines()).contains("AUTH LOGIN XOAUTH2").doesNotContain("STARTTLS");
        assertThat(SmtpReplies.ehlo("h", "127.0.0.1", false, false).lines()).doesNotContain("STARTTLS", "AUTH LOGIN XOAUTH2");
    }
}
