package dev.o365emulator.server.internal.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.imap.ImapStatus;
import dev.o365emulator.codec.imap.ImapTaggedResponse;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The catalogue's words as the session writes them, and the command table the session dispatches by. */
class ImapRepliesTest {

    @Test
    void capabilityListsAreOffice365s() {
        assertThat(ImapReplies.CAPABILITY_PRE_AUTH).isEqualTo("CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2"
                + " SASL-IR UIDPLUS ID UNSELECT CHILDREN IDLE NAMESPACE LITERAL+");
        assertThat(ImapReplies.CAPABILITY_POST_AUTH).isEqualTo("CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2"
                + " SASL-IR UIDPLUS MOVE ID UNSELECT CLIENTACCESSRULES CLIENTNETWORKPRESENCELOCATION BACKENDAUTHENTICATE"
                + " CHILDREN IDLE NAMESPACE LITERAL+");
        assertThat(ImapReplies.CAPABILITY_PLAIN).isEqualTo("CAPABILITY IMAP4 IMAP4rev1 LOGINDISABLED STARTTLS UIDPLUS"
                + " MOVE ID CHILDREN IDLE NAMESPACE LITERAL+");
        assertThat(ImapReplies.flags(List.of())).isEqualTo("FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent)");
        assertThat(ImapReplies.flags(List.of("$Label1", "custom"))).isEqualTo(
                "FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent $Label1 custom)");
        assertThat(ImapReplies.NAMESPACE).isEqualTo("NAMESPACE ((\"\" \"/\")) NIL NIL");
        assertThat(ImapReplies.IDLE_CONTINUATION).isEqualTo("IDLE accepted, awaiting DONE command.");
    }

    @Test
    void everyCommandCompletesAndFailsInExchangesWords() {
        for (ImapCommand command : ImapCommand.values()) {
            ImapTaggedResponse ok = ImapReplyRenderer.tagged("a1", ImapReplies.completed(command), null);
            ImapTaggedResponse no = ImapReplyRenderer.tagged("a1", ImapReplies.failed(command), null);
            assertThat(ok.status()).isEqualTo(ImapStatus.OK);
            assertThat(ok.text()).isEqualTo(command.name() + " completed.");
            assertThat(no.status()).isEqualTo(ImapStatus.NO);
            assertThat(no.text()).isEqualTo(command.name() + " failed.");
        }
    }

    @Test
    void everyCommandHasAHandlerNamedAfterItsVerbOrFamily() {
        for (ImapCommand command : ImapCommand.values()) {
            String handler = command.handler().getClass().getSimpleName();
            assertThat(handler).endsWith("Handler");
            String family = switch (command) {
                case EXAMINE -> "SELECT";
                case UNSUBSCRIBE -> "SUBSCRIBE";
                case LSUB -> "LIST";
                case CHECK -> "NOOP";
                case UNSELECT -> "CLOSE";
                case MOVE -> "COPY";
                default -> command.name();
            };
            assertThat(handler.toUpperCase(Locale.ROOT)).isEqualTo(family + "HANDLER");
        }
    }
}
