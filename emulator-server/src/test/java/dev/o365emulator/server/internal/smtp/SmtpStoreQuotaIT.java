package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.scenarios.ScenarioLoader;
import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MailboxStore;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.tenant.MutableClock;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.testing.LineClient;
import dev.o365emulator.server.testing.SubmissionLogin;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mailbox quotas and the store's budget over SMTP: a message that does not fit is refused before
 * anything is acknowledged, with Office 365's quota replies, and nothing of it is stored.
 */
class SmtpStoreQuotaIT {

    // A fixed clock and seed make every stored copy of the same message the same size.
    private static final MutableClock CLOCK = MutableClock.at("2026-03-01T10:00:00Z");
    private static final String BODY = "Subject: quota\r\n\r\n" + "x".repeat(78).concat("\r\n").repeat(128);

    private Emulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private Emulator start(Emulator.Builder builder) {
        emulator = builder.clock(CLOCK).endpoints(Endpoint.SMTP, Endpoint.SUBMISSION).start();
        return emulator;
    }

    private void quota(long bytes) {
        emulator.tenant().update(t -> t.limits(emulator.tenant().settings().limits().withMailboxQuota(bytes)));
    }

    private MailboxStore mailbox(String address) {
        return Internals.of(emulator).store().open(address);
    }

    @Test
    void mxMailThatWouldTakeTheRecipientPastItsQuotaIsRefusedAndTheMailboxAtItsQuotaExactlyIsNot() throws IOException {
        start(Emulator.builder());
        try (LineClient mx = mx()) {
            assertThat(inbound(mx)).startsWith("250 2.6.0 ");
            long one = mailbox("alex@contoso.com").size();
            quota(2 * one);

            assertThat(inbound(mx)).as("exactly at the quota").startsWith("250 2.6.0 ");
            assertThat(inbound(mx)).as("one message past it").isEqualTo("554 5.2.2 mailbox full; "
                    + "STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded [Hostname="
                    + Internals.of(emulator).identity().mailboxServerFqdn() + "]");
            assertThat(mailbox("alex@contoso.com").size()).isEqualTo(2 * one);

            quota(3 * one - 1);
            assertThat(inbound(mx)).as("one byte short of room").startsWith("554 5.2.2 mailbox full");
            quota(3 * one);
            assertThat(inbound(mx)).startsWith("250 2.6.0 ");
            assertThat(mailbox("alex@contoso.com").inbox().exists()).isEqualTo(3);
        }
    }

    @Test
    void aSubmissionFromAFullMailboxGetsTheSubmissionQuotaRefusalAndNobodyGetsIt() throws IOException {
        start(Emulator.builder());
        try (LineClient client = authenticated("adele@contoso.com", "Passw0rd!adele")) {
            assertThat(submit(client, "adele@contoso.com", "alex@contoso.com")).startsWith("250 2.0.0 OK <");
            long one = mailbox("adele@contoso.com").size();
            quota(2 * one);

            assertThat(submit(client, "adele@contoso.com", "alex@contoso.com")).startsWith("250 2.0.0 OK <");
            assertThat(submit(client, "adele@contoso.com", "megan@contoso.com")).isEqualTo("554 5.2.2 mailbox full; "
                    + "STOREDRV.Submission.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded [Hostname="
                    + Internals.of(emulator).identity().mailboxServerFqdn() + "]");
        }
        assertThat(mailbox("megan@contoso.com").inbox().exists()).as("nothing acknowledged, nothing stored").isZero();
        assertThat(mailbox("adele@contoso.com").folder(dev.o365emulator.server.internal.store.SpecialUse.SENT).exists())
                .isEqualTo(2);
    }

    @Test
    void aSubmissionToAFullMailboxIsAcceptedAndTheSenderGetsANonDeliveryReport() throws IOException {
        start(Emulator.builder());
        // Alex's mailbox exactly at the tenant's quota; Megan's far from it.
        mailbox("alex@contoso.com").inbox().append(Internals.of(emulator).store().newMessage(new byte[100_000]),
                dev.o365emulator.server.internal.store.Flags.NONE);
        quota(100_000);
        try (LineClient client = authenticated("megan@contoso.com", "Passw0rd!megan")) {
            assertThat(submit(client, "megan@contoso.com", "alex@contoso.com")).startsWith("250 2.0.0 OK <");
        }
        assertThat(mailbox("alex@contoso.com").inbox().exists()).isEqualTo(1);
        List<MessageHandle> inbox = mailbox("megan@contoso.com").inbox().snapshot().messages();
        assertThat(inbox).hasSize(1);
        assertThat(text(inbox.get(0).message().raw())).contains("Status: 5.2.2").contains("Diagnostic-Code: smtp;554 5.2.2"
                + " mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded");
    }

