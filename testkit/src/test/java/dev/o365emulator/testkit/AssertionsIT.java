package dev.o365emulator.testkit;

import static dev.o365emulator.testkit.O365Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Sessions;
import dev.o365emulator.server.internal.journal.SessionJournal;
import dev.o365emulator.server.internal.journal.SessionRecord;
import dev.o365emulator.server.internal.runtime.SessionsFacade;
import dev.o365emulator.server.journal.TlsInfo;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@O365EmulatorTest(endpoints = Endpoint.IMAPS)
class AssertionsIT {

    private static final String ADELE = TestUsers.ADELE.address();
    private static final String ALEX = TestUsers.ALEX.address();
    private static final String MEGAN = TestUsers.MEGAN.address();

    private static ReceivedMessage invoiceTo(O365Emulator emulator, String rcpt) {
        emulator.server().mail().deliver(rcpt, Messages.withAttachment(ADELE, ALEX, MEGAN, "Invoice 42", 1000));
        return emulator.mailbox(rcpt).inbox().get(0);
    }

    @Test
    void messageAssertionsPassOnWhatArrived(O365Emulator emulator) {
        ReceivedMessage m = invoiceTo(emulator, ALEX);
        assertThat(m).isFrom(ADELE).hasTo(ALEX).hasCc(MEGAN).hasSubject("Invoice 42").hasHeader("X-Invoice-Id")
                .hasHeader("X-Invoice-Id", "42").hasTextContaining("invoice attached")
                .hasHtmlContaining("<b>invoice</b>").hasAttachment("invoice.pdf")
                .hasAttachment("invoice.pdf", "application/pdf", 1000)
                .hasRawBytes(Messages.withAttachment(ADELE, ALEX, MEGAN, "Invoice 42", 1000))
                .rawContains("X-Invoice-Id: 42");
    }

    @Test
    void messageAssertionsSayWhatArrivedInstead(O365Emulator emulator) {
        ReceivedMessage m = invoiceTo(emulator, ALEX);
        assertThatThrownBy(() -> assertThat(m).isFrom(MEGAN))
                .hasMessageContaining("to be from <megan@contoso.com> but From was [adele@contoso.com]");
        assertThatThrownBy(() -> assertThat(m).hasSubject("Receipt"))
                .hasMessageContaining("Expected subject <Receipt> but was <Invoice 42>");
        assertThatThrownBy(() -> assertThat(m).hasTo(MEGAN)).hasMessageContaining("in To but To was [alex@contoso.com]");
        assertThatThrownBy(() -> assertThat(m).hasCc(ALEX)).hasMessageContaining("in Cc but Cc was [megan@contoso.com]");
        assertThatThrownBy(() -> assertThat(m).isBlindCopy()).hasMessageContaining("to be a blind copy to <alex@contoso.com>");
        assertThatThrownBy(() -> assertThat(m).hasHeader("X-Missing")).hasMessageContaining("X-Missing header but it has none");
        assertThatThrownBy(() -> assertThat(m).hasHeader("X-Invoice-Id", "43")).hasMessageContaining("but found [42]");
        assertThatThrownBy(() -> assertThat(m).hasTextContaining("receipt"))
                .hasMessageContaining("text/plain body").hasMessageContaining("Please find the invoice attached.");
        assertThatThrownBy(() -> assertThat(m).hasHtmlContaining("receipt")).hasMessageContaining("text/html body");
        assertThatThrownBy(() -> assertThat(m).hasAttachment("receipt.pdf"))
                .hasMessageContaining("Attachment[name=invoice.pdf, contentType=application/pdf, size=1000]");
        assertThatThrownBy(() -> assertThat(m).hasAttachment("invoice.pdf", "application/pdf", 999))
                .hasMessageContaining("size=999");
        assertThatThrownBy(() -> assertThat(m).hasRawBytes(new byte[] {1, 2})).hasMessageContaining("differs from offset 0");
        assertThatThrownBy(() -> assertThat(m).rawContains("X-Other")).hasMessageContaining("stored bytes");
        assertThatThrownBy(() -> assertThat(m).hasFlag("\\Seen")).hasMessageContaining("to have flag \\Seen but its flags were []");
    }

    @Test
    void aMailboxThatIsNotInToOrCcGotABlindCopy(O365Emulator emulator) {
        ReceivedMessage copy = invoiceTo(emulator, "info@contoso.com");
        assertThat(copy).isBlindCopy();
    }

