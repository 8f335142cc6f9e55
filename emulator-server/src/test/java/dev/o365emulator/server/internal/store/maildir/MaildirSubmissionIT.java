package dev.o365emulator.server.internal.store.maildir;

import static dev.o365emulator.server.tenant.DefaultTenant.ADELE;
import static dev.o365emulator.server.tenant.DefaultTenant.ADELE_PASSWORD;
import static dev.o365emulator.server.tenant.DefaultTenant.ALEX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailStore;
import dev.o365emulator.server.internal.store.MessageHandle;
import dev.o365emulator.server.internal.store.SpecialUse;
import dev.o365emulator.server.testing.AngusSmtp;
import jakarta.mail.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message submitted on 587 (Angus Mail, STARTTLS, AUTH) to the Maildir store is in the sender's Sent Items,
 * {@code \Seen}, and in the recipient's Inbox once its {@code 250} has come, one file under both names, and
 * both copies are there again after a restart on the same directory.
 */
class MaildirSubmissionIT {
    @TempDir
    Path root;

    private Emulator start() {
        return Internals.maildir(Emulator.builder().endpoints(Endpoint.SUBMISSION), root, MaildirOptions.defaults())
                .start();
    }

    @Test
    void aSubmissionLandsInSentItemsAndTheRecipientsInboxAndSurvivesARestart() throws Exception {
        try (Emulator emulator = start()) {
            var session = AngusSmtp.session(emulator, Endpoint.SUBMISSION);
            Transport.send(AngusSmtp.message(session, ADELE, ALEX, "both folders"), ADELE, ADELE_PASSWORD);

            MailStore store = Internals.of(emulator).store();
            MessageHandle sent = only(store.open(ADELE).folder(SpecialUse.SENT).snapshot().messages());
            MessageHandle inbox = only(store.open(ALEX).inbox().snapshot().messages());
            assertThat(sent.flags()).isEqualTo(Flags.SEEN);
            assertThat(inbox.flags()).isEqualTo(Flags.NONE);
            assertThat(Files.isSameFile(((MaildirMessage) sent.message().source()).path(),
                    ((MaildirMessage) inbox.message().source()).path())).as("one file, linked").isTrue();
        }
        try (Emulator again = start()) {
            MailStore store = Internals.of(again).store();
            MessageHandle sent = only(store.open(ADELE).folder(SpecialUse.SENT).snapshot().messages());
            MessageHandle inbox = only(store.open(ALEX).inbox().snapshot().messages());
            assertThat(sent.flags()).isEqualTo(Flags.SEEN);
            for (MessageHandle copy : List.of(sent, inbox)) {
                assertThat(new String(copy.message().source().bytes(), StandardCharsets.UTF_8))
                        .contains("Subject: both folders").contains("Hello from Angus Mail.");
            }
        }
    }

    private static MessageHandle only(List<MessageHandle> messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }
}
