package dev.o365emulator.server.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.EmulatorExtension;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What an IMAP or POP3 client sees of Office 365's mailbox access, whichever way it reaches TLS: one
 * abstract class per protocol, one subclass per endpoint, driven by Angus Mail.
 */
abstract class StoreContract {

    /** The running emulator of the subclass. */
    abstract EmulatorExtension emulator();

    /** The endpoint the subclass reads from. */
    abstract Endpoint endpoint();

    /** Office 365's words for a wrong password on this protocol, as the client's exception carries them. */
    abstract String refusal();

    private Store connect(String password) throws Exception {
        Store store = MailClients.session(emulator().api(), endpoint()).getStore(MailClients.protocol(endpoint()));
        store.connect(DefaultTenant.ALEX, password);
        return store;
    }

    @Test
    void aLoginReadsTheMessageDeliveredToTheInbox() throws Exception {
        emulator().api().mail().deliver(DefaultTenant.ALEX, ("From: megan@contoso.com\r\nTo: alex@contoso.com\r\n"
                + "Subject: contract\r\n\r\nHello Alex\r\n").getBytes(StandardCharsets.US_ASCII));
        Store store = connect(DefaultTenant.ALEX_PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] messages = inbox.getMessages();
            assertThat(messages).hasSize(1);
            assertThat(messages[0].getSubject()).isEqualTo("contract");
            assertThat((String) messages[0].getContent()).contains("Hello Alex");
            inbox.close(false);
        } finally {
            store.close();
        }
        Session session = emulator().api().sessions().filter(s -> s.user().isPresent()).get(0);
        assertThat(session.endpoint()).isEqualTo(endpoint());
        assertThat(session.tls()).hasValueSatisfying(tls -> assertThat(tls.isAtLeastTls12()).isTrue());
        assertThat(session.user()).contains(DefaultTenant.ALEX);
    }

    @Test
    void aWrongPasswordIsRefusedWithOffice365sReply() {
        assertThatThrownBy(() -> connect("not the password")).isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining(refusal());
    }
}
