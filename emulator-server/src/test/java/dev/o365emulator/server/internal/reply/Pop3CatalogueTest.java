package dev.o365emulator.server.internal.reply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.pop3.Pop3ResponseEncoder;
import dev.o365emulator.server.internal.pop3.Pop3ReplyRenderer;
import dev.o365emulator.server.internal.reply.Provenance.Evidence;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POP3's part of the catalogue: in the index once each, with a source, and the bytes its entries put on the wire. */
class Pop3CatalogueTest {

    @Test
    void theIndexHoldsEveryPop3EntryAndNoIdTwice() {
        List<Office365Reply> all = Office365Replies.all();
        assertThat(all).containsAll(Pop3Catalogue.all());
        assertThat(all).containsAll(AuthRefusals.all()).containsAll(PresetReplies.all());
        assertThat(all.stream().map(Office365Reply::id)).doesNotHaveDuplicates();
    }

    @Test
    void everyPop3EntryHasOnlyAPop3FormAndSaysWhereItsWordsComeFrom() {
        for (Office365Reply reply : Pop3Catalogue.all()) {
            assertThat(reply.id()).startsWith("pop3-");
            assertThat(reply.pop3()).as(reply.id()).isNotNull();
            assertThat(reply.smtp()).as(reply.id()).isNull();
            assertThat(reply.imap()).as(reply.id()).isNull();
            assertThat(reply.provenance().source()).as(reply.id()).isNotBlank();
            if (reply.provenance().evidence() != Evidence.CAPTURED) {
                assertThat(reply.provenance().note()).as(reply.id() + ": why, where the evidence is weak").isNotBlank();
            }
        }
    }

    @Test
    void entriesPutOffice365sLinesOnTheWire() {
        assertThat(wire(Pop3Catalogue.GREETING.with(ReplyArgs.of("greetingBlob", "TQBXAEgA"))))
                .isEqualTo("+OK The Microsoft Exchange POP3 service is ready. [TQBXAEgA]\r\n");
        assertThat(wire(Pop3Catalogue.OK)).isEqualTo("+OK\r\n");
        assertThat(wire(Pop3Catalogue.DROP_LISTING.with(ReplyArgs.of("count", "2", "octets", "320"))))
                .isEqualTo("+OK 2 320\r\n");
        assertThat(wire(Pop3Catalogue.INVALID_STATE)).isEqualTo("-ERR Command is not valid in this state.\r\n");
        assertThat(wire(Pop3Catalogue.CONNECTION_CLOSED)).isEqualTo("-ERR Protocol error. Connection is closed. 10\r\n");
        assertThat(wire(Pop3Catalogue.SIGN_OFF)).isEqualTo("+OK Microsoft Exchange Server POP3 server signing off.\r\n");
        assertThat(Pop3Catalogue.CAPABILITIES).containsExactly("TOP", "UIDL", "SASL PLAIN XOAUTH2", "USER");
    }

    private static String wire(Office365Reply reply) {
        EmbeddedChannel channel = new EmbeddedChannel(new Pop3ResponseEncoder());
        channel.writeOutbound(Pop3ReplyRenderer.response(reply));
        StringBuilder out = new StringBuilder();
        for (ByteBuf buf = channel.readOutbound(); buf != null; buf = channel.readOutbound()) {
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        channel.finishAndReleaseAll();
        return out.toString();
    }
}
