package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.store.MemoryBudget;
import dev.o365emulator.server.tenant.Mailbox;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.LineClient;
import dev.o365emulator.server.testing.SubmissionLogin;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Message bodies being received: SIZE= held against each recipient's MaxReceiveSize at RCPT, and all
 * transactions' buffered content held to the budget of bodies in flight, refused with a transient
 * {@code 452 4.3.1} (never a reset), the reservation given back however the transaction ends.
 */
class SmtpBodiesInFlightIT {

    private static final String INSUFFICIENT = "452 4.3.1 Insufficient system resources";
    private static final Duration RELEASED = Duration.ofSeconds(10);

    private Emulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private void start(long inFlightBudget) {
        emulator = Emulator.builder().endpoints(Endpoint.SMTP, Endpoint.SUBMISSION).inFlightBudget(inFlightBudget)
                .start();
    }

    private MemoryBudget inFlight() {
        return Internals.of(emulator).delivery().inFlight();
    }

    @Test
    void sizeAboveTheRecipientsMaxReceiveSizeIsRefusedAtRcptOnTheMxAndOnSubmission() throws IOException {
        start(Long.MAX_VALUE);
        long max = Mailbox.DEFAULT_MAX_RECEIVE_SIZE;
        try (LineClient mx = greeted()) {
            mx.send("MAIL FROM:<sender@fabrikam.com> SIZE=" + max);
            assertThat(mx.readSmtpReply()).containsExactly("250 2.1.0 Sender OK");
            mx.send("RCPT TO:<alex@contoso.com>");
            assertThat(mx.readSmtpReply()).as("exactly the limit").containsExactly("250 2.1.5 Recipient OK");
            mx.send("RSET");
            mx.readSmtpReply();
            mx.send("MAIL FROM:<sender@fabrikam.com> SIZE=" + (max + 1));
            assertThat(mx.readSmtpReply()).containsExactly("250 2.1.0 Sender OK");
            mx.send("RCPT TO:<alex@contoso.com>");
            assertThat(mx.readSmtpReply()).as("one octet past it")
                    .containsExactly("550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient");
            // A group is as small as its smallest member.
            emulator.tenant().updateMailbox("megan@contoso.com", m -> m.maxReceiveSize(1000));
            mx.send("RCPT TO:<team@contoso.com>");
            assertThat(mx.readSmtpReply()).singleElement().asString().startsWith("550 5.2.3 ");
        }
        try (LineClient submission = authenticated()) {
            submission.send("MAIL FROM:<adele@contoso.com> SIZE=1001");
            assertThat(submission.readSmtpReply()).containsExactly("250 2.1.0 Sender OK");
            submission.send("RCPT TO:<megan@contoso.com>");
            assertThat(submission.readSmtpReply()).singleElement().asString().startsWith("550 5.2.3 ");
            submission.send("RCPT TO:<alex@contoso.com>");
            assertThat(submission.readSmtpReply()).containsExactly("250 2.1.5 Recipient OK");
        }
    }

    @Test
    void theMxBuffersNoMoreThanTheLargestMaxReceiveSizeOfItsRecipients() throws IOException {
        // A budget of twice alex's MaxReceiveSize: buffering the body up to SIZE's 150 MB would use it up.
        start(2000);
        emulator.tenant().updateMailbox("alex@contoso.com", m -> m.maxReceiveSize(1000));
        try (LineClient mx = envelope(greeted())) {
            mx.send("DATA");
            mx.readSmtpReply();
            mx.sendRaw(body(100_000) + ".\r\n");
            assertThat(mx.readSmtpReply()).containsExactly("552 5.3.4 Message size exceeds fixed maximum message size");
        }
        assertThat(journalMentions("budget of bodies in flight")).as("read past the limit, never buffered").isFalse();
        assertThat(Internals.of(emulator).store().open("alex@contoso.com").inbox().exists()).isZero();
    }

    @Test
    void aBodyExactlyAtTheBudgetIsAcceptedAndOneOctetMoreIsRefusedWith452() throws IOException {
        int budget = 64 * 1024;
        start(budget);
        try (LineClient mx = greeted()) {
            data(envelope(mx));
            // The content counted is what is stored after dot-unstuffing: everything before the final ".".
            mx.sendRaw(body(budget) + ".\r\n");
            assertThat(mx.readSmtpReply()).singleElement().asString().startsWith("250 2.6.0 ");
            assertThat(inFlight().used()).isZero();

            data(envelope(mx));
            mx.sendRaw(body(budget + 1) + ".\r\n");
            assertThat(mx.readSmtpReply()).containsExactly(INSUFFICIENT);
            assertThat(inFlight().used()).isZero();

            // The session goes on.
            data(envelope(mx));
            mx.sendRaw(body(100) + ".\r\n");
            assertThat(mx.readSmtpReply()).singleElement().asString().startsWith("250 2.6.0 ");
        }
        assertThat(Internals.of(emulator).store().open("alex@contoso.com").inbox().exists()).isEqualTo(2);
    }

    @Test
    void aBdatChunkPastTheBudgetIsRefusedAndEndsTheTransaction() throws IOException {
        start(1000);
        try (LineClient mx = envelope(greeted())) {
            String chunk = body(1001);
            mx.sendRaw("BDAT " + chunk.length() + "\r\n" + chunk);
            assertThat(mx.readSmtpReply()).containsExactly(INSUFFICIENT);
            mx.sendRaw("BDAT 4 LAST\r\n\r\nhi");
            assertThat(mx.readSmtpReply()).containsExactly("503 5.5.2 Need mail command");
            assertThat(inFlight().used()).isZero();
        }
    }

