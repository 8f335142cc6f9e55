package dev.o365emulator.server.internal.reply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.smtp.SmtpResponseEncoder;
import dev.o365emulator.server.internal.smtp.SmtpReplyRenderer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The SMTP session's replies as they reach the wire. {@code replies/smtp.txt} holds the bytes of every
 * entry of {@link SmtpCatalogue} with the arguments below; a fidelity fix changes the catalogue and that
 * file together.
 */
class SmtpCatalogueTest {

    private static final ReplyArgs ARGS = ReplyArgs.of("host", "LO4P302CA0005.outlook.office365.com",
            "clientIp", "192.0.2.7", "date", "Sun, 26 Jan 2025 18:54:30 +0000", "instanceMarker", "08DD3DD7D75D7743",
            "verb", "XYZZY", "user", "adele@contoso.com", "sender", "info@contoso.com",
            "mailboxServer", "SN2PR00MB2034.namprd00.prod.outlook.com", "messageId", "<m1@contoso.com>",
            "octets", "1234", "internalId", "123456", "seconds", "0.250", "rate", "4.820",
            "authError", "535 5.7.3 Authentication unsuccessful",
            ReplyArgs.TRAILER, "[LO4P302CA0005.GBRP302.PROD.OUTLOOK.COM 2025-01-26T18:54:30.055Z 08DD3DD7D75D7743]");

    @Test
    void everyEntryPutsTheRecordedBytesOnTheWire() throws IOException {
        Map<String, String> expected = golden();
        assertThat(expected.keySet()).containsExactlyElementsOf(SmtpCatalogue.all().stream().map(Office365Reply::id)
                .toList());
        for (Office365Reply reply : SmtpCatalogue.all()) {
            assertThat(wire(reply.with(ARGS))).as(reply.id()).isEqualTo(expected.get(reply.id()));
        }
    }

    @Test
    void everyEntryIsListedInTheCatalogueOnceWithItsSource() {
        List<Office365Reply> all = Office365Replies.all();
        assertThat(all).containsAll(SmtpCatalogue.all());
        Set<String> ids = new HashSet<>();
        for (Office365Reply reply : all) {
            assertThat(ids.add(reply.id())).as("id %s is unique", reply.id()).isTrue();
            assertThat(reply.provenance().source()).as(reply.id()).isNotBlank();
            assertThat(reply.condition()).as(reply.id()).isNotBlank();
        }
    }

    @Test
    void everyPlaceholderIsOneTheSessionFillsAndEveryLineKeepsToRfc5321() {
        for (Office365Reply reply : SmtpCatalogue.all()) {
            String line = wire(reply.with(ARGS));
            assertThat(line).as(reply.id()).doesNotContain("{", "}");
            assertThat(line.length()).as(reply.id()).isLessThanOrEqualTo(512);
        }
    }

    @Test
    void theEhloListKeepsOfficeThreeSixtyFivesOrder() {
        assertThat(SmtpCatalogue.EHLO_BEFORE_SECURITY).containsExactly("SIZE 157286400", "PIPELINING", "DSN",
                "ENHANCEDSTATUSCODES");
        assertThat(SmtpCatalogue.EHLO_AFTER_SECURITY).containsExactly("8BITMIME", "BINARYMIME", "CHUNKING", "SMTPUTF8");
    }

    private static String wire(Office365Reply reply) {
        EmbeddedChannel channel = new EmbeddedChannel(new SmtpResponseEncoder());
        channel.writeOutbound(SmtpReplyRenderer.response(reply));
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
        try (InputStream in = Objects.requireNonNull(SmtpCatalogueTest.class.getResourceAsStream("/replies/smtp.txt"))) {
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