    @Test
    void mailboxAssertionsCountAndMatch(O365Emulator emulator) {
        invoiceTo(emulator, ALEX);
        assertThat(emulator.mailbox(ALEX)).hasInboxCount(1).hasSentItemsCount(0)
                .hasMessageMatching("INBOX", msg -> msg.subject().startsWith("Invoice"), "has an invoice subject")
                .hasNoMessageMatching("INBOX", msg -> msg.subject().contains("Receipt"), "is a receipt");
        assertThatThrownBy(() -> assertThat(emulator.mailbox(ALEX)).hasInboxCount(2))
                .hasMessageContaining("Expected 2 message(s) in alex@contoso.com/INBOX but found 1")
                .hasMessageContaining("subject \"Invoice 42\"");
        assertThatThrownBy(() -> assertThat(emulator.mailbox(ALEX))
                .hasMessageMatching("INBOX", msg -> false, "is from the CEO"))
                .hasMessageContaining("that is from the CEO but none of its 1 message(s) did");
        assertThatThrownBy(() -> assertThat(emulator.mailbox(ALEX))
                .hasNoMessageMatching("INBOX", msg -> true, "exists")).hasMessageContaining("Expected no message");
    }

    @Test
    void awaitMessagesReturnsAsSoonAsTheMailArrives(O365Emulator emulator) {
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try {
            later.schedule(() -> emulator.server().mail().deliver(MEGAN,
                    Messages.simple(ALEX, MEGAN, "late", "x")), 100, TimeUnit.MILLISECONDS);
            List<ReceivedMessage> arrived = emulator.awaitMessages(MEGAN, 1, Duration.ofSeconds(10));
            assertThat(arrived.get(0)).hasSubject("late");
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void awaitMessagesFailsWithWhatArrived(O365Emulator emulator) {
        emulator.server().mail().deliver(MEGAN, Messages.simple(ALEX, MEGAN, "only one", "x"));
        assertThatThrownBy(() -> emulator.awaitMessages(MEGAN, 2, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected at least 2 message(s) in megan@contoso.com/INBOX within PT0.2S, but 1 arrived")
                .hasMessageContaining("subject \"only one\"");
    }

    // Journal assertions, on records written as a session writes them.

    /** The journal as the API shows it. */
    private static Sessions view(SessionJournal journal) {
        return new SessionsFacade(journal);
    }

    private static SessionRecord session(SessionJournal journal) {
        return journal.open(Endpoint.SUBMISSION, new InetSocketAddress("127.0.0.1", 587),
                new InetSocketAddress("127.0.0.1", 40000));
    }

    @Test
    void sessionAssertionsCheckTlsAuthenticationAndReplies() {
        SessionJournal journal = new SessionJournal(Clock.systemUTC());
        SessionRecord s = session(journal);
        s.server("220 host Microsoft ESMTP MAIL Service ready");
        s.client("EHLO client");
        s.server("250-host Hello [127.0.0.1]");
        s.server("250 SMTPUTF8");
        s.tlsEstablished(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.of("smtp.office365.com"), "openssl"));
        s.client("AUTH LOGIN");
        s.authenticated(ADELE, "LOGIN");
        s.server("235 2.7.0 Authentication successful");
        assertThat(s).negotiatedTlsAtLeast12().authenticatedAs(ADELE).authenticatedWith("LOGIN")
                .repliedTo("EHLO", "SMTPUTF8").repliedTo("auth login", "235 2.7.0").hasNoProtocolErrors()
                .hasTranscriptLine("S: 235 2.7.0 Authentication successful");

        assertThatThrownBy(() -> assertThat(s).authenticatedAs(ALEX))
                .hasMessageContaining("to authenticate as <alex@contoso.com> but it authenticated as <adele@contoso.com>")
                .hasMessageContaining("C: AUTH LOGIN");
        assertThatThrownBy(() -> assertThat(s).authenticatedWith("XOAUTH2")).hasMessageContaining("but it used LOGIN");
        assertThatThrownBy(() -> assertThat(s).isNotAuthenticated()).hasMessageContaining("not to authenticate");
        assertThatThrownBy(() -> assertThat(s).repliedTo("MAIL FROM", "250"))
                .hasMessageContaining("(the command was never sent)");
        assertThatThrownBy(() -> assertThat(s).repliedTo("EHLO", "STARTTLS"))
                .hasMessageContaining("[250-host Hello [127.0.0.1], 250 SMTPUTF8]");
        assertThatThrownBy(() -> assertThat(s).hasTranscriptLine("S: 221 bye")).hasMessageContaining("S: 220 host");

        SessionRecord plain = session(journal);
        plain.protocolError("6 bytes pipelined after the TLS upgrade command were discarded");
        assertThatThrownBy(() -> assertThat(plain).negotiatedTlsAtLeast12()).hasMessageContaining("negotiated no TLS");
        assertThatThrownBy(() -> assertThat(plain).hasNoProtocolErrors()).hasMessageContaining("6 bytes pipelined");
        assertThatThrownBy(() -> assertThat(plain).authenticatedAs(ADELE)).hasMessageContaining("did not authenticate");
    }

    @Test
    void aMultiStepCommandIsAnsweredByItsFinalReplyAndLinesMatchByPrefixOrPattern() {
        SessionJournal journal = new SessionJournal(Clock.systemUTC());
        SessionRecord s = session(journal);
        s.client("AUTH LOGIN");
        s.server("334 VXNlcm5hbWU6");
        s.client("****");
        s.server("334 UGFzc3dvcmQ6");
        s.client("****");
        s.server("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant."
                + " [MN2PR05CA0004.namprd05.prod.outlook.com 2023-09-12T20:59:57.214Z 08DBB276B7E699C4]");
        s.client("QUIT");
        s.server("221 2.0.0 Service closing transmission channel");
        assertThat(s).repliedTo("AUTH", "535 5.7.139")
                .hasTranscriptLineStartingWith("S: 535 5.7.139 Authentication unsuccessful")
                .hasTranscriptLineMatching("S: 535 5\\.7\\.139 .* \\[[A-Z0-9.a-z]+ \\S+ [0-9A-F]{16}\\]")
                .hasTranscriptLine("C: QUIT");
        assertThatThrownBy(() -> assertThat(s).repliedTo("QUIT", "535"))
                .hasMessageContaining("but the replies were [221 2.0.0 Service closing transmission channel]");
        assertThatThrownBy(() -> assertThat(s).hasTranscriptLine("S: 535 5.7.139"))
                .hasMessageContaining("Expected the line <S: 535 5.7.139>");
        assertThatThrownBy(() -> assertThat(s).hasTranscriptLineStartingWith("S: 250"))
                .hasMessageContaining("Expected a line starting with <S: 250>");
        assertThatThrownBy(() -> assertThat(s).hasTranscriptLineMatching("S: 535"))
                .hasMessageContaining("Expected a line matching <S: 535>");
    }

    @Test
    void journalAssertionsSeeRetriesAcrossConnections() {
        SessionJournal journal = new SessionJournal(Clock.systemUTC());
        SessionRecord first = session(journal);
        first.client("MAIL FROM:<adele@contoso.com>");
        first.server("451 4.7.500 Server busy. Please try again later from [127.0.0.1]. (AS77712344)");
        first.client("QUIT");
        first.server("221 2.0.0 Service closing transmission channel");
        assertThatThrownBy(() -> assertThat(view(journal)).clientRetriedAfterTransientFailure("MAIL FROM"))
                .hasMessageContaining("retry <MAIL FROM> after its 4xx reply");

        SessionRecord second = session(journal);
        second.client("MAIL FROM:<adele@contoso.com>");
        second.server("250 2.1.0 Sender OK");
        assertThat(view(journal)).clientRetriedAfterTransientFailure("MAIL FROM").hasSessionCount(2)
                .hasSessionOn(Endpoint.SUBMISSION).hasNoProtocolErrors();
        assertThatThrownBy(() -> assertThat(view(journal)).clientRetriedAfterTransientFailure("RCPT TO"))
                .hasMessageContaining("never got a 4xx reply");
        assertThatThrownBy(() -> assertThat(view(journal)).hasSessionCount(3)).hasMessageContaining("but there were 2");
        assertThatThrownBy(() -> assertThat(view(journal)).hasSessionOn(Endpoint.POP3S)).hasMessageContaining("pop3s");
        second.protocolError("bare LF");
        assertThatThrownBy(() -> assertThat(view(journal)).hasNoProtocolErrors()).hasMessageContaining("[bare LF]");
    }
}
