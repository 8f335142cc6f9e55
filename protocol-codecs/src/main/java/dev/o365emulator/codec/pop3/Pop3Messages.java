package dev.o365emulator.codec.pop3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Pure helpers over raw RFC 5322 message bytes, for what POP3 sends of a message. */
public final class Pop3Messages {

    private Pop3Messages() {
    }

    /**
     * What {@code TOP msg lines} sends of {@code raw} (RFC 1939 §7): the header, the blank line
     * after it, and the first {@code lines} lines of the body, as a view of {@code raw} (no copy).
     *
     * <p>A message without a blank line is all header and is returned whole; so is a message
     * whose body has no more than {@code lines} lines. Lines end at LF, so a bare-LF message is
     * cut where a client would see its lines end.
     */
    public static ByteBuf top(byte[] raw, int lines) {
        return Unpooled.wrappedBuffer(raw, 0, topLength(raw, lines));
    }

    /** How many leading octets of {@code raw} {@link #top(byte[], int)} covers. */
    public static int topLength(byte[] raw, int lines) {
        if (lines < 0) {
            throw new IllegalArgumentException("lines must not be negative: " + lines);
        }
        int bodyStart = bodyStart(raw);
        if (bodyStart < 0) {
            return raw.length;
        }
        int end = bodyStart;
        for (int taken = 0; taken < lines && end < raw.length; taken++) {
            int lf = indexOfLf(raw, end);
            end = lf < 0 ? raw.length : lf + 1;
        }
        return end;
    }

    /** The offset just after the blank line that ends the header, or -1 if there is none. */
    private static int bodyStart(byte[] raw) {
        int lineStart = 0;
        while (lineStart < raw.length) {
            int lf = indexOfLf(raw, lineStart);
            if (lf < 0) {
                return -1;
            }
            int contentEnd = lf > lineStart && raw[lf - 1] == '\r' ? lf - 1 : lf;
            if (contentEnd == lineStart) {
                return lf + 1;
            }
            lineStart = lf + 1;
        }
        return -1;
    }

    private static int indexOfLf(byte[] raw, int from) {
        for (int i = from; i < raw.length; i++) {
            if (raw[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
