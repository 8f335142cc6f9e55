package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.server.testing.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.testing.LineClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The header size limit ({@code 552 5.3.4 Header size exceeds fixed maximum size}, then
 * {@code 250 2.0.0 Resetting}) and non-ASCII addresses without SMTPUTF8, on the MX endpoint, where
 * an anonymous client may send.
 */
class SmtpHeaderAndAddressLimitsIT {

    @RegisterExtension
    static final EmulatorExtension emulator = EmulatorExtension.configure(b -> b.endpoints(Endpoint.SMTP));

    @Test
    void aBdatChunkWithAHeaderOverTheLimitIsRefusedAndRsetIsAnsweredResetting() throws IOException {
        try (LineClient c = envelope()) {
            // One octet past the limit, and the blank line after it.
            String header = header(SmtpSession.MAX_HEADER_SIZE + 1) + "\r\n";
            c.sendRaw("BDAT " + header.length() + "\r\n" + header);
            assertThat(c.readSmtpReply()).containsExactly("552 5.3.4 Header size exceeds fixed maximum size");
            c.send("RSET");
            assertThat(c.readSmtpReply()).containsExactly("250 2.0.0 Resetting");
            // The transaction is gone: the rest of the message has nothing to belong to.
            c.sendRaw("BDAT 4 LAST\r\n\r\nhi");
            assertThat(c.readSmtpReply()).containsExactly("503 5.5.2 Need mail command");
        }
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isZero();
    }

    @Test
    void aHeaderExactlyAtTheLimitSpreadOverChunksIsAccepted() throws IOException {
        try (LineClient c = envelope()) {
            String header = header(SmtpSession.MAX_HEADER_SIZE);
            int half = header.length() / 2;
            c.sendRaw("BDAT " + half + "\r\n" + header.substring(0, half));
            assertThat(c.readSmtpReply()).containsExactly("250 2.0.0 " + half + " bytes received");
            String rest = header.substring(half) + "\r\nbody\r\n";
            c.sendRaw("BDAT " + rest.length() + " LAST\r\n" + rest);
            assertThat(c.readSmtpReply()).singleElement().asString().startsWith("250 2.6.0 ");
        }
        assertThat(emulator.store().open("alex@contoso.com").inbox().exists()).isEqualTo(1);
    }

    @Test
    void aNonAsciiSenderWithoutSmtpUtf8IsRefused() throws IOException {
        try (LineClient c = greeted()) {
            c.send("MAIL FROM:<josé@fabrikam.com>");
            assertThat(c.readSmtpReply()).containsExactly("553 5.6.7 Non-ASCII addresses not permitted for that sender");
            c.send("MAIL FROM:<josé@fabrikam.com> SMTPUTF8");
            assertThat(c.readSmtpReply()).containsExactly("250 2.1.0 Sender OK");
        }
    }

    @Test
    void aNonAsciiRecipientWithoutSmtpUtf8IsRefused() throws IOException {
        try (LineClient c = greeted()) {
            c.send("MAIL FROM:<jose@fabrikam.com>");
            c.readSmtpReply();
            c.send("RCPT TO:<zoë@contoso.com>");
            assertThat(c.readSmtpReply())
                    .containsExactly("553 5.6.7 Non-ASCII addresses not permitted for that recipient");
        }
    }

    private static LineClient greeted() throws IOException {
        LineClient c = LineClient.connect(emulator.address(Endpoint.SMTP));
        c.readSmtpReply();
        c.send("EHLO mail.fabrikam.com");
        c.readSmtpReply();
        return c;
    }

    private static LineClient envelope() throws IOException {
        LineClient c = greeted();
        c.send("MAIL FROM:<sender@fabrikam.com>");
        assertThat(c.readSmtpReply()).containsExactly("250 2.1.0 Sender OK");
        c.send("RCPT TO:<alex@contoso.com>");
        assertThat(c.readSmtpReply()).containsExactly("250 2.1.5 Recipient OK");
        return c;
    }

    /** Header fields of 72 octets each up to about {@code size} octets, without the blank line after them. */
    /** Header fields of exactly {@code size} octets, ending with the CRLF before the blank line. */
    private static String header(int size) {
        StringBuilder h = new StringBuilder("From: sender@fabrikam.com\r\nTo: alex@contoso.com\r\n");
        while (size - h.length() > 200) {
            h.append("X-Filler: ").append("a".repeat(60)).append("\r\n");
        }
        int pad = size - h.length() - "X-Pad: \r\n".length();
        h.append("X-Pad: ").append("b".repeat(pad)).append("\r\n");
        assertThat(h.toString().getBytes(StandardCharsets.US_ASCII)).hasSize(size);
        return h.toString();
    }
}
