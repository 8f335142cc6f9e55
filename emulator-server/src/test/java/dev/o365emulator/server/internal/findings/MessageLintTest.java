package dev.o365emulator.server.internal.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The message checks, limit and limit + 1 where there is one. */
class MessageLintTest {

    private static final String GOOD_HEADER = "From: Adele Vance <adele@contoso.com>\r\nDate: Mon, 1 Dec 2026 10:00:00 +0000\r\n"
            + "Message-ID: <1@contoso.com>\r\nSubject: hi\r\n\r\n";

    private static java.util.List<String> ids(String message, boolean declared8Bit) {
        return MessageLint.judge(message.getBytes(StandardCharsets.UTF_8), declared8Bit).stream()
                .map(FindingKind::id).toList();
    }

    @Test
    void aWellFormedMessageHasNone() {
        assertThat(ids(GOOD_HEADER + "Hello.\r\n", false)).isEmpty();
    }

    @Test
    void aLineOf998OctetsIsFineAnd999IsTooLong() {
        assertThat(ids(GOOD_HEADER + "x".repeat(998) + "\r\n", false)).isEmpty();
        assertThat(ids(GOOD_HEADER + "x".repeat(999) + "\r\n", false)).containsExactly("line-too-long");
        assertThat(ids(GOOD_HEADER + "x".repeat(999), false)).as("last line without CRLF").containsExactly("line-too-long");
    }

    @Test
    void eightBitNeedsTheDeclaration() {
        assertThat(ids(GOOD_HEADER + "caf\u00e9\r\n", false)).containsExactly("8bit-without-8bitmime");
        assertThat(ids(GOOD_HEADER + "caf\u00e9\r\n", true)).isEmpty();
    }

    @Test
    void headerFieldsAreFoundFoldedAndInAnyCase() {
        assertThat(ids("from: a <a@contoso.com>\r\nDATE:\r\n Mon, 1 Dec 2026 10:00:00 +0000\r\nmessage-id: <x@y>\r\n\r\nb\r\n",
                false)).isEmpty();
        assertThat(ids("Subject: x\r\n\r\nMessage-ID: <in the body@x>\r\n", false))
                .containsExactly("missing-message-id", "missing-date");
    }

    @Test
    void anAddressInTheDisplayNameIsFoundButNotAPlainName() {
        assertThat(MessageLint.addressInDisplayName("\"alerts@x.com\" <noreply@contoso.com>")).isTrue();
        assertThat(MessageLint.addressInDisplayName("alerts@x.com <noreply@contoso.com>")).isTrue();
        assertThat(MessageLint.addressInDisplayName("\"Alerts (x.com)\" <noreply@contoso.com>")).isFalse();
        assertThat(MessageLint.addressInDisplayName("noreply@contoso.com")).isFalse();
    }

    @Test
    void aBareLfAnywhereIsFound() {
        assertThat(ids(GOOD_HEADER + "one\ntwo\r\n", false)).containsExactly("bare-lf");
    }
}
