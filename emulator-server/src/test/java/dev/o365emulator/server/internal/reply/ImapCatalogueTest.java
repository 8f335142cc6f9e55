package dev.o365emulator.server.internal.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.codec.imap.ImapResponse;
import dev.o365emulator.codec.imap.ImapResponseEncoder;
import dev.o365emulator.server.internal.imap.ImapReplyRenderer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The IMAP part of the catalogue: every entry's bytes on the wire, and its place in the index. */
class ImapCatalogueTest {

    @Test
    void everyEntryIsIndexedOnceWithAnImapFormOnlyAndASource() {
        List<Office365Reply> all = Office365Replies.all();
        Set<String> ids = new HashSet<>();
        for (Office365Reply reply : all) {
            assertThat(ids.add(reply.id())).as("unique id %s", reply.id()).isTrue();
        }
        assertThat(all).containsAll(ImapCatalogue.all());
        for (Office365Reply reply : ImapCatalogue.all()) {
            assertThat(reply.id()).startsWith("imap-");
            assertThat(reply.imap()).as(reply.id()).isNotNull();
            assertThat(reply.smtp()).as(reply.id()).isNull();
            assertThat(reply.pop3()).as(reply.id()).isNull();
            assertThat(reply.condition()).as(reply.id()).isNotBlank();
            assertThat(reply.provenance().source()).as(reply.id()).isNotBlank();
            if (reply.provenance().evidence() == Provenance.Evidence.INFERRED) {
                assertThat(reply.provenance().note()).as("why %s is inferred", reply.id()).isNotBlank();
            }
        }
    }

    @Test
    void taggedEntriesPutExchangesWordsOnTheWire() {
        assertThat(tagged(ImapCatalogue.COMPLETED.with(command("NAMESPACE")), null))
                .isEqualTo("a1 OK NAMESPACE completed.\r\n");
        assertThat(tagged(ImapCatalogue.COMPLETED.with(command("SELECT")), "READ-WRITE"))
                .isEqualTo("a1 OK [READ-WRITE] SELECT completed.\r\n");
        assertThat(tagged(ImapCatalogue.FAILED.with(command("LOGIN")), null)).isEqualTo("a1 NO LOGIN failed.\r\n");
        assertThat(tagged(ImapCatalogue.AUTHENTICATE_CANCELLED, null)).isEqualTo("a1 BAD AUTHENTICATE failed.\r\n");
        assertThat(tagged(ImapCatalogue.INVALID_STATE, null)).isEqualTo("a1 BAD Command received in Invalid state.\r\n");
        assertThat(tagged(ImapCatalogue.COMMAND_ERROR, null)).isEqualTo("a1 BAD Command Error. 10\r\n");
        assertThat(tagged(ImapCatalogue.ARGUMENT_ERROR, null)).isEqualTo("a1 BAD Command Argument Error. 11\r\n");
        assertThat(tagged(ImapCatalogue.STARTTLS_GO_AHEAD, null)).isEqualTo("a1 OK Begin TLS negotiation now.\r\n");
        assertThat(tagged(ImapCatalogue.TRY_CREATE.with(command("COPY")), null))
                .isEqualTo("a1 NO [TRYCREATE] COPY failed.\r\n");
        assertThat(tagged(ImapCatalogue.OVER_QUOTA.with(command("APPEND")), null))
                .isEqualTo("a1 NO [OVERQUOTA] APPEND failed.\r\n");
        assertThat(tagged(ImapCatalogue.STORE_FULL.with(command("MOVE")), null)).isEqualTo("a1 NO [LIMIT] MOVE failed.\r\n");
        assertThat(tagged(ImapCatalogue.BAD_CHARSET, null))
                .isEqualTo("a1 NO [BADCHARSET (US-ASCII UTF-8)] SEARCH failed.\r\n");
    }

    @Test
    void unsolicitedEntriesPutExchangesWordsOnTheWire() {
        assertThat(untagged(ImapCatalogue.GREETING.with(ReplyArgs.of("greetingBlob", "TQBXAEgA"))))
                .isEqualTo("* OK The Microsoft Exchange IMAP4 service is ready. [TQBXAEgA]\r\n");
        assertThat(untagged(ImapCatalogue.SELECT_PERMANENT_FLAGS.with(ReplyArgs.of("keywords", " $Label1")))).isEqualTo(
                "* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent $Label1 \\*)] Permanent flags\r\n");
        assertThat(untagged(ImapCatalogue.SELECT_UNSEEN.with(ReplyArgs.of("unseen", "241"))))
                .isEqualTo("* OK [UNSEEN 241] Is the first unseen message\r\n");
        assertThat(untagged(ImapCatalogue.SELECTED_FOLDER_DELETED)).isEqualTo("* BYE The selected folder was deleted.\r\n");
        assertThat(untagged(ImapCatalogue.SELECT_UID_VALIDITY.with(ReplyArgs.of("uidValidity", "14"))))
                .isEqualTo("* OK [UIDVALIDITY 14] UIDVALIDITY value\r\n");
        assertThat(untagged(ImapCatalogue.SELECT_UID_NEXT.with(ReplyArgs.of("uidNext", "3687"))))
                .isEqualTo("* OK [UIDNEXT 3687] The next unique identifier value\r\n");
        assertThat(untagged(ImapCatalogue.SIGN_OFF)).isEqualTo("* BYE Microsoft Exchange Server IMAP4 server signing off.\r\n");
        assertThat(untagged(ImapCatalogue.NOT_CONNECTED_CLOSED)).isEqualTo("* BYE Connection closed. 14\r\n");
        assertThat(untagged(ImapCatalogue.TOKEN_EXPIRED)).isEqualTo("* BYE Session invalidated - AccessTokenExpired\r\n");
        assertThat(untagged(ImapCatalogue.AUTO_LOGOUT)).isEqualTo("* BYE Connection is closed. 13\r\n");
        assertThat(untagged(ImapCatalogue.ENDLESS_LINE)).isEqualTo("* BYE Connection is closed. 10\r\n");
        assertThat(untagged(ImapCatalogue.TOO_MUCH_PIPELINED))
                .isEqualTo("* BYE Too many commands sent without waiting for the replies.\r\n");
        assertThat(untagged(ImapCatalogue.COMMAND_ERROR)).isEqualTo("* BAD Command Error. 10\r\n");
    }

    @Test
    void aByeIsNeverTagged() {
        assertThatThrownBy(() -> ImapReplyRenderer.tagged("a1", ImapCatalogue.SIGN_OFF, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imap-sign-off");
    }

    private static ReplyArgs command(String name) {
        return ReplyArgs.of("command", name);
    }

    private static String tagged(Office365Reply reply, String code) {
        return wire(ImapReplyRenderer.tagged("a1", reply, code));
    }

    private static String untagged(Office365Reply reply) {
        return wire(ImapReplyRenderer.untagged(reply));
    }

    private static String wire(ImapResponse response) {
        EmbeddedChannel channel = new EmbeddedChannel(new ImapResponseEncoder());
        try {
            channel.writeOutbound(response);
            StringBuilder out = new StringBuilder();
            for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
                out.append(buf.toString(StandardCharsets.UTF_8));
                buf.release();
            }
            return out.toString();
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
