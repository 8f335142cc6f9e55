package dev.o365emulator.testkit;

import dev.o365emulator.server.Sessions;
import dev.o365emulator.server.journal.Session;

/**
 * The entry point for AssertJ assertions over what reached the emulator.
 *
 * <pre>{@code
 * import static dev.o365emulator.testkit.O365Assertions.assertThat;
 *
 * assertThat(emulator.mailbox("alex@contoso.com")).hasInboxCount(1);
 * assertThat(emulator.awaitMessages("alex@contoso.com", 1, Duration.ofSeconds(5)).get(0))
 *         .isFrom("adele@contoso.com").hasSubject("Invoice").hasAttachment("invoice.pdf");
 * assertThat(emulator.sessions().all().get(0)).negotiatedTlsAtLeast12().authenticatedAs("adele@contoso.com");
 * assertThat(emulator.sessions()).hasNoProtocolErrors();
 * }</pre>
 */
public final class O365Assertions {

    private O365Assertions() {}

    public static ReceivedMessageAssert assertThat(ReceivedMessage message) {
        return new ReceivedMessageAssert(message);
    }

    public static MailboxAssert assertThat(MailboxContents mailbox) {
        return new MailboxAssert(mailbox);
    }

    public static SessionAssert assertThat(Session session) {
        return new SessionAssert(session);
    }

    public static JournalAssert assertThat(Sessions journal) {
        return new JournalAssert(journal);
    }
}
