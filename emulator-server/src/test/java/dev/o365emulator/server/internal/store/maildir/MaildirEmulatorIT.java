package dev.o365emulator.server.internal.store.maildir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.EmulatorStartException;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.internal.runtime.Internals;
import dev.o365emulator.server.internal.store.Flags;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An emulator on a Maildir store: pre-loaded mail fills a new store once, and one root serves one emulator. */
class MaildirEmulatorIT {
    @TempDir
    Path dir;

    private Emulator start() {
        return Emulator.builder().endpoints(Endpoint.IMAPS).maildir(dir.resolve("mail"))
                .preloadMail(dir.resolve("eml")).start();
    }

    @Test
    void preloadedMailFillsANewStoreOnlyAndResetLoadsItAgain() throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("eml/alex@contoso.com/Inbox"));
        Files.writeString(inbox.resolve("0001.eml"), "Subject: preloaded\r\n\r\nbody\r\n");
        try (Emulator first = start()) {
            assertThat(first.mail().preloaded()).hasValueSatisfying(r -> assertThat(r.messages()).isEqualTo(1));
            Internals.of(first).store().open("alex@contoso.com").inbox().append(Internals.of(first).store().newMessage(
                    "Subject: later\r\n\r\nx\r\n".getBytes()), Flags.NONE);
        }
        try (Emulator again = start()) {
            assertThat(again.mail().preloaded()).isEmpty();
            assertThat(Internals.of(again).store().open("alex@contoso.com").inbox().exists()).isEqualTo(2);
            assertThatThrownBy(this::start).isInstanceOf(EmulatorStartException.class)
                    .hasMessageContaining("is in use by another emulator");
            again.reset();
            assertThat(Internals.of(again).store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
        }
    }
}
