package dev.o365emulator.server.internal.pop3;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.internal.reply.Pop3Catalogue;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailStore;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The maildrop's answers the handlers share: why a message cannot be read, and the drop listing. */
class Pop3MaildropTest {

    private final MailStore store = new MailStore(Clock.systemUTC());

    private Pop3Maildrop maildrop(String... messages) {
        MailFolder inbox = store.open("adele@contoso.com").inbox();
        for (String message : messages) {
            inbox.append(store.newMessage(message.getBytes(US_ASCII)), Flags.NONE);
        }
        return Pop3Maildrop.of(inbox);
    }

    @Test
    void refusesMessagesPastTheEndAndMessagesMarkedDeleted() {
        Pop3Maildrop maildrop = maildrop("Subject: a\r\n\r\none\r\n", "Subject: b\r\n\r\ntwo\r\n");
        assertThat(maildrop.refusal(1)).isNull();
        assertThat(maildrop.refusal(0)).isSameAs(Pop3Catalogue.OUT_OF_RANGE);
        assertThat(maildrop.refusal(3)).isSameAs(Pop3Catalogue.OUT_OF_RANGE);
        maildrop.markDeleted(2);
        assertThat(maildrop.refusal(2)).isSameAs(Pop3Catalogue.NO_LONGER_AVAILABLE);
        maildrop.reset();
        assertThat(maildrop.refusal(2)).isNull();
    }

    @Test
    void theDropListingLeavesOutWhatIsMarkedDeleted() {
        Pop3Maildrop maildrop = maildrop("Subject: a\r\n\r\none\r\n", "Subject: bb\r\n\r\ntwo\r\n");
        assertThat(Pop3ReplyRenderer.line(maildrop.dropListing())).isEqualTo("+OK 2 39");
        maildrop.markDeleted(1);
        assertThat(Pop3ReplyRenderer.line(maildrop.dropListing())).isEqualTo("+OK 1 20");
        assertThat(Pop3ReplyRenderer.line(maildrop(/* the same Inbox, seen again */).dropListing()))
                .isEqualTo("+OK 2 39");
    }
}