    @Test
    void sizeAtMailFromThatCannotFitNowGets452() throws IOException {
        start(1000);
        try (LineClient mx = greeted()) {
            mx.send("MAIL FROM:<sender@fabrikam.com> SIZE=1000");
            assertThat(mx.readSmtpReply()).as("exactly the budget").containsExactly("250 2.1.0 Sender OK");
            mx.send("RSET");
            mx.readSmtpReply();
            mx.send("MAIL FROM:<sender@fabrikam.com> SIZE=1001");
            assertThat(mx.readSmtpReply()).containsExactly(INSUFFICIENT);
        }
    }

    @Test
    void theReservationIsGivenBackOnRsetAndWhenTheClientGoesAway() throws IOException {
        start(1_000_000);
        try (LineClient mx = envelope(greeted())) {
            String chunk = body(5000);
            mx.sendRaw("BDAT " + chunk.length() + "\r\n" + chunk);
            assertThat(mx.readSmtpReply()).containsExactly("250 2.0.0 5000 bytes received");
            assertThat(inFlight().used()).isEqualTo(5000);
            mx.send("RSET");
            assertThat(mx.readSmtpReply()).containsExactly("250 2.0.0 Resetting");
            assertThat(inFlight().used()).isZero();

            envelope(mx);
            mx.send("DATA");
            mx.readSmtpReply();
            mx.sendRaw(body(7000));
            Await.until("the partial body buffered", RELEASED, () -> inFlight().used() == 7000);
        }
        Await.until("the reservation given back after the close", RELEASED, () -> inFlight().used() == 0);
    }

    /**
     * Two bodies that cannot both be held: the first fits, the second, arriving while the first is still
     * buffered, is dropped and refused; both clients get a reply.
     */
    @Test
    void aSecondBodyThatDoesNotFitBesideTheFirstGets452AndTheFirstIsAccepted() throws IOException {
        int size = 100_000;
        start(size + size / 2);
        try (LineClient first = envelope(greeted()); LineClient second = envelope(greeted())) {
            first.send("DATA");
            first.readSmtpReply();
            second.send("DATA");
            second.readSmtpReply();
            first.sendRaw(body(size));
            Await.until("the first body buffered", RELEASED, () -> inFlight().used() == size);
            second.sendRaw(body(size));
            Await.until("the second body dropped", RELEASED, () -> journalMentions("budget of bodies in flight"));
            second.sendRaw(".\r\n");
            first.sendRaw(".\r\n");
            assertThat(second.readSmtpReply()).containsExactly(INSUFFICIENT);
            assertThat(first.readSmtpReply()).singleElement().asString().startsWith("250 2.6.0 ");
        }
        assertThat(inFlight().used()).isZero();
        assertThat(Internals.of(emulator).store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
    }

    /**
     * Many large bodies at once under a small budget: every client gets a reply, none a reset. (Scaled
     * down from the 155 MB streams that once reset connections: the tests run with Netty's paranoid leak
     * detection, which makes every byte the decoder reads slow.)
     */
    @Test
    void concurrentLargeBodiesEachGetAReplyNeverAReset() throws Exception {
        int clients = 6;
        int size = 100_000;
        start(250_000);
        String body = body(size) + ".\r\n";
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                replies.add(pool.submit(() -> {
                    try (LineClient mx = envelope(greeted())) {
                        mx.send("DATA");
                        mx.readSmtpReply();
                        mx.sendRaw(body);
                        return mx.readSmtpReply().get(0);
                    }
                }));
            }
            int accepted = 0;
            for (Future<String> reply : replies) {
                String line = reply.get(60, TimeUnit.SECONDS);
                assertThat(line).matches("250 2\\.6\\.0 .*|" + INSUFFICIENT);
                accepted += line.startsWith("250") ? 1 : 0;
            }
            assertThat(Internals.of(emulator).store().open("alex@contoso.com").inbox().exists()).isEqualTo(accepted);
            assertThat(inFlight().used()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    private boolean journalMentions(String text) {
        return Internals.of(emulator).journal().sessions().stream().flatMap(s -> s.transcript().stream())
                .anyMatch(line -> line.text().contains(text));
    }

    /** Message content of exactly {@code size} octets (header, blank line, body lines), ending with CRLF. */
    private static String body(int size) {
        StringBuilder b = new StringBuilder(size).append("Subject: in flight\r\n\r\n");
        while (size - b.length() > 100) {
            b.append("y".repeat(98)).append("\r\n");
        }
        b.append("y".repeat(size - b.length() - 2)).append("\r\n");
        assertThat(b.length()).isEqualTo(size);
        return b.toString();
    }

    private LineClient greeted() throws IOException {
        LineClient c = LineClient.connect(emulator.address(Endpoint.SMTP));
        c.readSmtpReply();
        c.send("EHLO mta.fabrikam.com");
        c.readSmtpReply();
        return c;
    }

    private static void data(LineClient c) throws IOException {
        c.send("DATA");
        assertThat(c.readSmtpReply()).containsExactly("354 Start mail input; end with <CRLF>.<CRLF>");
    }

    private static LineClient envelope(LineClient c) throws IOException {
        c.send("MAIL FROM:<sender@fabrikam.com>");
        assertThat(c.readSmtpReply()).containsExactly("250 2.1.0 Sender OK");
        c.send("RCPT TO:<alex@contoso.com>");
        assertThat(c.readSmtpReply()).containsExactly("250 2.1.5 Recipient OK");
        return c;
    }

    private LineClient authenticated() throws IOException {
        return SubmissionLogin.loggedIn(emulator, "adele@contoso.com", "Passw0rd!adele");
    }
}
