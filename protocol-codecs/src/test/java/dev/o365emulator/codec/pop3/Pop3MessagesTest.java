package dev.o365emulator.codec.pop3;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

class Pop3MessagesTest {

    private static final byte[] MESSAGE =
            "From: a@contoso.com\r\nSubject: hi\r\n\r\nline 1\r\nline 2\r\nline 3\r\n".getBytes(US_ASCII);

    @Test
    void topZeroSendsHeaderAndBlankLine() {
        assertThat(top(MESSAGE, 0)).isEqualTo("From: a@contoso.com\r\nSubject: hi\r\n\r\n");
    }

    @Test
    void topSendsTheFirstBodyLines() {
        assertThat(top(MESSAGE, 2)).isEqualTo("From: a@contoso.com\r\nSubject: hi\r\n\r\nline 1\r\nline 2\r\n");
    }

    @Test
    void topBeyondTheBodySendsTheWholeMessage() {
        assertThat(Pop3Messages.topLength(MESSAGE, 3)).isEqualTo(MESSAGE.length);
        assertThat(Pop3Messages.topLength(MESSAGE, Integer.MAX_VALUE)).isEqualTo(MESSAGE.length);
    }

    @Test
    void topOfMessageWithoutBlankLineIsTheWholeMessage() {
        byte[] headerOnly = "Subject: only\r\nX: y\r\n".getBytes(US_ASCII);

        assertThat(Pop3Messages.topLength(headerOnly, 0)).isEqualTo(headerOnly.length);
    }

    @Test
    void topCountsLastBodyLineWithoutLineEnd() {
        byte[] raw = "S: x\r\n\r\nonly line".getBytes(US_ASCII);

        assertThat(top(raw, 1)).isEqualTo("S: x\r\n\r\nonly line");
    }

    @Test
    void topHandlesBareLfMessages() {
        byte[] raw = "S: x\n\nbody 1\nbody 2\n".getBytes(US_ASCII);

        assertThat(top(raw, 1)).isEqualTo("S: x\n\nbody 1\n");
    }

    @Test
    void topSharesTheArray() {
        ByteBuf top = Pop3Messages.top(MESSAGE, 1);

        assertThat(top.array()).isSameAs(MESSAGE);
        top.release();
    }

    private static String top(byte[] raw, int lines) {
        ByteBuf buf = Pop3Messages.top(raw, lines);
        try {
            return buf.toString(US_ASCII);
        } finally {
            buf.release();
        }
    }
}
