package dev.o365emulator.server.internal.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.codec.imap.ImapResponseEncoder;
import dev.o365emulator.codec.pop3.Pop3ResponseEncoder;
import dev.o365emulator.codec.smtp.SmtpResponseEncoder;
import dev.o365emulator.scenarios.Preset;
import dev.o365emulator.scenarios.Reply;
import dev.o365emulator.server.internal.imap.ImapReplyRenderer;
import dev.o365emulator.server.internal.pop3.Pop3ReplyRenderer;
import dev.o365emulator.server.internal.smtp.SmtpReplyRenderer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The catalogue's replies as they reach the wire, rendered by each protocol and written by its
 * encoder. {@code replies/presets.txt} holds the bytes every preset puts on the wire in each protocol;
 * a fidelity fix changes the catalogue and that file together.
 */
class ReplyCatalogueTest {

    private static final ReplyArgs ARGS = ReplyArgs.of("clientIp", "192.0.2.7",
            "host", "AM0PR01CA0001.outlook.office365.com",
            ReplyArgs.TRAILER, "[AM0PR01CA0001.eurprd01.prod.outlook.com 2026-12-03T08:00:00.000Z 08DE3100AB12CD34]",
            "user", "adele@contoso.com", "sender", "info@contoso.com");

    @Test
    void everyPresetPutsTheRecordedBytesOnTheWireInEveryProtocol() throws IOException {
        Map<String, String> expected = golden();
        assertThat(expected).hasSize(Preset.values().length * 5);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String[] key = e.getKey().split(" ");
            Preset preset = Preset.byId(key[0]).orElseThrow();
            String command = key[2].equals("AUTHENTICATE") ? "AUTHENTICATE" : "LOGIN";
            Office365Reply reply = PresetReplies.of(preset).with(ARGS.and("command", command));
            assertThat(wire(key[1], reply)).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void placeholdersWithoutAValueStayVisible() {
        assertThat(ReplyArgs.of("user", "a@b").fill("{user} may not send as {sender}")).isEqualTo("a@b may not send as {sender}");
        assertThat(ReplyArgs.NONE.fill("text {")).isEqualTo("text {");
        assertThat(ReplyArgs.of("x", null).fill("[{x}]")).isEqualTo("[]");
    }

    @Test
    void theTrailerIsAppendedOnlyWhenTheSmtpFormAsksForItAndOneIsGiven() {
        Office365Reply withTrailer = AuthRefusals.BAD_CREDENTIALS.with(ReplyArgs.of(ReplyArgs.TRAILER, "[H]"));
        assertThat(withTrailer.smtp().text()).isEqualTo("Authentication unsuccessful [H]");
        assertThat(withTrailer.smtp().trailer()).isFalse();
        assertThat(PresetReplies.SERVER_BUSY.with(ReplyArgs.of(ReplyArgs.TRAILER, "[H]")).smtp().text())
                .doesNotContain("[H]");
        Office365Reply without = AuthRefusals.BAD_CREDENTIALS.with(ReplyArgs.NONE);
        assertThat(without.smtp().text()).isEqualTo("Authentication unsuccessful");
        assertThat(without.smtp().trailer()).isTrue();
    }

    @Test
    void aRulesOwnReplyTakesEachProtocolsForm() {
        Office365Reply busy = Office365Reply.fromRule("busy", new Reply(421, "4.3.2", "Go away", Reply.ImapStatus.BYE,
                null));
        assertThat(wire("smtp", busy)).isEqualTo("421 4.3.2 Go away\\r\\n");
        assertThat(wire("imap", busy)).isEqualTo("* BYE Go away\\r\\n");
        assertThat(wire("pop3", busy)).isEqualTo("-ERR Go away\\r\\n");
        Office365Reply welcome = Office365Reply.fromRule("hi", new Reply(null, null, "Hello", null, "later"));
        assertThat(wire("smtp", welcome)).isEqualTo("451 Hello\\r\\n");
        assertThat(wire("imap", welcome)).isEqualTo("a1 NO Hello\\r\\n* BYE later\\r\\n");
        assertThat(welcome.imap().endsConnection()).isTrue();
        Office365Reply ok = Office365Reply.fromRule("ok", new Reply(250, null, "Fine", Reply.ImapStatus.NO, null));
        assertThat(wire("pop3", ok)).isEqualTo("+OK Fine\\r\\n");
    }

    @Test
    void anEnhancedCodeOfAnotherClassIsWrittenAsTheTextsFirstWord() {
        assertThat(wire("smtp", PresetReplies.STARTTLS_REQUIRED.with(ReplyArgs.of(ReplyArgs.TRAILER, "[T]"))))
                .isEqualTo("451 5.7.3 STARTTLS is required to send mail [T]\\r\\n");
    }

    @Test
    void aReplyWithoutAProtocolsFormIsNotRenderedInIt() {
        assertThatThrownBy(() -> SmtpReplyRenderer.response(AuthRefusals.IMAP_NOT_CONNECTED))
                .hasMessageContaining("no SMTP form");
        assertThatThrownBy(() -> new Office365Reply("x", "never", null, null, null, Provenance.SCENARIO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyPresetHasEveryProtocolsFormAndASource() {
        for (Preset preset : Preset.values()) {
            Office365Reply reply = PresetReplies.of(preset);
            assertThat(reply.smtp()).as(preset.id()).isNotNull();
            assertThat(reply.imap()).as(preset.id()).isNotNull();
            assertThat(reply.pop3()).as(preset.id()).isNotNull();
            assertThat(reply.provenance().source()).as(preset.id()).isNotBlank();
        }
    }

    private static String wire(String protocol, Office365Reply reply) {
        ChannelHandler encoder = switch (protocol) {
            case "smtp" -> new SmtpResponseEncoder();
            case "imap" -> new ImapResponseEncoder();
            default -> new Pop3ResponseEncoder();
        };
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        List<?> responses = switch (protocol) {
            case "smtp" -> List.of(SmtpReplyRenderer.response(reply));
            case "imap" -> ImapReplyRenderer.responses(reply, "a1");
            default -> List.of(Pop3ReplyRenderer.response(reply));
        };
        responses.forEach(channel::writeOutbound);
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        channel.finishAndReleaseAll();
        return out.toString().replace("\r\n", "\\r\\n");
    }

    private static Map<String, String> golden() throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        try (InputStream in = Objects.requireNonNull(ReplyCatalogueTest.class.getResourceAsStream("/replies/presets.txt"))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    int tab = line.indexOf('\t');
                    map.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
        return map;
    }
}
