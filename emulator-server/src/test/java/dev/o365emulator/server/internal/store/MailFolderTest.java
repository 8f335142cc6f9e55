package dev.o365emulator.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MailFolderContract} against the in-memory store. */
class MailFolderTest extends MailFolderContract {
    @Override
    StoreKind kind() {
        return StoreKind.MEMORY;
    }

    @Test
    void aCopySharesTheStoredBytes() {
        MailStore store = newStore(Clock.systemUTC());
        MailboxStore mailbox = store.open("adele@contoso.com");
        StoredMessage a = store.newMessage("Subject: a\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        mailbox.inbox().append(a, Flags.NONE);
        mailbox.inbox().copyTo(List.of(1L), mailbox.folder(SpecialUse.ARCHIVE));
        assertThat(mailbox.folder(SpecialUse.ARCHIVE).snapshot().byUid(1).orElseThrow().message()).isSameAs(a);
    }
}
