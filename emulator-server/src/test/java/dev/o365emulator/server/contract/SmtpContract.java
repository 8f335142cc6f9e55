package dev.o365emulator.server.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Mail;
import dev.o365emulator.server.journal.Session;
import dev.o365emulator.server.mail.MailMessage;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.AngusSmtp;
import dev.o365emulator.server.testing.Await;
import dev.o365emulator.server.testing.EmulatorExtension;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Transport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What an SMTP client sees of Office 365's submission, whichever way it reaches TLS: one subclass per
 * endpoint (587 with STARTTLS, 465 with TLS from the first byte), driven by Angus Mail.
 */
abstract class SmtpContract {

    /** The running emulator of the subclass. */
    abstract EmulatorExtension emulator();

    /** The endpoint the subclass submits to. */
    abstract Endpoint endpoint();

    @Test
    void aLoginSubmitsMailThatArrivesWithItsSentItemsCopy() throws Exception {
        jakarta.mail.Session session = MailClients.session(emulator().api(), endpoint());
        Transport.send(AngusSmtp.message(session, DefaultTenant.ADELE, DefaultTenant.ALEX, "contract"),
                DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD);

        Mail mail = emulator().api().mail();
        Await.until("the message in Alex's Inbox", Duration.ofSeconds(5),
                () -> mail.messages(DefaultTenant.ALEX, Mail.INBOX).size() == 1);
        MailMessage arrived = mail.messages(DefaultTenant.ALEX, Mail.INBOX).get(0);
        assertThat(arrived.subject()).isEqualTo("contract");
        assertThat(arrived.from()).containsExactly(DefaultTenant.ADELE);
        assertThat(mail.messages(DefaultTenant.ADELE, Mail.SENT_ITEMS)).hasSize(1);
        Session submitted = emulator().api().sessions().get(arrived.submittedBy().orElseThrow()).orElseThrow();
        assertThat(submitted.endpoint()).isEqualTo(endpoint());
        assertThat(submitted.tls()).hasValueSatisfying(tls -> assertThat(tls.isAtLeastTls12()).isTrue());
        assertThat(submitted.user()).contains(DefaultTenant.ADELE);
    }

    @Test
    void aWrongPasswordIsRefusedWithOffice365sReply() {
        jakarta.mail.Session session = MailClients.session(emulator().api(), endpoint());
        assertThatThrownBy(() -> Transport.send(AngusSmtp.message(session, DefaultTenant.ADELE, DefaultTenant.ALEX,
                "refused"), DefaultTenant.ADELE, "not the password"))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("535 5.7.3 Authentication unsuccessful");
        assertThat(emulator().api().mail().messages(DefaultTenant.ALEX, Mail.INBOX)).isEmpty();
    }
}
