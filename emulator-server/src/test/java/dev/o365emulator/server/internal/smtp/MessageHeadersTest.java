package dev.o365emulator.server.internal.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageHeadersTest {

    @Test
    void readsFoldedFromAndTheFieldsTheSessionNeeds() {
        MessageHeaders h = read("Subject: hello\r\nFrom: \"Adele, V\" <Adele@Contoso.com>,\r\n\tinfo@contoso.com\r\n"
                + "Sender: adele@contoso.com\r\nMessage-ID: <1@x>\r\n\r\nFrom: body@example.org\r\n");
        assertThat(h.from()).containsExactly("adele@contoso.com", "info@contoso.com");
        assertThat(h.hasSender()).isTrue();
        assertThat(h.messageId()).isEqualTo("<1@x>");
        assertThat(h.subject()).isEqualTo("hello");
    }

    @Test
    void aMessageWithoutBlankLineOrFromHasNoSenders() {
        MessageHeaders h = read("Subject: only a header");
        assertThat(h.from()).isEmpty();
        assertThat(h.messageId()).isNull();
        assertThat(h.subject()).isEqualTo("only a header");
    }

    @Test
    void headerEndIsAfterTheEmptyLine() {
        String header = "From: a@b.example\r\n\r\n";
        assertThat(read(header + "body").headerEnd()).isEqualTo(header.length());
    }

    @Test
    void unparseableFromGivesNoAddresses() {
        assertThat(read("From: <<<\r\n\r\n").from()).isEmpty();
    }

    private static MessageHeaders read(String message) {
        return MessageHeaders.read(message.getBytes(StandardCharsets.UTF_8));
    }
}