    @Test
    void theStoreBudgetRefusesTheMessagePastItWithATransient452UntilSpaceIsFreed() throws IOException {
        // The size of one stored copy, measured on an emulator without a budget.
        long one;
        try (Emulator probe = Emulator.builder().clock(CLOCK).endpoints(Endpoint.SMTP).start();
                LineClient mx = LineClient.connect(probe.address(Endpoint.SMTP))) {
            mx.readSmtpReply();
            mx.send("EHLO mta.fabrikam.com");
            mx.readSmtpReply();
            assertThat(inbound(mx)).startsWith("250 2.6.0 ");
            one = Internals.of(probe).store().open("alex@contoso.com").size();
        }
        start(Emulator.builder().storeBudget(2 * MailStore.cost(one, 1)));
        try (LineClient mx = mx()) {
            assertThat(inbound(mx)).startsWith("250 2.6.0 ");
            assertThat(inbound(mx)).as("the budget used up exactly").startsWith("250 2.6.0 ");
            assertThat(Internals.of(emulator).store().budget().available()).isZero();
            assertThat(inbound(mx)).isEqualTo("452 4.3.1 Insufficient system resources");
            assertThat(mailbox("alex@contoso.com").inbox().exists()).isEqualTo(2);

            // SIZE= says at MAIL FROM what cannot fit now (RFC 1870 §6.1).
            mx.send("MAIL FROM:<sender@fabrikam.com> SIZE=100");
            assertThat(mx.readSmtpReply()).containsExactly("452 4.3.1 Insufficient system resources");

            Internals.of(emulator).store().clear();
            assertThat(inbound(mx)).as("space freed").startsWith("250 2.6.0 ");
        }
    }

    @Test
    void aScenarioSetsTheMailboxQuota() throws IOException {
        start(Emulator.builder().scenario(ScenarioLoader.parse("""
                name: small-mailboxes
                extends: office365
                tenant:
                  limits: {mailboxQuota: 4 KB}
                """, "test")));
        assertThat(mailbox("alex@contoso.com").quota()).isEqualTo(4096);
        try (LineClient mx = mx()) {
            mx.send("MAIL FROM:<sender@fabrikam.com>");
            mx.readSmtpReply();
            mx.send("RCPT TO:<alex@contoso.com>");
            mx.readSmtpReply();
            mx.send("DATA");
            mx.readSmtpReply();
            mx.sendRaw("Subject: big\r\n\r\n" + "y".repeat(78).concat("\r\n").repeat(60) + ".\r\n");
            assertThat(mx.readSmtpReply()).singleElement().asString().startsWith("554 5.2.2 mailbox full");
        }
        assertThat(mailbox("alex@contoso.com").inbox().exists()).isZero();
    }

    private LineClient mx() throws IOException {
        LineClient c = LineClient.connect(emulator.address(Endpoint.SMTP));
        c.readSmtpReply();
        c.send("EHLO mta.fabrikam.com");
        c.readSmtpReply();
        return c;
    }

    /** One message from outside to alex over the MX; returns the reply to its body. */
    private static String inbound(LineClient mx) throws IOException {
        mx.sendRaw("MAIL FROM:<sender@fabrikam.com>\r\nRCPT TO:<alex@contoso.com>\r\nDATA\r\n");
        assertThat(List.of(mx.readLine(), mx.readLine(), mx.readLine())).containsExactly("250 2.1.0 Sender OK",
                "250 2.1.5 Recipient OK", "354 Start mail input; end with <CRLF>.<CRLF>");
        mx.sendRaw(BODY + ".\r\n");
        return mx.readSmtpReply().get(0);
    }

    private static String submit(LineClient client, String from, String to) throws IOException {
        client.sendRaw("MAIL FROM:<" + from + ">\r\nRCPT TO:<" + to + ">\r\nDATA\r\n");
        assertThat(List.of(client.readLine(), client.readLine(), client.readLine())).containsExactly(
                "250 2.1.0 Sender OK", "250 2.1.5 Recipient OK", "354 Start mail input; end with <CRLF>.<CRLF>");
        client.sendRaw("From: " + from + "\r\nMessage-ID: <fixed@contoso.com>\r\n" + BODY + ".\r\n");
        return client.readSmtpReply().get(0);
    }

    private LineClient authenticated(String user, String password) throws IOException {
        return SubmissionLogin.loggedIn(emulator, user, password);
    }

    private static String text(ByteBuffer raw) {
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
